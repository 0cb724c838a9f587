"""The posting index: incremental updates equal a fresh build, versions, saving without pickle."""

from collections import Counter

import numpy as np
import pytest

from matching.scoring import PostingIndex, rank
from matching.scoring import index as index_module
from matching.scoring import text as text_module
from tests.matching.scoring_cases import NOW, posting, profile, sample_postings


def ranking(index, **options):
    return [(m.posting_id, m.score, m.summary) for m in rank(profile(), index, top_k=None, now=NOW, **options)]


def test_build_holds_one_row_per_posting_with_sparse_matrices():
    postings, _ = sample_postings()
    index = PostingIndex.build(postings)
    assert len(index) == 40
    assert index.tf.shape == (40, len(index.terms)) and index.tf.format == "csr"
    assert index.required.shape == index.preferred.shape == (40, len(index.skills))
    assert index.version.startswith(f"{index_module.FORMAT_VERSION}-40-")


def test_upsert_and_remove_give_the_same_ranking_as_a_fresh_build():
    postings, _ = sample_postings()
    changed = posting(5, title="Backend Engineer", text="Python and Django web services.", fingerprint="v2")
    incremental = PostingIndex.build(postings[:30])
    incremental.upsert([*postings[30:], changed])
    incremental.remove([7])
    fresh = PostingIndex.build([changed if p.id == 5 else p for p in postings if p.id != 7])
    assert sorted(incremental.ids.tolist()) == sorted(fresh.ids.tolist())
    # Same scores up to float32 summation order (columns are numbered differently), same reasons.
    incremental_scores = {posting_id: (score, summary.split(":")[1]) for posting_id, score, summary in ranking(incremental)}
    fresh_scores = {posting_id: (score, summary.split(":")[1]) for posting_id, score, summary in ranking(fresh)}
    assert incremental_scores.keys() == fresh_scores.keys()
    for posting_id, (score, reasons) in fresh_scores.items():
        assert incremental_scores[posting_id][0] == pytest.approx(score, abs=0.11)
        assert incremental_scores[posting_id][1] == reasons
    # Document frequencies (which drive IDF) are kept exact through replacements and removals.
    document_frequency = lambda index: {t: int(d) for t, d in zip(index.terms.names, index.df) if d}  # noqa: E731
    assert document_frequency(incremental) == document_frequency(fresh)


def test_version_changes_with_content_and_not_otherwise():
    first = PostingIndex.build([posting(1, fingerprint="a"), posting(2, fingerprint="b")])
    same = PostingIndex.build([posting(1, fingerprint="a"), posting(2, fingerprint="b")])
    assert first.version == same.version
    same.upsert([posting(2, fingerprint="c")])
    assert same.version != first.version


def test_saved_index_loads_without_pickle_and_ranks_the_same(tmp_path):
    postings, _ = sample_postings()
    index = PostingIndex.build(postings)
    path = tmp_path / "postings.npz"
    index.save(path)
    with np.load(path, allow_pickle=False) as stored:
        assert all(stored[name].dtype != object for name in stored.files)
    loaded = PostingIndex.load(path)
    assert loaded.version == index.version
    assert ranking(loaded) == ranking(index)
    loaded.upsert([posting(99)])  # a loaded index keeps growing
    assert 99 in loaded.ids.tolist()


def test_an_index_of_another_format_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "old.npz"
    PostingIndex.build([posting(1)]).save(path)
    monkeypatch.setattr(index_module, "FORMAT_VERSION", index_module.FORMAT_VERSION + 1)
    with pytest.raises(ValueError, match="format"):
        PostingIndex.load(path)


def test_string_ids_work_as_well_as_integers(tmp_path):
    index = PostingIndex.build([posting("job-b"), posting("job-a")])
    assert [m.posting_id for m in rank(profile(), index, now=NOW)] == ["job-a", "job-b"]
    index.save(tmp_path / "s.npz")
    assert PostingIndex.load(tmp_path / "s.npz").ids.tolist() == ["job-b", "job-a"]


def test_an_index_with_embeddings_needs_the_embedder_to_grow():
    index = PostingIndex.build([posting(1)], embed=lambda texts: np.ones((len(texts), 4), dtype=np.float32))
    with pytest.raises(ValueError, match="embed="):
        index.upsert([posting(2)])
    index.upsert([posting(2)], embed=lambda texts: np.ones((len(texts), 4), dtype=np.float32))
    assert index.embeddings.shape == (2, 4)


