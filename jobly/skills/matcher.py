"""Skill names found in text by one Aho-Corasick automaton per case mode, with the trie regexes' rules.

Equivalent to the two trie-shaped regexes of `jobly.skills` (tests/jobly/skills/test_matcher.py compares them):
a term starts where no word character, "+", "#" or "." precedes it, a space in a term stands for any run
of whitespace and hyphens, each term has its own tail rule, and at any start the longest term whose
tail holds wins, scanning left to right without overlap. The automaton runs over the text with
separator runs collapsed to one space (lower-cased for the any-case terms); each hit's boundaries are
checked on the original text. Text whose case folding the automaton cannot mirror ("İ", "ı", "ſ") goes
to the regexes.
"""

import bisect
import re

import ahocorasick

_LONG_RUN = re.compile(r"[\s\-]{2,}")
# Characters the regexes' IGNORECASE matches against ASCII letters while str.lower() does not map them so.
_ODD_CASE = ("\u0130", "\u0131", "\u017f", "\u212a")
_BEFORE = re.compile(r"[\w+#.]")
_SHORT_TAIL = re.compile(r"[\w+#]|[&'.\-/]\w")
_TAIL = re.compile(r"[\w+#]|\.\w")


def _automaton(terms):
    automaton = ahocorasick.Automaton()
    for term in terms:
        automaton.add_word(term, (len(term), len(term) <= 2))
    if len(automaton):
        automaton.make_automaton()
    return automaton


class SkillMatcher:
    """Spans of vocabulary terms in text: `spans(text)` → [(start, end)] (any-case hits, then exact-case
    ones), or None for text only the regexes read right."""

    def __init__(self, any_case_terms, exact_terms):
        self._any_case = _automaton(any_case_terms)
        self._exact = _automaton(exact_terms)

    def spans(self, text):
        if any(char in text for char in _ODD_CASE):
            return None
        collapsed, starts, shifts = _collapse(text)
        found = []
        for automaton, subject in ((self._any_case, collapsed.lower()), (self._exact, collapsed)):
            if not len(automaton):
                continue
            if len(subject) != len(collapsed):
                return None  # lower() made some character two
            found += _non_overlapping(_valid_hits(automaton, subject, text, starts, shifts))
        return found


def _collapse(text):
    """(text with every run of whitespace and hyphens as one space, where runs longer than one character
    end in the collapsed text, how many characters were removed up to each of them)."""
    spaced = text.replace("-", " ") if "-" in text else text
    # str.split() splits on exactly what the regexes' \s matches: the runs, joined by one space.
    collapsed = " ".join(spaced.split())
    if collapsed or spaced:
        collapsed = (" " if spaced[:1].isspace() else "") + collapsed + (" " if spaced[-1:].isspace() and collapsed else "")
    if len(collapsed) == len(text):
        return collapsed, (), ()
    starts, shifts, removed = [], [], 0
    for run in _LONG_RUN.finditer(text):
        starts.append(run.start() - removed + 1)
        removed += run.end() - run.start() - 1
        shifts.append(removed)
    return collapsed, starts, shifts


def _original(index, starts, shifts):
    """Position in the original text of position `index` of the collapsed text."""
    if not starts:
        return index
    at = bisect.bisect_right(starts, index) - 1
    return index + (shifts[at] if at >= 0 else 0)


def _valid_hits(automaton, subject, text, starts, shifts):
    """{start: end} in the original text: for each start the longest term whose boundaries hold."""
    longest = {}
    length = len(text)
    for last, (size, short) in automaton.iter(subject):
        start = _original(last - size + 1, starts, shifts)
        if start and _BEFORE.match(text, start - 1):
            continue
        end = _original(last, starts, shifts) + 1
        if end < length and (_SHORT_TAIL if short else _TAIL).match(text, end):
            continue
        if end > longest.get(start, -1):
            longest[start] = end
    return longest


def _non_overlapping(longest):
    spans, covered_until = [], 0
    for start in sorted(longest):
        if start >= covered_until:
            spans.append((start, longest[start]))
            covered_until = longest[start]
    return spans
