"""Dates and date ranges as resumes write them ("Jan 2020 – Present", "2019-03", "03/2019 - 06/2021").

Dates come back as ISO partial dates: "2020-01" when a month is given, "2020" for a year alone.
"""

import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH_NAME = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"(?:19\d\d|20[0-4]\d)"
_SHORT_YEAR = r"'\d{2}"
# One date: "Jan 2020", "January, 2020", "Jan '20", "2019-03", "03/2019", "3.2019", "2019".
DATE = (
    rf"(?:{_MONTH_NAME},?\s*(?:{_YEAR}|{_SHORT_YEAR})"
    rf"|{_YEAR}[-/.](?:0?[1-9]|1[0-2])(?![\d])"
    rf"|(?:0?[1-9]|1[0-2])[-/.]{_YEAR}"
    rf"|{_YEAR})"
)
PRESENT = r"(?:present|current(?:ly)?|now|today|ongoing|till\s+date|to\s+date|date)"
_SEPARATOR = r"\s*(?:-|–|—|to|till|until|through|->|→|~)\s*"
RANGE_RE = re.compile(rf"(?<![\w/])({DATE}){_SEPARATOR}({DATE}|{PRESENT})(?![\w/])", re.IGNORECASE)
DATE_RE = re.compile(rf"(?<![\w/])({DATE})(?![\w/])", re.IGNORECASE)
_PRESENT_RE = re.compile(rf"^{PRESENT}$", re.IGNORECASE)


@dataclass(frozen=True)
class DateRange:
    start: str
    end: str
    current: bool
    span: tuple  # (start, end) character offsets in the line


def parse_date(text):
    """One written date as "YYYY-MM" or "YYYY"; "" when it is not a date."""
    text = text.strip().rstrip(".,")
    if not text:
        return ""
    match = re.fullmatch(rf"({_MONTH_NAME}),?\s*({_YEAR}|{_SHORT_YEAR})", text, re.IGNORECASE)
    if match:
        month = MONTHS[match.group(1).lower().rstrip(".")]
        year = match.group(2)
        year = int(year) if not year.startswith("'") else 2000 + int(year[1:]) if int(year[1:]) < 50 else 1900 + int(year[1:])
        return f"{year:04d}-{month:02d}"
    match = re.fullmatch(rf"({_YEAR})[-/.](0?[1-9]|1[0-2])", text)
    if match:
        return f"{match.group(1)}-{int(match.group(2)):02d}"
    match = re.fullmatch(rf"(0?[1-9]|1[0-2])[-/.]({_YEAR})", text)
    if match:
        return f"{match.group(2)}-{int(match.group(1)):02d}"
    match = re.fullmatch(_YEAR, text)
    return match.group(0) if match else ""


def find_date_range(line):
    """The first date range in a line, or a lone date (taken as the end), or None."""
    match = RANGE_RE.search(line)
    if match:
        end_text = match.group(2)
        current = bool(_PRESENT_RE.match(end_text.strip()))
        return DateRange(parse_date(match.group(1)), "" if current else parse_date(end_text), current, match.span())
    return None


def find_single_date(line):
    match = DATE_RE.search(line)
    return (parse_date(match.group(1)), match.span()) if match else None
