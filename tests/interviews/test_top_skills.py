"""The committed list of the 40 most frequent skills, recomputed from the in-repo copies of its sources."""

from pathlib import Path

import pytest

from interviews.question_bank import top_skills
from jobly.skills import vocabulary

ROOT = Path(__file__).resolve().parents[2]
IN_REPO = {
    "google_job_skills": [ROOT / "bench" / "data" / "postings.csv"],
    "weworkremotely": [ROOT / "tests" / "data" / "feeds" / Path(name).name for name in top_skills.SOURCES["weworkremotely"]],
    "remoteok": [ROOT / "tests" / "data" / "feeds" / Path(name).name for name in top_skills.SOURCES["remoteok"]],
    "ruanyf_whoishiring": [ROOT / "tests" / "data" / "feeds" / "ruanyf" / Path(name).name for name in top_skills.SOURCES["ruanyf_whoishiring"]],
}


@pytest.fixture(scope="module")
def committed():
    return top_skills.load_committed()


def test_the_list_has_40_skills_in_count_order_outside_the_excluded_categories(committed):
    skills = committed["skills"]
    assert [item["rank"] for item in skills] == list(range(1, 41))
    counts = [item["postings"] for item in skills]
    assert counts == sorted(counts, reverse=True)
    for item in skills:
        assert vocabulary().skills[item["name"]].category == item["category"]
        assert item["category"] not in top_skills.EXCLUDED_CATEGORIES
        assert item["postings"] == sum(item["by_source"].values())


def test_the_excluded_skills_are_only_soft_skills_and_spoken_languages(committed):
    cutoff = committed["skills"][-1]["postings"]
    for item in committed["excluded_above_cutoff"]:
        assert item["category"] in top_skills.EXCLUDED_CATEGORIES
        assert item["postings"] >= cutoff


@pytest.mark.parametrize("source", sorted(IN_REPO))
def test_counts_per_source_match_a_recount_of_the_in_repo_copy(committed, source):
    total, counts = top_skills.count_source(source, IN_REPO[source])
    assert total == committed["sources"][source]["postings"]
    for item in committed["skills"]:
        assert counts[item["name"]] == item["by_source"][source], item["name"]


def test_the_whole_ranking_recomputes_from_the_in_repo_copies(committed, tmp_path):
    """compute() reads the shared-data layout (top_skills.SOURCES): lay the in-repo copies out that way."""
    for source, paths in IN_REPO.items():
        for relative, copy in zip(top_skills.SOURCES[source], paths, strict=True):
            (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / relative).symlink_to(copy)
    assert top_skills.compute(tmp_path) == committed


def test_links_do_not_count_as_the_skill_http_and_cjk_text_is_read():
    assert "HTTP" not in top_skills.skills_in("Apply at https://example.com/jobs/1")
    assert "Python" in top_skills.skills_in("熟悉Python和Go语言")
