"""Ranking as a whole: order, top-k, filters, reasons and the summary line, modes."""

from datetime import timedelta

import numpy as np
import pytest

from matching.scoring import PostingIndex, ProfileSkill, mode, rank, rank_many
from matching.scoring import semantic
from matching.scoring.reasons import summary_line
from tests.matching.scoring_cases import NOW, posting, profile, sample_postings


def test_top_k_is_best_first_and_ties_are_broken_by_posting_id():
    postings = [posting(i) for i in (7, 3, 9, 1, 5)] + [posting(2, required_skills=["Python", "Rust"])]
    index = PostingIndex.build(postings)
    matches = rank(profile(), index, top_k=3, now=NOW)
    assert [m.posting_id for m in matches] == [1, 3, 5]  # five equal scores: lowest ids first
    assert [m.posting_id for m in rank(profile(), index, top_k=None, now=NOW)] == [1, 3, 5, 7, 9, 2]
    assert rank(profile(), index, top_k=3, now=NOW) == matches


def test_score_is_0_to_100_and_contributions_add_up_to_it():
    postings = [posting(1, required_skills=["Python", "Go", "Rust"], preferred_skills=["Django"], salary_min=50_000,
                        salary_currency="EUR", remote_type="onsite", title="Senior Go Developer")]
    wants = profile(min_salary=90_000, salary_currency="EUR", seniority="mid", target_locations=["Munich"])
    match = rank(wants, PostingIndex.build(postings), now=NOW)[0]
    assert 0 <= match.score <= 100
    assert sum(c["contribution"] for c in match.components.values()) == pytest.approx(match.score, abs=0.5)
    for name, component in match.components.items():
        assert component["value"] is None or 0 <= component["value"] <= 1, name


def test_reasons_name_matched_and_missing_skills_in_the_summary():
    skills = ["Python", "Django", "PostgreSQL", "Redis", "Celery", "Docker", "AWS", "Linux", "Kubernetes", "Terraform"]
    postings = [posting(1, required_skills=skills, salary_min=120_000, salary_max=140_000, salary_currency="USD")]
    wants = profile(skills=[ProfileSkill(s) for s in skills[:8]], min_salary=100_000, salary_currency="USD")
    match = rank(wants, PostingIndex.build(postings), now=NOW)[0]
    assert match.reasons["matched_skills"] == skills[:8]
    assert match.reasons["missing_required_skills"] == ["Kubernetes", "Terraform"]
    assert match.summary.endswith(
        "8 of 10 required skills; missing Kubernetes, Terraform; remote; salary above your minimum")
    assert match.summary.split(":")[0] in {"Strong fit", "Good fit", "Partial fit", "Weak fit"}


def test_summary_line_names_at_most_three_missing_skills_and_the_place():
    line = summary_line(score=40, matched_required=["Python"], required=["Python", "A", "B", "C", "D"],
                        missing_required=["A", "B", "C", "D"], remote_type="onsite", location="Paris, France",
                        salary_known=True, salary_top=45_000, salary_minimum=50_000)
    assert line == "Partial fit: 1 of 5 required skills; missing A, B, C and 1 more; on-site in Paris, France; " \
                   "salary 10% below your minimum"


def test_filters_narrow_the_list():
    postings = [posting(1, remote_type="remote", posted_at=NOW - timedelta(days=2)),
                posting(2, remote_type="onsite", posted_at=NOW - timedelta(days=40)),
                posting(3, remote_type="hybrid", posted_at=None, salary_min=90_000),
                posting(4, required_skills=["Cobol"], title="Mainframe Operator", text="Mainframe batch jobs in Cobol.")]
    index = PostingIndex.build(postings)

    def ids(**filters):
        return {m.posting_id for m in rank(profile(), index, top_k=None, now=NOW, filters=filters)}

    assert ids(remote=["remote", "hybrid"]) == {1, 3, 4}
    assert ids(posted_since=NOW - timedelta(days=7)) == {1, 4}
    assert ids(min_salary=80_000) == {3}
    assert ids(ids=[2, 4]) == {2, 4}
    assert 4 not in ids(min_score=60)


def test_rank_many_gives_each_profile_its_own_order():
    postings = [posting(1, required_skills=["Python"]), posting(2, required_skills=["Excel"], title="Accountant",
                                                                 text="Bookkeeping and tax in Excel.")]
    accountant = profile(skills=[ProfileSkill("Excel")], target_titles=["Accountant"], text="Accountant: tax, Excel")
    first, second = rank_many([profile(), accountant], PostingIndex.build(postings), top_k=1, now=NOW)
    assert first[0].posting_id == 1 and second[0].posting_id == 2


def test_an_empty_index_ranks_nothing():
    assert rank(profile(), PostingIndex.build([]), now=NOW) == []


def test_real_postings_rank_software_jobs_first_for_a_software_engineer():
    postings, categories = sample_postings()
    engineer = profile(skills=[ProfileSkill(s) for s in ("Python", "Java", "C++", "Go", "Distributed systems")],
                       target_titles=["Software Engineer"],
                       text="Software engineer: backend services, distributed systems, algorithms, Java, Python, C++.")
    top = rank(engineer, PostingIndex.build(postings), top_k=5, now=NOW)
    fitting = {"Software Engineering", "Technical Solutions"}
    assert [categories[m.posting_id] in fitting for m in top] == [True] * 5


def test_mode_says_text_unless_the_semantic_extra_is_installed():
    assert mode() == ("semantic" if semantic.available() else "text")
    assert mode(PostingIndex.build([posting(1)])) == "text"  # an index without embeddings


def fake_embed(texts):
    """A stand-in for the sentence model: one axis per topic word, so similarity is predictable."""
    topics = ("payments", "painting", "python")
    return np.asarray([[t.lower().count(word) + 0.01 for word in topics] for t in texts], dtype=np.float32)


def test_embeddings_join_text_relevance_when_the_index_has_them():
    postings = [posting(1, text="payments payments python"), posting(2, text="painting painting python")]
    index = PostingIndex.build(postings, embed=fake_embed)
    assert index.embeddings.shape == (2, 3)
    vector = fake_embed(["payments python"])[0]
    vector = vector / np.linalg.norm(vector)
    with_embeddings = {m.posting_id: m for m in rank(profile(), index, top_k=None, now=NOW, use_semantic=True,
                                                      profile_vector=vector)}
    text_only = {m.posting_id: m for m in rank(profile(), index, top_k=None, now=NOW, use_semantic=False)}
    assert with_embeddings[2].components["text"]["value"] != text_only[2].components["text"]["value"]
    assert with_embeddings[1].score > with_embeddings[2].score
