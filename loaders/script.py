"""Which script a piece of text is written in: English, Traditional or Simplified Chinese.

Titles and recommendation labels are tagged with the language they are written in; the
Traditional/Simplified split counts characters that exist in only one of the two scripts.
"""

import re

CJK = re.compile(r"[\u3400-\u9fff]")
TRADITIONAL = frozenset(
    "與這會國區體灣銜們來時個說對學發經種過開關還從當長問門見頭議業實現點間機產動團結際經濟華號"
    "數據創證務監處員補資計劃劃協聯術預產將讓"
)
SIMPLIFIED = frozenset(
    "与这会国区体湾衔们来时个说对学发经种过开关还从当长问门见头议业实现点间机产动团结际经济华号"
    "数据创证务监处员补资计划划协联术预产将让"
)


def cjk_share(text: str) -> float:
    """The share of the letters that are Chinese characters (0.0 when there are none).

    Counted with ``re`` and ``map`` rather than a Python loop per character: it runs over
    whole pages, and most hold no Chinese character at all.
    """
    chinese = CJK.findall(text)
    if not chinese:
        return 0.0
    letters = sum(map(str.isalpha, text))
    return sum(map(str.isalpha, chinese)) / letters if letters else 0.0


def chinese_variant(text: str) -> str:
    """zh-Hant or zh-Hans; Traditional when nothing tells (Hong Kong and Macao write it)."""
    traditional = sum(1 for c in text if c in TRADITIONAL and c not in SIMPLIFIED)
    simplified = sum(1 for c in text if c in SIMPLIFIED and c not in TRADITIONAL)
    return "zh-Hans" if simplified > traditional else "zh-Hant"


def language_of(text: str) -> str:
    """'en', or the Chinese variant when most of the letters are Chinese characters."""
    return chinese_variant(text) if cjk_share(text) > 0.5 else "en"
