"""Find a salary range in posting text: "$120k–$150k", "€60.000 - €75.000 a year", "£45,000 per annum", "$40/hr".

Only amounts that look like pay are taken: a currency on one side, or a pay word close before,
and no "M"/"B" suffix (funding rounds such as "$25M" are not salaries).
"""

import re
from dataclasses import dataclass

from matching.ingest.vocabulary import VOCABULARY

_SYMBOLS = sorted(VOCABULARY["currency_symbols"], key=len, reverse=True)
_CODES = VOCABULARY["currency_codes"]
_CURRENCY = "|".join([re.escape(s) for s in _SYMBOLS] + _CODES)
_NUMBER = r"\d{1,3}(?:[.,\u202f\u00a0 ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNT = (
    rf"(?P<{{p}}cur1>{_CURRENCY})?\s?(?P<{{p}}cur1b>{_CURRENCY})?\s*(?P<{{p}}num>{_NUMBER})\s?(?P<{{p}}k>[kK])?"
    rf"(?![\d.,]*\s?(?:[mMbB](?:n|illion)?(?:\b|(?=[A-Z]{{3}}))|%))\s?(?P<{{p}}cur2>{_CURRENCY})?"
)
_RANGE_RE = re.compile(
    _AMOUNT.replace("{p}", "a_") + r"(?:\s*(?:-|–|—|to|and)\s*" + _AMOUNT.replace("{p}", "b_") + r")?",
    re.IGNORECASE,
)
_CANDIDATE_RE = re.compile(rf"(?<![\w.,])(?:{_CURRENCY}|\d)", re.IGNORECASE)
_PERIODS = sorted(
    ((phrase, period) for period, phrases in VOCABULARY["salary_periods"].items() for phrase in phrases),
    key=lambda item: len(item[0]),
    reverse=True,
)
_KEYWORDS = VOCABULARY["salary_keywords"]
# Without a currency or a pay word anywhere there is no salary to find (most postings). One pattern
# per word, each tried only when its letters occur in the lower-cased text (a substring test is far
# cheaper than one case-insensitive alternation of them all over every position of the text).
_PAY_WORDS = ([(s, re.escape(s)) for s in _SYMBOLS] + [(c, rf"\b{c}\b") for c in _CODES]
              + [(k, rf"\b{re.escape(k)}\b" if k.isascii() and k.isalpha() else re.escape(k)) for k in _KEYWORDS])
_ANY_PAY = re.compile("|".join(pattern for _, pattern in _PAY_WORDS), re.IGNORECASE)
_PAY_WORD_PATTERNS = [(word.lower(), re.compile(pattern, re.IGNORECASE)) for word, pattern in _PAY_WORDS]
# A number followed by one of these counts something else: "30 to 90 days", "5-7 years", "200 employees".
_NOT_MONEY_AFTER = re.compile(
    r"\s*(?:\+\s*)?(?:days?|weeks?|months?|years?|yrs?|hours?\b(?!ly)|hrs?\b|people|persons?|employees|members|engineers|"
    r"users|customers|clients|countries|offices|locations|cities|languages|%|percent|x\b)", re.I)
# Money that is not pay: an allowance, a stipend, a budget or a bonus near the amount.
_NOT_PAY_NEAR = re.compile(r"allowance|stipend|budget|reimburse|voucher|credit|bonus|revenue|funding|raised|grant|"
                           r"coworking|equipment|learning|per diem", re.I)
# A clock range ("9-5", "9 to 5") is working hours, never pay.
_CLOCK_RANGE = re.compile(r"^(?:[1-9]|1[0-2])\s*(?:-|–|to)\s*(?:[1-9]|1[0-2])$")
# Plausible bounds per period, so "$315 per blog post" or "401(k)" never become a salary.
_BOUNDS = {"year": (5_000, 2_000_000), "month": (300, 200_000), "week": (100, 50_000), "day": (30, 10_000), "hour": (5, 2_000)}


@dataclass(frozen=True)
class Salary:
    minimum: int
    maximum: int
    currency: str
    period: str


