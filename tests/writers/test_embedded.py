"""The embedded writer: specific text from the real profile, every line cited, nothing added."""

import pytest

from jobly.writers import EmbeddedWriter, WriterUnsupported, check_rewrite, get_writer, register_embedded
from jobly.writers.embedded import first_person, pick_achievements

PLACEHOLDERS = ("lorem", "ipsum", "[", "{", "TODO", "XXX", "<company>", "your name")


def assert_readable(text):
    assert text and text[0].isupper(), text
    for marker in PLACEHOLDERS:
        assert marker.lower() not in text.lower(), f"placeholder {marker!r} in {text!r}"


def test_default_writer_is_embedded(settings):
    settings.WRITER, settings.LLM_BASE_URL = "auto", ""
    assert isinstance(get_writer(), EmbeddedWriter)


def test_summary_names_the_recent_role_the_posting_and_only_skills_the_profile_has(candidate, posting):
    summary = EmbeddedWriter().tailored_summary(candidate=candidate, posting=posting)
    assert summary.accepted and summary.sources == ("/",) and summary.writer == "embedded"
    assert_readable(summary.text)
    assert "Confluent" in summary.text and "Northwind Analytics" in summary.text
    assert "Senior Backend Engineer, Streaming" in summary.text
    for has in ("Apache Kafka", "Go", "Kubernetes"):
        assert has in summary.text
    for lacks in ("PostgreSQL", "Scala"):
        assert lacks not in summary.text


def test_summary_is_the_same_for_the_same_input(candidate, posting):
    first = EmbeddedWriter().tailored_summary(candidate=candidate, posting=posting)
    assert first == EmbeddedWriter().tailored_summary(candidate=candidate, posting=posting)


def test_bullet_uses_the_postings_name_for_the_same_skill(candidate, posting):
    from dataclasses import replace

    item = replace(candidate.bullets()[1], text="Moved the ingest path from Postgres queues to Kafka topics.")
    written = EmbeddedWriter().rewrite_bullet(item=item, posting=posting, candidate=candidate)
    assert written.accepted and written.sources == (item.id,)
    assert "PostgreSQL" in written.text and "Apache Kafka" in written.text


def test_every_bullet_rewrite_passes_the_guard_unchanged_in_substance(candidate, posting):
    for item in candidate.bullets():
        written = EmbeddedWriter().rewrite_bullet(item=item, posting=posting, candidate=candidate)
        assert written.accepted, written.notes
        assert check_rewrite(written.text, sources=item).accepted


def test_letter_names_company_and_role_and_cites_two_or_three_real_achievements(candidate, posting):
    letter = EmbeddedWriter().cover_letter(candidate=candidate, posting=posting)
    assert not letter.notes
    text = " ".join(p.text for p in letter.paragraphs)
    assert "Northwind Analytics" in text and "Senior Backend Engineer, Streaming" in text
    items = candidate.items()
    cited_bullets = {s for p in letter.paragraphs for s in p.sources if "/bullets/" in s}
    assert 2 <= len(cited_bullets) <= 3
    for source in cited_bullets:
        # The achievement's own words are in the letter (first-person or quoted).
        assert items[source].text.rstrip(".")[12:40] in text
    for paragraph in letter.paragraphs:
        assert_readable(paragraph.text)
    assert "Scala" not in text and "PostgreSQL" not in text


def test_achievements_prefer_the_postings_required_skills(candidate, posting):
    from dataclasses import replace

    roles = list(candidate.roles)
    kafka = replace(roles[2].bullets[0], text="Ran Kafka clusters for the billing events")
    roles[2] = replace(roles[2], bullets=(kafka, *roles[2].bullets[1:]))
    picked = pick_achievements(replace(candidate, roles=tuple(roles)), posting, n=2)
    assert picked[0].id == kafka.id


@pytest.mark.parametrize(
    ("bullet", "expected"),
    [
        ("Built the erasure-coding pipeline", "I built the erasure-coding pipeline"),
        ("Designed the tiered-storage architecture.", "I designed the tiered-storage architecture"),
        ("Technical lead for the replication work", None),
        ("API gateway owner", None),
    ],
)
def test_first_person(bullet, expected):
    assert first_person(bullet) == expected


def test_complete_json_uses_a_registered_builder_and_validates_it():
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    register_embedded("tests.count")(lambda payload: {"n": len(payload["items"])})
    assert EmbeddedWriter().complete_json(purpose="tests.count", payload={"items": [1, 2]}, schema=schema) == {"n": 2}
    with pytest.raises(WriterUnsupported):
        EmbeddedWriter().complete_json(purpose="tests.unknown", payload={}, schema=schema)
