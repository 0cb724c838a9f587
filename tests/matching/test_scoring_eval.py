"""The evaluation harness's own arithmetic (bench/eval_matching.py), so reported numbers can be trusted."""

import numpy as np
import pytest

from bench.eval_matching import keyword_baseline, roc_auc, top_k_rows
from matching.scoring import PostingIndex
from tests.matching.scoring_cases import posting


def test_roc_auc_of_perfect_reversed_and_tied_scores():
    labels = [True, True, False, False]
    assert roc_auc([4, 3, 2, 1], labels) == 1.0
    assert roc_auc([1, 2, 3, 4], labels) == 0.0
    assert roc_auc([1, 1, 1, 1], labels) == 0.5
    assert roc_auc([3, 1, 2, 0], labels) == pytest.approx(0.75)


def test_keyword_baseline_counts_distinct_shared_words():
    index = PostingIndex.build([posting(1, title="", text="python python django"), posting(2, title="", text="excel")])
    assert keyword_baseline("Python and Django and more Python", index).tolist() == [2.0, 0.0]


def test_top_k_rows_breaks_ties_by_posting_id():
    assert top_k_rows(np.asarray([1.0, 2.0, 2.0]), np.asarray([30, 20, 10]), 2).tolist() == [2, 1]
