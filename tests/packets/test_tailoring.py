"""Tailoring: what is chosen and in which order, the requirements table, and the guard on every writer output
(the embedded writer, and a real local OpenAI-style server that fabricates or fails)."""

import json

import pytest

from jobly.writers import EmbeddedWriter, Posting, candidate_from_profile_fields
from jobly.writers.openai_chat import OpenAIChatWriter
from packets.tailoring import NOT_EVIDENCED, posting_from_job_fields, tailor
from tests.servers.openai_server import Reply
from tests.writers.conftest import _no_cached_answers, candidate, llm_server, make_client, posting, slept  # noqa: F401

FIELDS = {
    "full_name": "Ada Example",
    "skills": [{"name": "Python"}, {"name": "Excel"}, {"name": "PostgreSQL"}, {"name": "Docker"}],
    "experience": [
        {"company": "Acme", "title": "Engineer", "start": "2021-01", "current": True, "bullets": [
            "Organised the team offsite",
            "Wrote the quarterly report in Excel",
            "Built Python services on PostgreSQL serving 2 million requests a day",
        ]},
        {"company": "Initech", "title": "Developer", "start": "2018-01", "end": "2020-12", "bullets": [
            "Packaged services with Docker", "Answered support tickets"]},
        {"company": "Globex", "title": "Intern", "start": "2016-01", "end": "2017-12",
         "bullets": ["One", "Two", "Three", "Four", "Five with Python"]},
    ],
    "projects": [
        {"name": "garden-planner", "description": "A watering schedule app", "highlights": ["Drew the logo"]},
        {"name": "pg-tools", "description": "PostgreSQL maintenance scripts", "highlights": ["Wrote Python CLI tools"]},
    ],
}
POSTING = Posting(title="Backend Engineer", company="Northwind", required_skills=("Python", "PostgreSQL", "Kubernetes"),
                  preferred_skills=("Docker",))


@pytest.fixture
def small():
    return candidate_from_profile_fields(FIELDS)


def test_bullets_most_relevant_to_the_posting_come_first_and_keep_their_source(small):
    result = tailor(candidate=small, posting=POSTING, writer=EmbeddedWriter())
    first_role = result.bullets["/experience/0"]
    assert [w.sources[0] for w in first_role] == [
        "/experience/0/bullets/2", "/experience/0/bullets/0", "/experience/0/bullets/1"]
    items = small.items()
    for written in (w for role in result.bullets.values() for w in role):
        assert len(written.sources) == 1 and written.sources[0] in items


def test_older_roles_keep_only_their_most_relevant_bullets_and_say_so(small):
    result = tailor(candidate=small, posting=POSTING, writer=EmbeddedWriter())
    third = result.bullets["/experience/2"]
    assert len(third) == 3 and third[0].sources == ("/experience/2/bullets/4",)
    assert any("2 less relevant bullet(s) of Intern" in note for note in result.notes)


def test_skills_the_posting_asks_for_lead_and_nothing_absent_is_claimed(small):
    result = tailor(candidate=small, posting=POSTING, writer=EmbeddedWriter())
    assert result.skills == ["Python", "PostgreSQL", "Docker", "Microsoft Excel"]
    assert "Kubernetes" not in result.skills


def test_projects_are_chosen_only_when_they_answer_the_posting(small):
    assert tailor(candidate=small, posting=POSTING, writer=EmbeddedWriter()).projects == ["/projects/1"]


def test_requirements_table_maps_each_requirement_to_evidence_or_not_evidenced(small):
    table = {row["requirement"]: row for row in tailor(candidate=small, posting=POSTING, writer=EmbeddedWriter()).requirements_table()}
    assert table["Python"]["kind"] == "required"
    assert table["Python"]["evidence"][:1] == ["/experience/0/bullets/2"] and "/skills/0" in table["Python"]["evidence"]
    assert "/projects/1/highlights/0" in table["Python"]["evidence"]
    assert table["Docker"] == {"requirement": "Docker", "kind": "preferred", "status": "evidenced",
                               "evidence": ["/experience/1/bullets/0", "/skills/3"]}
    assert table["Kubernetes"]["status"] == NOT_EVIDENCED and table["Kubernetes"]["evidence"] == []


def test_an_unevidenced_requirement_becomes_a_note_never_a_claim(small):
    result = tailor(candidate=small, posting=POSTING, writer=EmbeddedWriter())
    assert any("Kubernetes" in note and "does not evidence" in note for note in result.notes)
    written = [result.summary.text, *(p.text for p in result.letter.paragraphs),
               *(w.text for role in result.bullets.values() for w in role)]
    assert not any("Kubernetes" in text for text in written)


