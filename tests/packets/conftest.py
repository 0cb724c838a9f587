import pytest

from jobly.writers import EmbeddedWriter
from packets.ats import allowed_skills_for
from packets.document import cv_from_candidate, letter_from_text
from packets.services import generate
from tests.factories import JobFactory, MatchFactory, ProfileFactory
from tests.writers.conftest import candidate, posting, senior_engineer_fields  # noqa: F401  (the same fictional profile and posting)


@pytest.fixture
def cv(candidate, posting):  # noqa: F811
    writer = EmbeddedWriter()
    bullets = {role.id: [writer.rewrite_bullet(item=b, posting=posting, candidate=candidate) for b in role.bullets]
               for role in candidate.roles}
    return cv_from_candidate(candidate, summary=writer.tailored_summary(candidate=candidate, posting=posting), bullets=bullets)


@pytest.fixture
def letter(candidate, posting):  # noqa: F811
    text = EmbeddedWriter().cover_letter(candidate=candidate, posting=posting)
    return letter_from_text(candidate, posting, text, date="1 December 2025")


@pytest.fixture
def allowed_skills(candidate, posting):  # noqa: F811
    return allowed_skills_for(candidate, posting=posting)


DESCRIPTION = ("Northwind Analytics is hiring a Senior Backend Engineer to own its Apache Kafka pipeline.\n"
               "Requirements: Apache Kafka, Go, Kubernetes and PostgreSQL.\nNice to have: Terraform, Scala.")


@pytest.fixture
def match(user):
    """A match of `user`'s profile (the fictional staff engineer) with a streaming posting."""
    fields = {key: value for key, value in senior_engineer_fields().items() if key in generate.PROFILE_FIELDS}
    profile = ProfileFactory(owner=user, is_default=True, name="Backend", **fields)
    job = JobFactory(title="Senior Backend Engineer, Streaming", company="Northwind Analytics", description_text=DESCRIPTION,
                     skills=["Apache Kafka", "Go", "Kubernetes", "PostgreSQL", "Terraform", "Scala"],
                     required_skills=["Apache Kafka", "Go", "Kubernetes", "PostgreSQL"], preferred_skills=["Terraform", "Scala"])
    return MatchFactory(profile=profile, job=job, score=80)


