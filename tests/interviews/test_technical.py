"""Technical questions: only the posting's skills, by emphasis and level, deterministic given a seed."""

import pytest

from interviews.planning import posting_snapshot
from interviews.planning.technical import allocate, select_technical, target_difficulty


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_every_question_concerns_a_skill_present_in_the_posting(all_postings, profile, bank, seed):
    for posting in all_postings:
        selection = select_technical(posting=posting, profile=profile, bank=bank, count=12, seed=seed)
        for item in selection.items:
            assert item.skill in posting.skills, (posting.title, item.question_id)
            assert bank.get(item.question_id).skill == item.skill
        assert len(selection.items) <= 12
        assert len({item.question_id for item in selection.items}) == len(selection.items)


def test_a_posting_without_bank_skills_gets_no_questions(google_postings, profile, bank):
    empty = next(p for p in google_postings if not p.skills)
    assert select_technical(posting=empty, profile=profile, bank=bank).items == []


def test_the_same_seed_gives_the_same_questions_and_another_seed_may_differ(google_postings, profile, bank):
    posting = next(p for p in google_postings if p.title.startswith("Cloud Integration"))
    ids = lambda seed: [i.question_id for i in select_technical(posting=posting, profile=profile, bank=bank, seed=seed).items]
    assert ids(3) == ids(3)
    assert len({tuple(ids(seed)) for seed in range(6)}) > 1


def test_required_skills_get_at_least_as_many_questions_as_nice_to_have_ones(bank, profile):
    posting = posting_snapshot(title="Engineer", description_text="Requirements\nJava\nNice to have\nGo")
    counts = {}
    for item in select_technical(posting=posting, profile=profile, bank=bank, count=6).items:
        counts[item.skill] = counts.get(item.skill, 0) + 1
    assert counts["Java"] > counts["Go"] >= 1


def test_difficulty_follows_the_posting_and_the_candidate():
    assert target_difficulty(3, 0) == 2  # senior posting, skill missing: one step down
    assert target_difficulty(3, 3) == 3
    assert target_difficulty(1, 3) == 2
    assert target_difficulty(1, 0) == 1


def test_a_senior_candidate_on_a_senior_posting_gets_harder_questions_than_a_newcomer(bank):
    from interviews.planning import profile_snapshot

    posting = posting_snapshot(title="Senior Python Engineer", description_text="Requirements\nPython")
    expert = profile_snapshot(skills=[{"name": "Python", "level": "expert"}])
    newcomer = profile_snapshot(skills=[])
    mean = lambda profile: sum(i.question.difficulty_rank for i in select_technical(
        posting=posting, profile=profile, bank=bank, count=6, seed=2).items) / 6
    assert mean(expert) > mean(newcomer)


def test_allocation_is_proportional_capped_and_gives_the_heaviest_a_slot_first():
    assert allocate({"a": 3, "b": 1}, 8, {"a": 8, "b": 8}) == {"a": 6, "b": 2}
    assert allocate({"a": 3, "b": 1}, 8, {"a": 2, "b": 8}) == {"a": 2, "b": 6}
    assert allocate({"a": 3, "b": 2, "c": 1}, 2, {"a": 5, "b": 5, "c": 5}) == {"a": 1, "b": 1}


def test_a_skill_only_the_company_blurb_names_is_not_asked_about(bank, profile):
    posting = posting_snapshot(title="PHP Developer", description_text=(
        "About us\nWe are a video marketing platform for small shops.\nResponsibilities\nBuild APIs in PHP and MySQL\n"
        "Requirements\nPHP"))
    skills = {item.skill for item in select_technical(posting=posting, profile=profile, bank=bank, count=12).items}
    assert "Marketing" in posting.skills and "Marketing" not in skills
    assert "APIs" in skills  # named in a responsibility
