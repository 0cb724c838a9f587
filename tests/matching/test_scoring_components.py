"""Each scoring component with hand-made cases: what raises, lowers, drops or leaves a score alone."""

from datetime import timedelta

import pytest

from matching.scoring import PostingIndex, ProfileSkill, rank
from matching.scoring.features import posting_features_from_job_fields, profile_features_from_fields
from tests.matching.scoring_cases import NOW, posting, profile


def scores(profile_features, postings, **options):
    matches = rank(profile_features, PostingIndex.build(postings), top_k=None, now=NOW, **options)
    return {m.posting_id: m.score for m in matches}


def by_id(profile_features, postings, **options):
    matches = rank(profile_features, PostingIndex.build(postings), top_k=None, now=NOW, **options)
    return {m.posting_id: m for m in matches}


def test_a_missing_required_skill_lowers_the_score():
    result = scores(profile(), [
        posting(1, required_skills=["Python", "Django"]),
        posting(2, required_skills=["Python", "Django", "Kubernetes"]),
    ])
    assert result[1] > result[2]


def test_required_skills_value_is_the_covered_share():
    match = by_id(profile(), [posting(1, required_skills=["Python", "Django", "Kubernetes", "Terraform"])])[1]
    assert match.components["required_skills"]["value"] == pytest.approx(0.5)


def test_a_beginner_skill_counts_less_than_a_mastered_one():
    beginner = profile(skills=[ProfileSkill("Python", level="beginner"), ProfileSkill("Django")])
    assert scores(beginner, [posting(1)])[1] < scores(profile(), [posting(1)])[1]


def test_nice_to_have_skills_raise_the_score_but_are_not_required():
    postings = [posting(1, preferred_skills=["Go"]), posting(2, preferred_skills=["Go"])]
    with_go = profile(skills=[ProfileSkill("Python"), ProfileSkill("Django"), ProfileSkill("Go")])
    assert scores(with_go, postings)[1] > scores(profile(), postings)[1]
    match = by_id(profile(), postings)[1]
    assert match.reasons["missing_required_skills"] == []
    assert match.reasons["missing_preferred_skills"] == ["Go"]


def test_unknown_salary_is_neutral_not_a_penalty():
    wants_money = profile(min_salary=80_000, salary_currency="EUR")
    postings = [
        posting(1, salary_min=None, salary_max=None),
        posting(2, salary_min=70_000, salary_max=90_000, salary_currency="EUR"),
        posting(3, salary_min=30_000, salary_max=40_000, salary_currency="EUR"),
    ]
    result = by_id(wants_money, postings)
    # Unknown salary scores exactly as if salary were not a component at all.
    without_salary = scores(wants_money, postings, weights={"salary": 0})
    assert result[1].score == without_salary[1]
    assert result[1].components["salary"]["value"] is None
    assert result[2].score >= result[1].score > result[3].score


def test_salary_in_another_currency_or_period_is_handled():
    wants = profile(min_salary=100_000, salary_currency="USD")
    result = by_id(wants, [
        posting(1, salary_min=60, salary_max=70, salary_period="hour", salary_currency="USD"),  # 145,600 a year
        posting(2, salary_min=200_000, salary_max=220_000, salary_currency="INR"),
    ])
    assert result[1].components["salary"]["value"] == 1.0
    assert result[2].components["salary"]["value"] is None  # no exchange rates: unknown, not a penalty


def test_an_excluded_company_is_dropped():
    result = scores(profile(excluded_companies=["ACME corp"]), [
        posting(1, company="Acme Corp"), posting(2, company="Globex"),
    ])
    assert set(result) == {2}


def test_an_avoided_keyword_drops_the_posting_and_phrases_need_all_their_words():
    postings = [
        posting(1, text="Python services for online gambling platforms."),
        posting(2, text="Python services for a hospital."),
        posting(3, text="Python services: gambling is not our business, defence work is."),
    ]
    assert set(scores(profile(avoid_keywords=["Gambling"]), postings)) == {2}
    assert set(scores(profile(avoid_keywords=["online gambling"]), postings)) == {2, 3}
    assert set(scores(profile(avoid_keywords=["crypto"]), postings)) == {1, 2, 3}


