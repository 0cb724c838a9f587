"""The automaton finds exactly the spans the two trie regexes find (the regexes are the reference)."""

import csv
import random

import pytest

from bench.common import ROOT
from jobly.skills import vocabulary

SEPARATORS = [" ", "  ", "-", " - ", "\n", "\n\n", "\t", "\u00a0"]
NEIGHBOURS = [" ", ".", ",", "+", "#", "/", "&", "'", "(", ")", "x", "X", "_", "é", "1", "-", "\n", "ß"]


def _spans_both_ways(text):
    return sorted(vocabulary()._matcher.spans(text)), sorted(vocabulary().regex_spans(text))


def _generated_texts(count, seed):
    """Vocabulary terms in random case, joined by odd separators and glued to odd neighbours."""
    rng = random.Random(seed)
    terms = [*vocabulary()._by_key, *vocabulary()._by_exact]
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 6)):
            term = rng.choice(terms).replace(" ", rng.choice(SEPARATORS))
            if rng.random() < 0.5:
                term = "".join(char.upper() if rng.random() < 0.3 else char for char in term)
            parts += [term, "".join(rng.choice(NEIGHBOURS) for _ in range(rng.randint(0, 3)))]
        yield "".join(parts)


def test_automaton_and_regexes_agree_on_generated_text():
    differing = [text for text in _generated_texts(3000, seed=13) if (pair := _spans_both_ways(text))[0] != pair[1]]
    assert not differing, differing[:3]


def test_automaton_and_regexes_agree_on_real_postings():
    with (ROOT / "bench" / "data" / "postings.csv").open(newline="", encoding="utf-8") as handle:
        texts = ["\n".join(row) for row in csv.reader(handle)][:200]
    assert len(texts) == 200
    assert all(automaton == regexes for automaton, regexes in map(_spans_both_ways, texts))


@pytest.mark.parametrize(("text", "expected"), [
    ("\u0130stanbul PYTHON", ["Python"]), ("\u017fql and java", ["Java"]), ("Kotlin \u212a8s", ["Kotlin", "Kubernetes"]),
])
def test_text_whose_case_folding_the_automaton_cannot_mirror_goes_to_the_regexes(text, expected):
    assert vocabulary()._matcher.spans(text) is None
    assert vocabulary().find(text) == expected


def test_spans_map_back_through_collapsed_separators():
    text = "Strong  spring \n\n boot and machine--learning, then Go"
    assert vocabulary().find(text) == ["Spring Boot", "Machine learning", "Go"]
