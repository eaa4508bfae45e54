"""Dates in the forms report pages use: 07/26/2021, Dec 22, 2022, 20 May, 2022, 2022-12-22."""

import datetime as dt
import re

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
PATTERNS = (
    re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})\b"),
    re.compile(
        rf"\b(?P<mon>{MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{{2}})\b"
    ),
    re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{MONTH}),?\s+(?P<y>(?:19|20)\d{{2}})\b"
    ),
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
)
DATE_LINE = re.compile(
    rf"^\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?:\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}|\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)"
    r"(?:\s*[-–,|]?\s*\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?)?\s*$"
)


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first date in ``text`` with its offsets; a/b/yyyy is month/day unless a > 12."""
    found: list[tuple[int, int, dt.date]] = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            year = int(groups["y"])
            if groups.get("mon"):
                month = MONTHS[groups["mon"][:3].lower()]
                day = int(groups["d"])
            elif groups.get("a"):
                a, b = int(groups["a"]), int(groups["b"])
                month, day = (b, a) if a > 12 else (a, b)
            else:
                month, day = int(groups["m"]), int(groups["d"])
            date = _make(year, month, day)
            if date:
                found.append((match.start(), match.end(), date))
    if not found:
        return None
    start, end, date = min(found)
    return date, start, end


LABEL = re.compile(
    r"^\s*(?:ends\s*/\s*)?(?:(?:published|updated|posted|date|released|issued)\s*(?:on|at)?\s*:?\s*)?"
    r"(?:\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*,?\s*)?",
    re.IGNORECASE,
)


def is_date_line(line: str) -> bool:
    """A line that is only a date, perhaps labelled ('Published: 9:30am, 3 Nov, 2022')."""
    label = LABEL.match(line)
    rest = line[label.end() :] if label else line
    return len(line) < 80 and bool(DATE_LINE.match(rest))