def test_aliases_match_through_the_skills_vocabulary():
    job = posting_features_from_job_fields(
        id=1, title="Platform Engineer", text="Requirements:\nKubernetes, PostgreSQL and Python.\n")
    candidate = profile_features_from_fields({"skills": [{"name": "k8s"}, {"name": "postgres"}, {"name": "python3"}]})
    match = rank(candidate, PostingIndex.build([job]), now=NOW)[0]
    assert set(match.reasons["matched_skills"]) >= {"Kubernetes", "PostgreSQL"}
    assert match.components["required_skills"]["value"] >= 2 / 3


@pytest.mark.parametrize(("preference", "best", "worst"), [
    ("remote", "remote", "onsite"),
    ("onsite", "onsite", "remote"),
    ("hybrid", "hybrid", "onsite"),
])
def test_remote_preference_orders_remote_hybrid_and_onsite(preference, best, worst):
    postings = [posting(1, remote_type="remote"), posting(2, remote_type="hybrid"), posting(3, remote_type="onsite")]
    ids = {"remote": 1, "hybrid": 2, "onsite": 3}
    result = scores(profile(remote_preference=preference), postings)
    assert max(result, key=result.get) == ids[best]
    assert min(result, key=result.get) == ids[worst]


def test_onsite_postings_outside_the_target_locations_fit_less():
    postings = [posting(1, remote_type="onsite", location="Berlin, Germany"),
                posting(2, remote_type="onsite", location="Paris, France"),
                posting(3, remote_type="remote", location="Paris, France")]
    result = by_id(profile(target_locations=["Berlin"]), postings)
    assert result[1].score > result[2].score
    assert result[3].components["location"]["value"] == 1.0  # remote work does not care where the office is


def test_fresher_postings_score_higher_and_undated_ones_are_neutral():
    postings = [posting(1, posted_at=NOW - timedelta(days=1)), posting(2, posted_at=NOW - timedelta(days=60)),
                posting(3, posted_at=None)]
    result = by_id(profile(), postings)
    assert result[1].score > result[2].score
    assert result[1].components["freshness"]["value"] > result[2].components["freshness"]["value"]
    assert result[3].components["freshness"]["value"] is None
    assert result[3].score == scores(profile(), postings, weights={"freshness": 0})[3]


def test_seniority_fit_prefers_the_profiles_level():
    postings = [posting(1, title="Senior Backend Engineer"), posting(2, title="Backend Engineering Intern"),
                posting(3, title="Backend Engineer")]
    result = by_id(profile(seniority="senior"), postings)
    assert result[1].components["seniority"]["value"] == 1.0
    assert result[2].components["seniority"]["value"] < 0.5
    assert result[3].components["seniority"]["value"] is None  # the title does not say
    assert result[1].score > result[2].score


def test_title_fit_uses_target_titles_and_recent_titles():
    postings = [posting(1, title="Data Scientist"), posting(2, title="Backend Engineer")]
    assert by_id(profile(), postings)[2].components["title"]["value"] == 1.0
    assert by_id(profile(), postings)[1].components["title"]["value"] == 0.0
    recent = by_id(profile(target_titles=[], recent_titles=["Data Scientist"]), postings)
    assert 0.5 < recent[1].components["title"]["value"] < 1.0


def test_title_words_of_one_group_match_each_other():
    postings = [posting(1, title="Software Engineer"), posting(2, title="Account Executive")]
    result = by_id(profile(target_titles=["Java Developer"]), postings)
    assert result[1].components["title"]["value"] > 0.3  # "developer" is said by "engineer"
    assert result[2].components["title"]["value"] == 0.0


def test_recent_titles_alone_weigh_less_than_target_titles():
    postings = [posting(1, title="Data Scientist"), posting(2, title="Backend Engineer")]
    target = by_id(profile(target_titles=["Data Scientist"]), postings)[1].components["title"]["weight"]
    recent = by_id(profile(target_titles=[], recent_titles=["Data Scientist"]), postings)[1].components["title"]["weight"]
    assert recent == pytest.approx(target * 0.5, rel=0.02)


