"""Monetary amounts (HK$ 50 billion, US$3m, RMB 10 billion, 5 billion yuan) and the funds
they size, in ISO 4217 currencies."""

import re
from decimal import Decimal

from loaders.model import Amount, Span

SYMBOLS = {
    "hk$": "HKD",
    "hkd": "HKD",
    "us$": "USD",
    "usd": "USD",
    "rmb": "CNY",
    "cny": "CNY",
    "mop$": "MOP",
    "mop": "MOP",
    "s$": "SGD",
    "eur": "EUR",
    "€": "EUR",
    "gbp": "GBP",
    "£": "GBP",
    "jpy": "JPY",
    "¥": "CNY",
    "nt$": "TWD",
}
WORDS = {
    "hong kong dollars": "HKD",
    "hk dollars": "HKD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "patacas": "MOP",
    "euros": "EUR",
    "pounds": "GBP",
    "yen": "JPY",
}
MULTIPLIERS = {
    "thousand": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "b": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
}
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
MULT = r"(?:thousand|million|billion|trillion|bn|mn|tn|[mkb])\b"
SYMBOL_FIRST = re.compile(
    rf"(?P<cur>HK\$|US\$|NT\$|MOP\$?|S\$|RMB|HKD|USD|CNY|EUR|GBP|JPY|€|£|¥|\$)\s?"
    rf"(?P<num>{NUMBER})(?:\s?(?P<mult>{MULT}))?",
    re.IGNORECASE,
)
WORD_LAST = re.compile(
    rf"(?P<num>{NUMBER})\s?(?P<mult>{MULT})?\s+(?P<cur>Hong Kong dollars|HK dollars|"
    r"U\.?S\.? dollars|yuan|renminbi|RMB|patacas|euros|pounds|yen)\b",
    re.IGNORECASE,
)


def _value(number: str, mult: str | None) -> Decimal:
    value = Decimal(number.replace(",", ""))
    if mult:
        value *= MULTIPLIERS[mult.lower()]
    return value.normalize() if value == value.to_integral() else value


def find_amounts(text: str, offset: int = 0, default_dollar: str = "HKD") -> list[Amount]:
    """Amounts in ``text``; a bare '$' is ``default_dollar`` (Hong Kong pages price in HKD)."""
    out: list[Amount] = []
    taken: list[tuple[int, int]] = []
    for pattern in (SYMBOL_FIRST, WORD_LAST):
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            cur = m.group("cur").lower()
            if pattern is SYMBOL_FIRST:
                currency = default_dollar if cur == "$" else SYMBOLS[cur]
            else:
                currency = WORDS[re.sub(r"\.", ".", cur).lower()] if cur.lower() in WORDS else "USD"
            value = _value(m.group("num"), m.group("mult"))
            if value <= 0:
                continue
            taken.append((m.start(), m.end()))
            out.append(
                Amount(
                    value=Decimal(int(value)) if value == int(value) else value,
                    currency=currency,
                    span=Span(offset + m.start(), offset + m.end()),
                )
            )
    return sorted(out, key=lambda a: a.span)


FUND_HEADS = frozenset({"fund", "funds", "endowment", "scheme", "programme", "program", "grant"})
STOP_AFTER = frozenset(
    {"and", "to", "which", "that", "with", "by", "in", "as", "so", "while", "but"}
)
TOKEN = re.compile(r"[A-Za-z][\w&-]*|[,.;:()]")


def fund_phrase_after(text: str, start: int) -> tuple[int, int] | None:
    """The lowercase fund phrase right after an amount: 'endowment fund on applied research'."""
    tokens = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text, start, start + 200)]
    head = None
    for i, (token, _s, _e) in enumerate(tokens[:5]):
        if not token[0].isalpha():
            break
        if token.lower() in FUND_HEADS:
            head = i
    if head is None:
        return None
    end = tokens[head][2]
    if head + 1 < len(tokens) and tokens[head + 1][0] in ("on", "for"):
        j = head + 2
        while (
            j < len(tokens)
            and j < head + 6
            and tokens[j][0][0].isalpha()
            and tokens[j][0] not in STOP_AFTER
        ):
            end = tokens[j][2]
            j += 1
    return tokens[0][1], end
