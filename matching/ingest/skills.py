"""Skills named in a posting: the shared vocabulary's matcher over the posting's prose only.

URLs, e-mail addresses and code identifiers are blanked out first, so "HTTP" is not a skill of
every posting with an `https://` link, nor "Go" one of `go_back()`. The matcher itself is
`jobly.skills.extract_skills`: one Aho-Corasick automaton per case mode (jobly/skills/matcher.py),
giving exactly the spans of the two trie regexes it replaced (those still read text whose case
folding the automaton cannot mirror).
"""

import re

from jobly.skills import extract_skills
from matching.scoring.features import posting_sections, split_required_preferred

# Spans blanked out before matching (replaced by spaces, so sentences keep their shape), each
# pattern tried only when the text has the character it needs.
_NOT_PROSE = (
    (("://", "www."), re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"']+")),  # URLs
    (("@",), re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),  # e-mail addresses
    (("_",), re.compile(r"\b[A-Za-z_]\w*_\w+\b")),  # snake_case identifiers
    (("()",), re.compile(r"\b[A-Za-z_][\w.]*\w\(\)")),  # calls: go_back(), obj.method()
)


def _blank(found):
    return " " * len(found.group(0))


def prose(text):
    """The text with URLs, e-mail addresses and code identifiers replaced by spaces."""
    text = text or ""
    for needles, pattern in _NOT_PROSE:
        if any(needle in text for needle in needles):
            text = pattern.sub(_blank, text)
    return text


def extract_posting_skills(text):
    """Canonical skill names in a posting's text, in order of first mention, each once."""
    return extract_skills(prose(text))


def posting_skills(*, title, tags, description_text):
    """(all skills, required, nice-to-have) of a posting: nice-to-have are those named only under a
    "Preferred" / "Nice to have" / "Bonus" / "Plus" heading; every other skill is required."""
    found = {}

    def extract(text):  # each section is matched once, for the list and for the split
        if text not in found:
            found[text] = extract_posting_skills(text)
        return found[text]

    sections = posting_sections(description_text)
    skills = list(dict.fromkeys([
        *extract(f"{title}\n{' '.join(tags)}"),
        *(name for _, section in sections for name in extract(section)),
    ]))
    if not skills:
        return [], [], []
    if not any(kind == "preferred" for kind, _ in sections):
        return skills, list(skills), []  # no nice-to-have heading: every skill is required
    required, preferred = split_required_preferred(description_text, skills, extract=extract, sections=sections)
    return skills, required, preferred