def test_the_embedded_summary_and_letter_name_the_company_and_role(small):
    result = tailor(candidate=small, posting=POSTING, writer=EmbeddedWriter())
    assert "Backend Engineer" in result.summary.text and "Northwind" in result.summary.text
    letter = " ".join(p.text for p in result.letter.paragraphs)
    assert "Northwind" in letter and "Backend Engineer" in letter and "Acme" in letter
    assert result.writer == "embedded"


def test_posting_from_job_fields_splits_required_and_preferred_like_matching():
    text = ("We need Python and PostgreSQL.\n\nNice to have:\n- Experience with Docker in production\n")
    built = posting_from_job_fields(title="Backend Engineer", company="Northwind", text=text)
    assert {"Python", "PostgreSQL"} <= set(built.required_skills) and built.preferred_skills == ("Docker",)
    assert built.responsibilities == ("Experience with Docker in production",)


# A model that fabricates -----------------------------------------------------------------------


def _fabricating(request):
    task = request["messages"][1]["content"]
    if task.startswith("TASK: Reword"):
        source = json.loads(task.split("\n", 1)[1])["SOURCE"]
        # inflated numbers, a new employer and new skills, depending on the bullet
        number = source["id"].rsplit("/", 1)[-1]
        fabricated = {"0": "Cut p99 produce latency 95% at Google", "1": f"{source['text']} using Scala and PostgreSQL",
                      "2": f"{source['text']} for 900 customers"}.get(number, f"{source['text']} at Netflix")
        return json.dumps({"text": fabricated})
    if task.startswith("TASK: Write a 2-4 sentence"):
        return json.dumps({"summary": "Principal engineer with 25 years at Google, expert in PostgreSQL and Scala."})
    return json.dumps({"paragraphs": [
        {"text": "I am applying for the Senior Backend Engineer, Streaming role at Northwind Analytics.", "source_ids": []},
        {"text": "At Confluent I grew revenue by 300% with PostgreSQL.", "source_ids": ["/experience/0/bullets/1"]}]})


def _model_writer(server, make_client, fallback="embedded", **options):  # noqa: F811
    return OpenAIChatWriter(make_client(server, **options), fallback=fallback)


def _all_text(result):
    return " ".join([result.summary.text, *(p.text for p in result.letter.paragraphs),
                     *(w.text for role in result.bullets.values() for w in role)])


def test_fabricated_employers_numbers_and_skills_are_rejected_and_the_originals_kept(llm_server, make_client, candidate, posting):  # noqa: F811
    llm_server.responder = _fabricating
    result = tailor(candidate=candidate, posting=posting, writer=_model_writer(llm_server, make_client, fallback=None))
    items = candidate.items()
    for written in (w for role in result.bullets.values() for w in role):
        assert written.text == items[written.sources[0]].text and not written.accepted
    text = _all_text(result)
    for invented in ("Google", "Netflix", "Scala", "PostgreSQL", "95%", "900", "300%", "25 years"):
        assert invented not in text
    notes = " ".join(result.notes)
    for reason in ("95", "Google", "'Scala'", "'PostgreSQL'", "'900'", "Netflix"):
        assert reason in notes, reason
    assert "Summary draft rejected" in notes and "Letter paragraph 2 rejected" in notes


def test_with_the_embedded_fallback_a_fabricating_model_still_yields_a_specific_packet(llm_server, make_client, candidate, posting):  # noqa: F811
    llm_server.responder = _fabricating
    result = tailor(candidate=candidate, posting=posting, writer=_model_writer(llm_server, make_client))
    assert "Northwind Analytics" in result.summary.text and "Google" not in _all_text(result)
    assert result.letter.writer == "embedded" and result.summary.writer == "embedded"


@pytest.mark.parametrize(
    ("replies", "options", "code"),
    [
        ([Reply(status=500)], {}, "llm_unavailable"),
        ([Reply(status=429, headers={"Retry-After": "0"})], {}, "llm_unavailable"),
        ([Reply(content='{"summary": "unterminated')], {}, "llm_bad_response"),
        ([Reply(content='{"paragraphs": "not a list", "summary": 3, "text": ["x"]}')], {}, "llm_bad_response"),
        ([Reply(content='{"text": "ok"}', delay=0.6)], {"timeout": 0.2, "max_retries": 0}, "llm_timeout"),
    ],
    ids=["500", "429", "malformed-json", "schema-violating", "slow"],
)
def test_a_failing_server_leaves_the_profiles_own_text_and_a_note_with_the_code(llm_server, make_client, candidate,  # noqa: F811
                                                                               posting, replies, options, code):  # noqa: F811
    llm_server.push(*(replies * 60))
    result = tailor(candidate=candidate, posting=posting, writer=_model_writer(llm_server, make_client, fallback=None, **options))
    items = candidate.items()
    assert all(w.text == items[w.sources[0]].text for role in result.bullets.values() for w in role)
    assert result.summary.text == candidate.summary
    assert any(code in note for note in result.notes), result.notes
