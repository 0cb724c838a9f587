"""What every section parser shares: the line patterns, the heading and title vocabularies, cleaning,
and cutting the text into sections under their headings."""

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
    heading_of = {phrase.lower(): section for section, phrases in headings.items() for phrase in phrases}
    return heading_of, {key: {w.lower() for w in values} for key, values in words.items()}


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


def heading_section(line):
    """(section, inline rest) when the line is a section heading, else None."""
    heading_of = vocabularies()[0]
    cleaned = line.strip().lstrip("#").strip()
    bare = re.sub(r"[\s:.\-–—_*]+$", "", cleaned).strip().lower()
    if bare in heading_of and len(bare) <= 40:
        return heading_of[bare], ""
    head, sep, rest = cleaned.partition(":")
    if sep and head.strip().lower() in heading_of and rest.strip():
        return heading_of[head.strip().lower()], rest.strip()
    return None


def normalise_text(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("&amp;", "&")
    text = text.replace("\f", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", " ", text)
    # resumes.csv glues headings to the previous line ("... 24 monthsCompany Details").
    text = re.sub(r"(?<=\S)(Company Details|Education Details|Skill Details)", r"\n\1", text)
    text = re.sub(r"(?<=[a-z])(Education Details)", r"\n\1", text)
    # ... and starts a line with its skills heading followed by inline bullets.
    text = re.sub(r"(?im)^((?:technical |key )?skills)\s+(?=\*|•|�\?�|‚\?¢)", r"\1\n", text)
    text = re.sub(r"[ \t]+\*[ \t]+(?=\S)", "\n* ", text)
    return text


def split_sections(lines):
    sections = [["header", "", []]]
    for line in lines:
        found = heading_section(line)
        current = sections[-1]
        # In resumes.csv's "company - / description -" layout, sub-headings such as "Project
        # Summary:" belong to the job description, not to a new section.
        if found and current[0] == "experience" and found[0] in ("projects", "summary", "other", "awards") and any(
            DATASET_COMPANY_RE.match(previous) for previous in current[2]
        ):
            found = None
        if found:
            section, rest = found
            sections.append([section, line.strip(), [rest] if rest else []])
        else:
            sections[-1][2].append(line)
    return sections


def clean(line):
    return re.sub(r"\s+", " ", line).strip(" \t|,;")