def test_text_relevance_rewards_postings_about_the_same_work():
    postings = [
        posting(1, text="Payments web services in Python and Django; we build APIs for merchants."),
        posting(2, text="Oil painting, sculpture and gallery curation for our arts foundation."),
        posting(3, text="Accounting ledgers, audits and tax filings for a retail chain."),
    ]
    result = by_id(profile(), postings)
    assert result[1].components["text"]["value"] > result[2].components["text"]["value"]
    assert 0.0 <= result[3].components["text"]["value"] <= 1.0


def test_weights_can_be_overridden_and_typos_are_refused():
    postings = [posting(1, required_skills=["Python", "Rust"]), posting(2, required_skills=["Python", "Django"])]
    skills_only = {"weights": {"required_skills": 1, "preferred_skills": 0, "text": 0, "title": 0, "seniority": 0,
                               "location": 0, "salary": 0, "freshness": 0}}
    result = scores(profile(), postings, weights=skills_only)
    assert result[2] == 100.0
    assert 0 < result[1] < 50  # Rust, listed by one posting only, weighs more than Python (IDF)
    with pytest.raises(ValueError, match="unknown matching weight"):
        scores(profile(), postings, weights={"salray": 0.2})
    with pytest.raises(ValueError, match="non-negative"):
        scores(profile(), postings, weights={"salary": -1})


def test_a_title_that_names_the_profiles_skill_beats_one_that_names_others():
    """The labelled CV's owner fits "Python Engineer" postings and not "Staff Software Engineer (Rust)":
    the body of both lists Python, the title says what the job is about."""
    postings = [posting(1, title="Senior Python Engineer", title_skills=["Python"]),
                posting(2, title="Senior Rust Engineer", title_skills=["Rust"], required_skills=["Python", "Django", "Rust"]),
                posting(3, title="Senior Backend Engineer")]
    result = by_id(profile(target_titles=[]), postings)
    assert result[1].components["title_skills"]["value"] == 1.0
    assert result[2].components["title_skills"]["value"] == 0.0
    assert result[3].components["title_skills"]["value"] is None  # a title naming no skill says nothing
    assert result[1].score > result[2].score


def test_title_skills_are_the_skills_the_posting_title_names():
    features = posting_features_from_job_fields(
        id=1, title="Backend Developer (Python / Django), English speaking",
        text="You will build APIs in Python and Django on PostgreSQL.")
    assert features.title_skills == ["Back-end development", "Python", "Django", "English"]
    assert "PostgreSQL" in features.skills and "PostgreSQL" not in features.title_skills


def test_generic_title_skills_are_left_out():
    result = by_id(profile(), [posting(1, title="German speaking Account Manager", title_skills=["German"],
                                       required_skills=["German"])])
    assert result[1].components["title_skills"]["value"] is None


def test_skill_kinds_favour_postings_asking_for_the_same_kind_of_skills():
    """A developer's profile (languages, web frameworks) fits a posting asking for other languages and
    frameworks better than one asking for accounting and sales, though it has none of either's skills."""
    developer = profile(skills=[ProfileSkill("Python"), ProfileSkill("Django"), ProfileSkill("Accounting"),
                                ProfileSkill("PostgreSQL")])
    postings = [posting(1, required_skills=["Java", "Spring", "MySQL"]),
                posting(2, required_skills=["Budgeting", "Sales", "Auditing"]),
                posting(3, required_skills=["Communication", "English"])]
    result = by_id(developer, postings)
    kinds = {i: result[i].components["skill_kinds"]["value"] for i in result}
    assert kinds[1] > kinds[2] > 0
    assert kinds[3] is None  # soft skills and languages name no kind of work


def test_soft_skills_and_languages_weigh_less_in_skill_coverage():
    """A posting whose specific skill the profile lacks is not "mostly covered" by the profile's
    Communication and English."""
    talker = profile(skills=[ProfileSkill("Communication"), ProfileSkill("English")])
    match = by_id(talker, [posting(1, required_skills=["Communication", "English", "Kubernetes"]),
                           posting(2, required_skills=["Kubernetes", "Docker"])])[1]
    share = match.components["required_skills"]["value"]
    assert share < 0.5
    as_before = by_id(talker, [posting(1, required_skills=["Communication", "English", "Kubernetes"]),
                               posting(2, required_skills=["Kubernetes", "Docker"])],
                      weights={"generic_skill_weight": 1.0})[1]
    assert as_before.components["required_skills"]["value"] > 0.5
