"""The optional semantic extra: runs only where sentence-transformers and the packaged model are installed."""

import numpy as np
import pytest

from matching.scoring import PostingIndex, mode, rank, semantic
from tests.matching.scoring_cases import NOW, posting, profile

INSTALL = "the semantic extra is not installed: .venv/bin/pip install -r requirements-semantic.txt"
pytestmark = [pytest.mark.optional(reason=INSTALL), pytest.mark.skipif(not semantic.available(), reason=INSTALL)]


def test_the_packaged_model_embeds_offline_and_related_texts_are_closer():
    vectors = semantic.embed(["Python backend developer", "Django web engineer", "Pastry chef baking bread"])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_an_index_built_with_embeddings_ranks_in_semantic_mode():
    postings = [posting(1, title="Backend Engineer"), posting(2, title="Pastry Chef", text="Bake bread and cakes.")]
    index = PostingIndex.build(postings, embed=semantic.embed)
    assert mode(index) == "semantic"
    assert [m.posting_id for m in rank(profile(), index, now=NOW)] == [1, 2]
