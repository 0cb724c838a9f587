import json
from pathlib import Path

import pytest

from jobly.jsonresume import profile_fields_from_json_resume
from jobly.writers import Posting, candidate_from_profile_fields
from jobly.writers.openai_chat import ChatClient
from tests.servers.openai_server import OpenAIServer, forget_cached_answers

DATA = Path(__file__).resolve().parent.parent / "data"


def senior_engineer_fields():
    """A fictional staff engineer (JSON Resume example, MIT; tests/data/resumes/README.md)."""
    return profile_fields_from_json_resume(json.loads((DATA / "resumes" / "senior-engineer.resume.json").read_text()))


@pytest.fixture
def candidate():
    return candidate_from_profile_fields(senior_engineer_fields())


@pytest.fixture
def posting():
    return Posting(
        title="Senior Backend Engineer, Streaming",
        company="Northwind Analytics",
        location="Remote (US)",
        required_skills=("Apache Kafka", "Go", "Kubernetes", "PostgreSQL"),
        preferred_skills=("Terraform", "Scala"),
        responsibilities=("Own the event pipeline", "Run services on Kubernetes"),
        text="Northwind Analytics is hiring a Senior Backend Engineer to own its Apache Kafka pipeline.",
    )


@pytest.fixture(autouse=True)
def _no_cached_answers():
    """Model answers are cached in Redis by request hash; each test starts without any."""
    forget_cached_answers()
    yield


@pytest.fixture
def llm_server():
    with OpenAIServer() as server:
        yield server


@pytest.fixture
def slept():
    return []


@pytest.fixture
def make_client(slept):
    def make(server, **overrides):
        options = {"base_url": server.url, "model": "test-model", "api_key": "", "timeout": 5.0, "max_retries": 2,
                   "backoff_base": 0.01, "backoff_max": 0.05, "cache_seconds": 60, "sleep": slept.append}
        return ChatClient(**(options | overrides))

    return make
