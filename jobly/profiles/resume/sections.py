"""Cutting resume text into sections under their headings (text.py says what a heading is).

Also repairs text that arrives without its line breaks (single-line exports) by breaking it
again at runs of spaces, headings and date ranges, before it is cut.
"""

import re

from jobly.profiles.resume.dates import RANGE_RE
from jobly.profiles.resume.text import DATASET_COMPANY_RE, has_word, heading_section, vocabularies

# A text this long with this few line breaks lost them on the way (a PDF or web export on one line).
UNBROKEN_MIN_CHARS = 600
UNBROKEN_CHARS_PER_BREAK = 250
# Inside a job, these headings start a part of the job's description, not a new section.
ENTRY_SUBHEADINGS = {"projects", "summary", "other", "awards"}
LIST_SECTIONS = ("skills", "languages", "certifications")


def normalise_text(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("&amp;", "&")
    text = text.replace("\f", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", " ", text)
    if len(text) >= UNBROKEN_MIN_CHARS and text.count("\n") * UNBROKEN_CHARS_PER_BREAK < len(text):
        text = break_unbroken_text(text)
    # resumes.csv glues headings to the previous line ("... 24 monthsCompany Details").
    text = re.sub(r"(?<=\S)(Company Details|Education Details|Skill Details)", r"\n\1", text)
    text = re.sub(r"(?<=[a-z])(Education Details)", r"\n\1", text)
    # ... and starts a line with its skills heading followed by inline bullets.
    text = re.sub(r"(?im)^((?:technical |key )?skills)\s+(?=\*|•|�\?�|‚\?¢)", r"\1\n", text)
    text = re.sub(r"[ \t]+\*[ \t]+(?=\S)", "\n* ", text)
    return text


def break_unbroken_text(text):
    """Line breaks for text that lost them: at runs of two or more spaces (how such exports keep
    their lines), before bullets, before upper-case headings of the vocabulary and around date
    ranges; a piece ending in " -" ("Acme -  Austin, TX -  2019 to 2021") joins the next."""
    text = re.sub(r"[ \t]{2,}", "\n", text)
    text = re.sub(r"\s*(?=[•●▪➢►])", "\n", text)
    heading_of = vocabularies()[0]
    upper = sorted((phrase.upper() for phrase in heading_of if len(phrase) >= 5), key=len, reverse=True)
    # Not after an upper-case letter: "WORK EXPERIENCE" stays one heading.
    text = re.sub(r"(?<=[^\sA-Z])\s+(?=(?:" + "|".join(re.escape(h) for h in upper) + r")\b(?![a-z]))", "\n", text)
    lines = []
    for piece in text.split("\n"):
        piece = piece.strip()
        if lines and (lines[-1].endswith(" -") or piece in ("-", "–")):
            lines[-1] = f"{lines[-1]} {piece}"
        else:
            lines.append(piece)
    return "\n".join(lines)


def _dated_entry_section(lines):
    return "education" if any(has_word(line, "degree_words") or has_word(line, "institution_words") for line in lines) else "experience"


def _looks_like_entry_header(line):
    kinds = ("title_words", "organisation_words", "degree_words", "institution_words")
    return len(line) <= 90 and not line.rstrip().endswith((",", ".", ";")) and any(has_word(line, kind) for kind in kinds)


def _entry_header_lines(body):
    """How many of the last (at most two) lines of a list section are an entry's header."""
    taken = 0
    for line in reversed(body[-2:]):
        if not _looks_like_entry_header(line):
            break
        taken += 1
    return taken


def _is_entry_subheading(line, section, current):
    """ "Achievements:" or "Key Projects:" under a dated job is part of that job, where an upper-case
    "ACHIEVEMENTS" (or one without a colon) is a section of its own."""
    stripped = line.strip()
    return (current[0] == "experience" and section in ENTRY_SUBHEADINGS and stripped.endswith(":")
            and not stripped.isupper() and any(RANGE_RE.search(previous) for previous in current[2]))


def split_sections(lines):
    """[section, heading line, body lines] in order; the first is the header (before any heading).

    An inline label ("Tools: Jira, Git") inside a job, a project or a school stays where it is;
    elsewhere it is a one-line block of its section, after which the section around it goes on.
    A list section (skills, languages, certifications) ends at a line with a date range: that line
    (with the header lines just before it) starts an experience or education entry.
    """
    sections = [["header", "", []]]
    for line in lines:
        found = heading_section(line)
        current = sections[-1]
        # In resumes.csv's "company - / description -" layout, sub-headings such as "Project
        # Summary:" belong to the job description, not to a new section.
        if found and current[0] == "experience" and found[0] in ENTRY_SUBHEADINGS and any(
            DATASET_COMPANY_RE.match(previous) for previous in current[2]
        ):
            found = None
        if found and found[1] and current[0] in ("experience", "projects", "education"):
            found = None
        if found and _is_entry_subheading(line, found[0], current):
            found = None
        if found:
            section, rest = found
            sections.append([section, line.strip(), [rest] if rest else []])
            if rest:
                sections.append([current[0], "", []])
            continue
        dates = RANGE_RE.search(line) if current[0] in LIST_SECTIONS else None
        if dates:
            # Only a dated line that names a job or a school ends the list: a bare date there is
            # usually the other column of a two-column page.
            taken = _entry_header_lines(current[2])
            if taken or _looks_like_entry_header(line[: dates.start()] + line[dates.end():]):
                header = current[2][len(current[2]) - taken:] if taken else []
                del current[2][len(current[2]) - taken:]
                sections.append([_dated_entry_section([*header, line]), "", [*header, line]])
                continue
        current[2].append(line)
    return sections[:1] + [section for section in sections[1:] if section[2] or section[1]]
