"""What every section parser shares: the line patterns, the heading and title vocabularies, telling a
heading line from content, and cleaning."""

import re
from functools import lru_cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"(?<![\w])(\+?\d[\d\s().-]{8,18}\d)(?![\w])")
URL_RE = re.compile(r"(?:https?://|www\.)[^\s|,;]+|(?:linkedin\.com|github\.com)/[^\s|,;]+", re.IGNORECASE)
# Bullets as they arrive from real CVs, including mis-decoded ones ("‚?¢", "�?�", "â€¢").
BULLET_RE = re.compile(r"^\s*(?:[•●▪■◦○➢➤►✓✔\-–*·]|‚\?¢|�\?�|â€¢|\uf0b7|\uf0a7|\d{1,2}[.)])\s*")
EXPERIENCE_YEARS_RE = re.compile(r"\s*-?\s*Ex\w*rience\s*-\s*(Less than 1 year|\d+)\s*(?:months?)?\s*$", re.IGNORECASE)
# "Delhi, India", "Mumbai, IN", "Austin, Texas": a place written as it heads a CV.
LOCATION_RE = re.compile(r"^([A-Z][A-Za-z.'-]+(?: [A-Z][a-z.'-]+)?,\s*[A-Z][A-Za-z.'-]+)(?=\s|$)")
HEADER_SPLIT_RE = re.compile(r"\s+[—–|]\s+|\s+-\s+|\s+at\s+|\s*\|\s*|\s+@\s+|\s{3,}")
DATASET_COMPANY_RE = re.compile(r"^\s*company\s*-", re.IGNORECASE)


@lru_cache(maxsize=1)
def vocabularies():
    headings = yaml.safe_load((HERE / "headings.yaml").read_text(encoding="utf-8"))
    words = yaml.safe_load((HERE / "titles.yaml").read_text(encoding="utf-8"))
    heading_of = {phrase.lower(): section for section, phrases in headings["phrases"].items() for phrase in phrases}
    return heading_of, {key: {w.lower() for w in values} for key, values in words.items()}


@lru_cache(maxsize=1)
def heading_words():
    """(head word → section, qualifier words) for headings recognised by their words."""
    headings = yaml.safe_load((HERE / "headings.yaml").read_text(encoding="utf-8"))
    head_of = {word.lower(): section for section, words in headings["head_words"].items() for word in words}
    return head_of, frozenset(word.lower() for word in headings["qualifiers"])


def _words(text):
    return re.findall(r"[a-z0-9'.+#-]+", text.lower())


def has_word(text, kind):
    words = vocabularies()[1][kind]
    lowered = text.lower()
    tokens = set(_words(text)) | {token.strip(".") for token in _words(text)}
    if tokens & words:
        return True
    # Glued words from PDF text ("MobileAppDeveloperIntern") still name a title.
    return kind == "title_words" and any(len(word) > 5 and word in lowered for word in words)


LETTER_SPACED_RE = re.compile(r"^(?:[A-Za-z&] ){2,}[A-Za-z&](?:\s{2,}(?:[A-Za-z&] )*[A-Za-z&])*$")


def unspace_letters(line):
    """ "S K I L L S" → "SKILLS", "W O R K  E X P E R I E N C E" → "WORK EXPERIENCE"; other lines unchanged."""
    stripped = line.strip()
    if not LETTER_SPACED_RE.match(stripped):
        return line
    return " ".join(word.replace(" ", "") for word in re.split(r"\s{2,}", stripped))


def _bare_heading(text):
    text = unspace_letters(text.strip().lstrip("#*•").strip())
    return re.sub(r"[\s:.\-–—_*]+$", "", text).strip(" *")


def _section_by_words(bare):
    head_of, qualifiers = heading_words()
    words = re.findall(r"[a-z&/|]+", bare.lower())
    if not words or len(words) > 6 or re.search(r"[^\w\s&/|,'-]", bare):
        return None
    if any(word not in head_of and word not in qualifiers for word in words):
        return None
    strong = [head_of[word] for word in words if word in head_of and word not in qualifiers]
    weak = [head_of[word] for word in words if word in head_of]
    found = strong or weak
    # Two sections' words make a heading only when joined ("Skills & Certifications"); otherwise
    # ("Educational Technologies:") the line is a label inside some section.
    if len(set(found)) > 1 and not {"and", "&", "/", "|"} & set(words):
        return None
    return found[0] if found else None


def heading_section(line):
    """(section, inline rest) when the line is a section heading, else None.

    A heading is a whole short line (by the phrases of headings.yaml, or by its words), or a
    label before a colon with content after it ("Skills: Python, SQL"), which callers read as
    content of that section for this one line.
    """
    heading_of = vocabularies()[0]
    bare = _bare_heading(line)
    lowered = bare.lower()
    if bare and len(bare) <= 45 and not re.search(r"\d", bare):
        if lowered in heading_of:
            return heading_of[lowered], ""
        if section := _section_by_words(bare):
            return section, ""
    head, sep, rest = line.strip().lstrip("#*•").partition(":")
    head = _bare_heading(head).lower()
    if sep and rest.strip() and len(head) <= 40 and not re.search(r"\d", head):
        section = heading_of.get(head) or _section_by_words(head)
        if section:
            return section, rest.strip()
    return None


def clean(line):
    return re.sub(r"\s+", " ", line).strip(" \t|,;")
