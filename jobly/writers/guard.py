"""The provenance guard: a rewrite may say less than its source, never more.

`check_rewrite(candidate, sources=...)` accepts a candidate text only when every employer, title,
date, degree, number and skill it contains is already in its source items (or in `allowed`, the
posting's company and role that a letter may name). It runs on every writer's output, embedded or
model, and returns the reasons for a rejection so the caller can keep the original and say why.

It is deliberately strict: a false rejection keeps a true original line; a false acceptance
would put an untrue claim in front of an employer.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jobly.skills import extract_skills, normalize_skill

KINDS = ("employer", "title", "date", "degree", "number", "skill", "name")

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_RE = re.compile(
    r"\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\.?,?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?('\d{2}|\d{4})\b",
    re.IGNORECASE,
)
_DIGITS_RE = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d])"
    r"(?:\s*(k|mm|m|bn|b|thousand|million|billion|hundred)\b)?",
    re.IGNORECASE,
)
_SCALE = {"k": 1000, "thousand": 1000, "hundred": 100, "m": 10**6, "mm": 10**6, "million": 10**6,
          "b": 10**9, "bn": 10**9, "billion": 10**9}
_UNITS = {"zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "dozen": 12, "dozens": 12}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_MAGNITUDES = {"hundred": 100, "hundreds": 100, "thousand": 1000, "thousands": 1000, "million": 10**6,
               "millions": 10**6, "billion": 10**9, "billions": 10**9}
_MULTIPLES = {"twice": 2, "double": 2, "doubled": 2, "doubling": 2, "triple": 3, "tripled": 3, "tripling": 3,
              "quadruple": 4, "quadrupled": 4, "tenfold": 10, "halved": Decimal("0.5")}

# Words that name a position or a rank: a rewrite may not promote anyone.
_TITLE_RE = re.compile(
    r"\b(intern|junior|senior|staff|principal|distinguished|chief|head|director|manager|vp|vice[\s-]president"
    r"|president|cto|ceo|cfo|coo|cio|ciso|founder|co-?founder|architect|fellow|partner|supervisor"
    r"|(?:tech|team|technical|engineering)\s+lead|lead\s+(?:engineer|developer|designer|architect|analyst|scientist))s?\b",
    re.IGNORECASE,
)
_DEGREE_WORDS = [
    ("doctorate", r"\b(?:ph\.?\s?d\.?|doctorate|doctoral|dphil)(?!\w)"),
    ("master", r"\b(?:master'?s?|m\.?sc\.?|m\.?eng\.?)(?!\w)"),
    ("mba", r"\bmba\b"),
    ("bachelor", r"\b(?:bachelor'?s?|b\.?sc\.?|b\.?eng\.?|b\.?tech\.?)(?!\w)"),
    ("associate", r"\bassociate'?s?\s+degree\b"),
    ("diploma", r"\bdiplomas?\b"),
    ("degree", r"\bdegrees?\b"),
]
_DEGREE_RES = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _DEGREE_WORDS]
_DEGREE_ABBREVIATIONS = re.compile(r"\b(?:B\.?S\.?|B\.?A\.?|M\.?S\.?|M\.?A\.?)(?=[\s,;)]|$)")
_DEGREE_ABBREVIATION_CLASS = {"B": "bachelor", "M": "master"}

_WORD_RE = re.compile(r"[^\W\d_][\w'’&.+#-]*")
_SENTENCE_END = ".!?:;\"“”(•"
_EMPLOYER_LEADS = {"at", "for", "with", "joined", "from", "by", "joining"}
_CORPORATE_SUFFIXES = {"inc", "llc", "ltd", "gmbh", "corp", "corporation", "company", "co", "plc", "sa", "ag",
                       "labs", "technologies", "group", "holdings"}
_ALWAYS_KNOWN = {"i", "i'm", "i've", "i'd", "i'll"}


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    value: str
    message: str

    def to_dict(self):
        return {"kind": self.kind, "value": self.value, "message": self.message}


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    findings: tuple = ()

    @property
    def reasons(self):
        return [finding.message for finding in self.findings]

    def to_dict(self):
        return {"accepted": self.accepted, "findings": [f.to_dict() for f in self.findings]}


def _strip_token(token):
    token = token.rstrip(".,;:!?-")
    for suffix in ("'s", "’s", "'", "’"):
        if token.endswith(suffix):
            token = token[: -len(suffix)]
    return token


def _word_set(texts):
    return {_strip_token(match.group(0)).casefold() for text in texts for match in _WORD_RE.finditer(text)}


def numbers_in(text):
    """The numeric values a text states: "40%", "$2M", "1,200", "six", "twenty-five", "doubled" …

    Returns {value: how it was written}; values compare across spellings ("2M" == "2 million").
    """
    found = {}
    masked = []
    last = 0
    for match in _DIGITS_RE.finditer(text):
        whole, fraction, scale = match.group(1), match.group(2), match.group(3)
        try:
            value = Decimal(whole.replace(",", "") + (f".{fraction}" if fraction else ""))
        except InvalidOperation:
            continue
        if scale:
            value *= _SCALE[scale.lower()]
        found.setdefault(value.normalize(), match.group(0).strip())
        masked.append(text[last:match.start()])
        masked.append(" § ")
        last = match.end()
    masked.append(text[last:])
    words = re.findall(r"[a-z]+|§", "".join(masked).lower().replace("-", " "))
    total = current = None
    run = []

    def flush():
        if total is not None or current is not None:
            value = Decimal((total or 0) + (current or 0))
            found.setdefault(value.normalize(), " ".join(run))

    for word in [*words, "§"]:
        if word in _UNITS or word in _TENS:
            current = (current or 0) + (_UNITS.get(word) or _TENS.get(word, 0))
            run.append(word)
        elif word in _MAGNITUDES:
            scale = _MAGNITUDES[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total = (total or 0) + (current or 1) * scale
                current = None
            run.append(word)
        else:
            flush()
            total = current = None
            run = []
            if word in _MULTIPLES:
                found.setdefault(Decimal(_MULTIPLES[word]).normalize(), word)
    return found


def _month_index(name):
    return next(i for i, month in enumerate(_MONTHS) if month.startswith(name.lower()[:3]))


def months_in(text):
    """Month-and-year dates a text names: {("2021", 3): "March 2021"}."""
    found = {}
    for match in _MONTH_RE.finditer(text):
        year = match.group(2)
        year = (f"20{year[1:]}" if int(year[1:]) < 50 else f"19{year[1:]}") if year.startswith("'") else year
        found[(year, _month_index(match.group(1)) + 1)] = match.group(0)
    return found


def _months_of_dates(dates):
    found = set()
    for date in dates:
        match = re.match(r"\s*(\d{4})-(\d{1,2})", date or "")
        if match:
            found.add((match.group(1), int(match.group(2))))
    return found


def _years_of_dates(dates):
    return {Decimal(match.group(0)) for date in dates for match in [re.match(r"\d{4}", (date or "").strip())] if match}


def degrees_in(text):
    classes = {name for name, pattern in _DEGREE_RES if pattern.search(text)}
    for match in _DEGREE_ABBREVIATIONS.finditer(text):
        classes.add(_DEGREE_ABBREVIATION_CLASS[match.group(0)[0]])
    if classes - {"degree"}:
        classes.add("degree")  # "BSc" already implies "degree"
    return classes


def titles_in(text):
    return {re.sub(r"[\s-]+", " ", match.group(1).lower()) for match in _TITLE_RE.finditer(text)}


def _proper_noun_phrases(text):
    """Runs of capitalised words, without a sentence's first word: [(phrase tokens, word before, word after)]."""
    phrases, run = [], []
    tokens = list(_WORD_RE.finditer(text))
    for index, match in enumerate(tokens):
        token = _strip_token(match.group(0))
        before = text[: match.start()].rstrip()
        sentence_start = not before or before[-1] in _SENTENCE_END
        adjacent = run and text[tokens[index - 1].end(): match.start()].strip() in ("", "&")
        capitalised = bool(token) and token[0].isupper()
        if capitalised and not sentence_start and (adjacent or not run):
            run.append((index, token))
            continue
        if run:
            phrases.append(run)
        run = [(index, token)] if capitalised and not sentence_start else []
    if run:
        phrases.append(run)
    words = [_strip_token(m.group(0)).casefold() for m in tokens]
    result = []
    for phrase in phrases:
        first, last = phrase[0][0], phrase[-1][0]
        result.append(([token for _, token in phrase], words[first - 1] if first else "",
                       words[last + 1] if last + 1 < len(words) else ""))
    return result


