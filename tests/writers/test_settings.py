"""Writer settings are validated at start-up with one message naming the variable."""

import pytest

from tests.jobly.test_settings import run_manage


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LLM_BASE_URL": "ftp://models.example.com/v1", "LLM_MODEL": "m"}, "LLM_BASE_URL must be an http(s) URL"),
        ({"LLM_BASE_URL": "http://127.0.0.1:11434/v1"}, "LLM_MODEL must name the model"),
        ({"WRITER": "openai"}, "WRITER=openai needs LLM_BASE_URL"),
        ({"LLM_TIMEOUT": "soon"}, "LLM_TIMEOUT must be a number"),
    ],
)
def test_bad_writer_settings_stop_start_up_with_one_message(env, expected):
    result = run_manage("check", **env)
    assert result.returncode == 2
    assert expected in result.stderr and "Traceback" not in result.stderr
