"""The shared skills vocabulary: find canonical skill names in free text and normalise aliases.

Used by profiles (resume import) and by job ingestion; the data is vocabulary.json (see README.md).
"""

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from jobly.skills.matcher import SkillMatcher

VOCABULARY_PATH = Path(__file__).resolve().parent / "vocabulary.json"


@dataclass(frozen=True)
class Skill:
    name: str
    category: str
    aliases: tuple
    esco_uri: str = ""


def term_key(term):
    """How a term is looked up: lower case, runs of spaces and hyphens as one space."""
    return re.sub(r"[\s\-]+", " ", term.strip().lower())


_SEPARATOR = r"[\s\-]+"


def _tail(term):
    # Short names ("C", "R", "Go") also must not run into "R&D", "C-level", "Go-to-market".
    return r"(?![\w+#]|[&'.\-/]\w)" if len(term) <= 2 else r"(?![\w+#]|\.\w)"


def _trie_regex(terms):
    """One regex for many terms, shaped as a trie so shared prefixes are tried once.

    Alternatives are ordered so the longest term wins ("Spring Boot" over "Spring").
    """
    trie = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = _tail(term)

    def pattern(node):
        branches = []
        for char in sorted(key for key in node if key):
            head = _SEPARATOR if char == " " else re.escape(char)
            branches.append(head + pattern(node[char]))
        if "" in node:
            branches.append(node[""])
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return r"(?<![\w+#.])" + pattern(trie) if trie else r"(?!x)x"


class Vocabulary:
    """The loaded vocabulary with its matcher: one automaton per case mode (the two trie regexes, compiled
    on first need, read the rare text the automaton cannot)."""

    def __init__(self, document):
        self.skills = {}
        self._by_key = {}
        self._by_exact = {}
        case_sensitive = {}
        for spelling in document.get("case_sensitive", []):
            case_sensitive.setdefault(term_key(spelling), set()).add(spelling)
        for item in document["skills"]:
            skill = Skill(item["name"], item["category"], tuple(item.get("aliases", ())), item.get("esco_uri", ""))
            self.skills[skill.name] = skill
            for term in (skill.name, *skill.aliases):
                key = term_key(term)
                if key in case_sensitive:
                    for spelling in case_sensitive[key]:
                        self._by_exact.setdefault(" ".join(spelling.split()), skill)
                else:
                    self._by_key.setdefault(key, skill)
        self._loose = {term_key(spelling): skill for spelling, skill in self._by_exact.items()}
        self._matcher = SkillMatcher(self._by_key, self._by_exact)

    @cached_property
    def _any_case(self):
        return re.compile(_trie_regex(self._by_key), re.IGNORECASE)

    @cached_property
    def _exact_case(self):
        return re.compile(_trie_regex(self._by_exact))

    def regex_spans(self, text):
        """The same spans as the automaton's, by the two trie regexes (the reference, and the fallback)."""
        return [m.span() for m in self._any_case.finditer(text)] + [m.span() for m in self._exact_case.finditer(text)]

    def lookup(self, term, *, loose=False):
        """The Skill for a name as written; loose also accepts case-sensitive names in any case."""
        term = " ".join(term.split())
        skill = self._by_exact.get(re.sub(_SEPARATOR, " ", term)) or self._by_key.get(term_key(term))
        return skill or (self._loose.get(term_key(term)) if loose else None)

    @lru_cache(maxsize=8192)  # noqa: B019 - the one Vocabulary lives as long as the process
    def _lookup_found(self, term):
        return self.lookup(term)

    def find(self, text):
        """Canonical names found in text, in order of first appearance, each once."""
        text = text or ""
        spans = self._matcher.spans(text)
        if spans is None:
            spans = self.regex_spans(text)
        spans.sort(key=lambda span: (span[0], -span[1]))
        found, covered_until = {}, 0
        for start, end in spans:
            if start < covered_until:
                continue
            skill = self._lookup_found(text[start:end])
            if skill:
                found.setdefault(skill.name, start)
                covered_until = end
        return list(found)


@lru_cache(maxsize=1)
def vocabulary():
    return Vocabulary(json.loads(VOCABULARY_PATH.read_text(encoding="utf-8")))


def extract_skills(text):
    """Canonical skill names mentioned in free text, in order of first mention."""
    return vocabulary().find(text)


_VERSION_SUFFIX = re.compile(r"\s*(?:v?\d+(?:\.\d+)*\+?|\(.*\))$", re.IGNORECASE)


def normalize_skill(name):
    """The canonical name for a skill name or alias ("Postgres" → "PostgreSQL"), or None."""
    return skill.name if (skill := get_skill(name)) else None


def skill_category(name):
    """The category of a skill name or alias ("k8s" → "devops"), or None when unknown."""
    return skill.category if (skill := get_skill(name)) else None


@lru_cache(maxsize=65536)
def get_skill(name):
    """The Skill for a name or alias as a person typed it (any case, version suffix ignored), or None."""
    if not name or not name.strip():
        return None
    return vocabulary().lookup(name, loose=True) or vocabulary().lookup(_VERSION_SUFFIX.sub("", name.strip()), loose=True)


__all__ = ["Skill", "extract_skills", "get_skill", "normalize_skill", "skill_category", "vocabulary"]