def _to_number(text, thousands):
    text = text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,])\d{3}(\1\d{3})*", text):
        value = float(re.sub(r"[.,]", "", text))  # "60.000" and "45,000": thousands separators
    elif re.fullmatch(r"\d{1,3}(,\d{3})+\.\d{1,2}", text):
        value = float(text.replace(",", ""))
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+,\d{1,2}", text):
        value = float(text.replace(".", "").replace(",", "."))
    else:
        value = float(text.replace(",", "."))
    return value * (1000 if thousands else 1)


def _currency(*tokens):
    for token in tokens:
        if not token:
            continue
        upper = token.upper()
        if upper in _CODES:
            return "CNY" if upper == "RMB" else upper
        for symbol, code in VOCABULARY["currency_symbols"].items():
            if token.upper() == symbol.upper():
                return code
    return ""


def _period_after(text):
    window = text[:40].lower()
    for phrase, period in _PERIODS:
        index = window.find(phrase)
        if index == -1 or window[:index].strip(" *.,():-") and index > 12:
            continue
        before = window[index - 1] if index else " "
        after = window[index + len(phrase)] if index + len(phrase) < len(window) else " "
        if (phrase[0].isalpha() and before.isalpha()) or (phrase[-1].isalpha() and after.isalpha()):
            continue
        return period
    return ""


def _has_pay_word_before(text, start):
    window = text[max(0, start - 60):start].lower()
    return any(word in window for word in _KEYWORDS)


def _mentions_pay(text):
    """Whether `text` has a currency or a pay word (what `_ANY_PAY` finds)."""
    if "\u0131" in text or "\u0130" in text or "\u017f" in text:  # "ı", "İ" and "ſ" match "i" and "s" when
        return _ANY_PAY.search(text) is not None  # ignoring case, but lower() does not make them so
    lowered = text.lower()
    return any(word in lowered and pattern.search(text) for word, pattern in _PAY_WORD_PATTERNS)


def parse_salary(text):
    """Return the first plausible Salary in `text`, or None."""
    if not text or not _mentions_pay(text):
        return None
    # Try the big pattern only where an amount can start (a currency or a digit): most text is words.
    position = 0
    for candidate in _CANDIDATE_RE.finditer(text):
        if candidate.start() < position:
            continue
        match = _RANGE_RE.match(text, candidate.start())
        if not match or not match.group("a_num"):
            continue
        position = match.end()
        found = _salary_from_match(text, match)
        if found:
            return found
    return None


def _salary_from_match(text, match):
    g = match.groupdict()
    currency = _currency(g["a_cur1"], g["a_cur1b"], g["a_cur2"], g["b_cur1"], g["b_cur1b"], g["b_cur2"])
    is_range = g["b_num"] is not None
    if not currency and not _has_pay_word_before(text, match.start()):
        return None
    if not is_range and not currency:
        return None
    after = text[match.end():match.end() + 40]
    if _NOT_MONEY_AFTER.match(after):
        return None
    if _NOT_PAY_NEAR.search(text[max(0, match.start() - 30):match.end() + 40]):
        return None
    if not currency and _CLOCK_RANGE.match(match.group(0).strip()):
        return None
    both_k = bool(g["a_k"] or g["b_k"])
    low = _to_number(g["a_num"], bool(g["a_k"]) or (both_k and is_range and not g["a_k"] and _small(g["a_num"])))
    high = _to_number(g["b_num"], bool(g["b_k"])) if is_range else low
    if high < low:
        low, high = high, low
    stated_period = _period_after(text[match.end():])
    if not stated_period and re.match(r"\s*(?:per|/|a|an|each)\s+~?[\w-]+", text[match.end():match.end() + 30], re.I):
        return None  # "$315 per blog post": paid per piece of work, not a salary
    pay_word = _has_pay_word_before(text, match.start())
    if not stated_period and not pay_word and (not is_range or high < 15_000):
        return None  # "$1,000 stipend", "$315 per article": an amount, not a salary
    period = stated_period or _infer_period(high)
    lower, upper = _BOUNDS[period]
    if not (lower <= low and high <= upper):
        return None
    if is_range and high > low * 5:
        return None  # "$5 to $100,000" is two numbers, not a range
    return Salary(minimum=int(round(low)), maximum=int(round(high)), currency=currency or "USD", period=period)


def _small(number_text):
    return "," not in number_text and "." not in number_text and len(number_text) <= 3


def _infer_period(amount):
    if amount >= 15_000:
        return "year"
    if amount <= 300:
        return "hour"
    return "month"
