"""Writer errors as codes. Transient ones (timeouts, 429, 5xx, no connection) retry; the rest do not."""

from jobly.errors import PermanentError, TransientError


class LLMTimeout(TransientError):
    code = "llm_timeout"
    default_message = "The language model server did not answer in time."


class LLMUnavailable(TransientError):
    """429, a 5xx, or no connection: the server may answer later."""

    code = "llm_unavailable"
    default_message = "The language model server is unavailable right now."


class LLMBadRequest(PermanentError):
    """A 4xx other than 429: the request itself is wrong (model name, parameters); retrying cannot help."""

    code = "llm_bad_request"
    default_message = "The language model server refused the request."
    server_message = ""  # the start of the server's error body (untrusted; never shown as-is)


class LLMAuthFailed(LLMBadRequest):
    code = "llm_auth_failed"
    default_message = "The language model server refused the API key (401/403)."


class LLMBadResponse(PermanentError):
    """The answer was not JSON, or not JSON of the asked shape."""

    code = "llm_bad_response"
    default_message = "The language model's answer was not valid JSON of the expected shape."


class WriterUnsupported(PermanentError):
    """The embedded writer has no deterministic builder for this purpose."""

    code = "writer_unsupported"
    default_message = "This writer cannot produce that kind of content."


LLM_ERRORS = (LLMTimeout, LLMUnavailable, LLMBadRequest, LLMBadResponse)