def test_a_subset_scores_its_rows_exactly_as_the_whole_index_does():
    postings, _ = sample_postings()
    index = PostingIndex.build(postings)
    whole = {m.posting_id: (m.score, m.summary) for m in rank(profile(), index, top_k=None, now=NOW)}
    rows = [3, 11, 17, 29, 38]
    part = rank(profile(), index.subset(rows), top_k=None, now=NOW)
    assert sorted(m.posting_id for m in part) == sorted(index.ids[rows].tolist())
    assert all(whole[m.posting_id] == (m.score, m.summary) for m in part)


def test_stored_required_and_nice_to_have_skills_give_the_split_the_engine_would_make():
    from matching.scoring import posting_features_from_job_fields

    text = "Requirements:\nPython and PostgreSQL\nNice to have:\nKubernetes"
    computed = posting_features_from_job_fields(id=1, title="Engineer", text=text, skills=["Python", "PostgreSQL", "Kubernetes"])
    stored = posting_features_from_job_fields(id=1, title="Engineer", text=text, skills=["Python", "PostgreSQL", "Kubernetes"],
                                              required_skills=["Python", "PostgreSQL"], preferred_skills=["Kubernetes"])
    assert (stored.required_skills, stored.preferred_skills) == (computed.required_skills, computed.preferred_skills)
    assert stored.preferred_skills == ["Kubernetes"]


def test_title_skills_survive_save_and_load(tmp_path):
    index = PostingIndex.build([posting(1, title="Python Developer", title_skills=["Python"]), posting(2)])
    path = tmp_path / "index.npz"
    index.save(path)
    loaded = PostingIndex.load(path)
    assert loaded.title_skills.toarray().tolist() == index.title_skills.toarray().tolist()
    assert loaded.title_skills[0].nnz == 1 and loaded.title_skills[1].nnz == 0


def _rows(index):
    """Each posting's row as {term: tf} and its skills, independent of column numbering."""
    rows = {}
    for row, posting_id in enumerate(index.ids.tolist()):
        tf = index.tf[row]
        rows[posting_id] = ({index.terms.names[c]: round(float(v), 5) for c, v in zip(tf.indices, tf.data)},
                            sorted(index.skills.names[c] for c in index.required[row].indices))
    return rows


def test_batches_stacked_once_equal_one_upsert_per_batch_and_the_last_record_of_an_id_wins():
    postings, _ = sample_postings()
    changed = posting(5, title="Backend Engineer", text="Python and Django web services.", fingerprint="v2")
    batches = [postings[:15], postings[15:], [changed]]
    stacked, one_by_one = PostingIndex(), PostingIndex()
    seen = []
    stacked.upsert_batches(iter(batches), on_batch=seen.append)
    for batch in batches:
        one_by_one.upsert(batch)
    assert seen == [15, 25, 1]
    assert stacked.ids.tolist() == [p.id for p in postings if p.id != 5] + [5]
    assert _rows(stacked) == _rows(one_by_one) and stacked.version == one_by_one.version
    assert _rows(stacked)[5][0] == _rows(PostingIndex.build([changed]))[5][0]
    assert stacked.df.tolist() == one_by_one.df.tolist()


@pytest.mark.parametrize("text", [
    "Senior Python Developer\nWe use Python, python and PYTHON; C++ and C# on .NET. The the a of 2024 x 42.",
    "Café crème: naïve résumé ÉCOLE. Node.js/React " + "a" * 41 + " " + "b" * 40 + " end.",
    "", "   \n\t ", "1 2 3 and or the",
])
def test_term_columns_keep_exactly_the_content_tokens_the_profile_side_reads(text):
    vocabulary = index_module._TermVocabulary()
    vocabulary.text_columns("warm the memo: python python and the 2024")
    columns, counts = vocabulary.text_columns(text)
    kept = {vocabulary.names[c]: n for c, n in zip(columns, counts, strict=True) if c >= 0}
    expected = dict(Counter(t for t in text_module.content_tokens(text) if len(t) <= index_module.MAX_TOKEN_LENGTH))
    assert kept == expected and list(kept) == list(expected)
    assert all(t in vocabulary.columns for t in expected) and "the" not in vocabulary.columns