def _known_token(token, known_words):
    folded = token.casefold()
    return (folded in known_words or folded in _ALWAYS_KNOWN or normalize_skill(token) is not None
            or bool(_TITLE_RE.fullmatch(token)) or bool(degrees_in(token))
            or any(folded.startswith(month[:3]) and month.startswith(folded.rstrip(".")) for month in _MONTHS))


def check_rewrite(candidate, *, sources, allowed=(), known_employers=()):
    """Accept `candidate` only if it adds no employer, title, date, degree, number or skill.

    sources: the SourceItem(s) it was written from. allowed: extra strings it may name without
    them being claims (a letter's company and role). known_employers: names the caller knows are
    employers (the candidate's other employers, the posting's company) that must not be borrowed.
    """
    if not isinstance(sources, (list, tuple)):
        sources = [sources]
    texts = [part for source in sources for part in source.context()] + [a for a in allowed if a]
    dates = [date for source in sources for date in source.dates()]
    source_blob = "\n".join(texts)
    findings = []

    # A role's dates allow its years (months are checked as dates below), not "02" as a number.
    source_numbers = set(numbers_in(source_blob)) | _years_of_dates(dates)
    for value, written in numbers_in(candidate).items():
        if value not in source_numbers:
            is_year = value == value.to_integral_value() and 1950 <= value <= 2050
            kind = "date" if is_year else "number"
            findings.append(Finding(kind, written, f"adds the {'year' if is_year else 'number'} {written!r}, which its source does not state"))

    source_months = set(months_in(source_blob)) | _months_of_dates(dates)
    for key, written in months_in(candidate).items():
        if key not in source_months:
            findings.append(Finding("date", written, f"adds the date {written!r}, which its source does not state"))

    source_skills = set(extract_skills(source_blob))
    for source in sources:
        if source.kind == "skill":
            source_skills.add(normalize_skill(source.text) or source.text)
    for skill in extract_skills(candidate):
        if skill not in source_skills:
            findings.append(Finding("skill", skill, f"adds the skill {skill!r}, which its source does not mention"))

    new_degrees = degrees_in(candidate) - degrees_in(source_blob)
    if new_degrees - {"degree"}:
        new_degrees.discard("degree")  # name the specific qualification, not also "a degree"
    for degree in sorted(new_degrees):
        findings.append(Finding("degree", degree, f"adds a {degree} qualification its source does not state"))

    for title in sorted(titles_in(candidate) - titles_in(source_blob)):
        findings.append(Finding("title", title, f"adds the title word {title!r}, which its source does not use"))

    blob_folded = source_blob.casefold()
    reported = set()
    for employer in known_employers:
        pattern = re.compile(rf"(?<!\w){re.escape(employer)}(?!\w)", re.IGNORECASE)
        if employer and pattern.search(candidate) and employer.casefold() not in blob_folded:
            findings.append(Finding("employer", employer, f"names {employer!r}, an employer its source does not mention"))
            reported.add(employer.casefold())

    known_words = _word_set(texts)
    for tokens, before, after in _proper_noun_phrases(candidate):
        phrase = " ".join(tokens)
        if phrase.casefold() in reported or normalize_skill(phrase):
            continue
        unknown = [token for token in tokens if not _known_token(token, known_words)]
        if not unknown:
            continue
        as_employer = before in _EMPLOYER_LEADS or after in _CORPORATE_SUFFIXES
        kind = "employer" if as_employer else "name"
        what = "an employer" if as_employer else "a name"
        findings.append(Finding(kind, phrase, f"names {phrase!r}, {what} its source does not mention"))
    return Verdict(accepted=not findings, findings=tuple(findings))


__all__ = ["Finding", "KINDS", "Verdict", "check_rewrite", "degrees_in", "months_in", "numbers_in", "titles_in"]
