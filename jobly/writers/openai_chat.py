"""The OpenAI-compatible writer: `/v1/chat/completions` over httpx (OpenAI, Ollama, vLLM, llama.cpp).

`ChatClient.complete_json(messages, schema=)` asks for JSON (`response_format` where the server
accepts it, dropped once for a server that refuses it), bounds every call by a total deadline and a
response size, retries 429/5xx/timeouts/connection errors with exponential backoff and jitter (not
other 4xx), parses the answer strictly and validates it against the schema, and caches valid
answers in the Django cache (Redis) by a hash of (model, messages, schema). The model's answer is
untrusted text: it only ever leaves here as validated JSON values.
"""

import hashlib
import json
import logging
import os
import random
import re
import time

import httpx
from django.conf import settings
from django.core.cache import cache

from jobly.logs import SECRET_ENV_NAMES
from jobly.writers import prompts
from jobly.writers.base import Writer, validate_json
from jobly.writers.embedded import EmbeddedWriter
from jobly.writers.errors import LLMAuthFailed, LLMBadRequest, LLMBadResponse, LLMTimeout, LLMUnavailable
from jobly.writers.facts import clean_bullet, clean_text

logger = logging.getLogger("jobly.writers")

CACHE_PREFIX = "writer:llm:"
MAX_RESPONSE_BYTES = 1_000_000
_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")
# Base URLs whose server refused `response_format`: ask them without it (per process).
_NO_JSON_MODE = set()


def cache_key(model, messages, schema):
    material = json.dumps({"model": model, "messages": messages, "schema": schema}, sort_keys=True, ensure_ascii=False)
    return CACHE_PREFIX + hashlib.sha256(material.encode("utf-8")).hexdigest()


def parse_json_answer(content):
    """The JSON object in a model's answer: tolerate code fences and prose around it, nothing else."""
    if not isinstance(content, str) or not content.strip():
        raise LLMBadResponse("The answer was empty.")
    text = _FENCE.sub("", content.strip())
    if not text.startswith("{"):
        start, end = text.find("{"), text.rfind("}")
        if start < 0 or end <= start:
            raise LLMBadResponse("The answer holds no JSON object.")
        text = text[start: end + 1]
    try:
        value = json.loads(text)
    except ValueError as error:
        raise LLMBadResponse(f"The answer is not valid JSON ({error.msg} at {error.pos}).") from None
    if not isinstance(value, dict):
        raise LLMBadResponse("The answer is JSON but not an object.")
    return value


def _retry_after(response):
    try:
        return max(0.0, float(response.headers.get("retry-after", "")))
    except ValueError:
        return None


def _secret_values(api_key):
    values = [settings.SECRET_KEY, api_key, *(os.environ.get(name, "") for name in SECRET_ENV_NAMES)]
    return [value for value in values if value and len(value) >= 6]


class ChatClient:
    def __init__(self, *, base_url, model, api_key="", timeout=30.0, max_retries=2, backoff_base=0.5,
                 backoff_max=8.0, cache_seconds=86400, json_mode=True, sleep=time.sleep):
        self.base_url = base_url.rstrip("/")
        self.model = model
        self._api_key = api_key
        self.timeout = float(timeout)
        self.max_retries = int(max_retries)
        self.backoff_base = float(backoff_base)
        self.backoff_max = float(backoff_max)
        self.cache_seconds = int(cache_seconds)
        self.json_mode = json_mode
        self._sleep = sleep

    @classmethod
    def from_settings(cls):
        return cls(
            base_url=settings.LLM_BASE_URL, model=settings.LLM_MODEL, api_key=settings.LLM_API_KEY,
            timeout=settings.LLM_TIMEOUT, max_retries=settings.LLM_MAX_RETRIES,
            backoff_base=settings.LLM_RETRY_BACKOFF_BASE, cache_seconds=settings.LLM_CACHE_SECONDS,
            json_mode=settings.LLM_JSON_MODE,
        )

    def __repr__(self):  # never the key
        return f"ChatClient(base_url={self.base_url!r}, model={self.model!r})"

    def _headers(self):
        headers = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "jobly-writer/1"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def _redacted(self, messages):
        secrets = _secret_values(self._api_key)
        cleaned = []
        for message in messages:
            content = message["content"]
            for secret in secrets:
                content = content.replace(secret, "[redacted]")
            cleaned.append({"role": message["role"], "content": content})
        return cleaned

    def backoff(self, attempt, retry_after=None):
        """Seconds before retry number `attempt` (0-based): exponential, with jitter, capped."""
        ceiling = min(self.backoff_max, self.backoff_base * 2**attempt)
        delay = ceiling / 2 + random.uniform(0, ceiling / 2)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.backoff_max))
        return delay

    def complete_json(self, messages, *, schema):
        """The answer to `messages` as a dict that fits `schema`; cached; raises writer errors."""
        messages = self._redacted(messages)
        key = cache_key(self.model, messages, schema)
        cached = self._cache_get(key)
        if cached is not None:
            return cached
        attempt = 0
        while True:
            try:
                content = self._post_chat(messages)
                break
            except (LLMTimeout, LLMUnavailable) as error:
                if attempt >= self.max_retries:
                    raise
                delay = self.backoff(attempt, getattr(error, "retry_after", None))
                logger.warning("writer retry", extra={"code": error.code, "attempt": attempt + 1, "delay": round(delay, 3)})
                self._sleep(delay)
                attempt += 1
        value = validate_json(parse_json_answer(content), schema)
        self._cache_set(key, value)
        return value

    def _post_chat(self, messages):
        body = {"model": self.model, "messages": messages, "temperature": 0, "stream": False}
        use_json_mode = self.json_mode and self.base_url not in _NO_JSON_MODE
        if use_json_mode:
            body["response_format"] = {"type": "json_object"}
        try:
            return self._send(body)
        except LLMBadRequest as error:
            refused_json_mode = "response_format" in error.server_message or "json" in error.server_message.lower()
            if not use_json_mode or isinstance(error, LLMAuthFailed) or not refused_json_mode:
                raise
            # Some servers (older llama.cpp, some vLLM models) refuse response_format: ask plainly.
            _NO_JSON_MODE.add(self.base_url)
            body.pop("response_format")
            return self._send(body)

    def _send(self, body):
        deadline = time.monotonic() + self.timeout
        started = time.perf_counter()
        timeout = httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0))
        try:
            with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as http:
                with http.stream("POST", f"{self.base_url}/chat/completions", json=body, headers=self._headers()) as response:
                    raw = bytearray()
                    for chunk in response.iter_bytes():
                        raw += chunk
                        if len(raw) > MAX_RESPONSE_BYTES:
                            raise LLMBadResponse("The answer is larger than allowed.")
                        if time.monotonic() > deadline:
                            raise LLMTimeout(f"No complete answer within {self.timeout:g} s.")
        except httpx.TimeoutException:
            raise LLMTimeout(f"No answer within {self.timeout:g} s.") from None
        except httpx.TransportError as error:
            raise LLMUnavailable(f"Could not reach the server ({type(error).__name__}).") from None
        status = response.status_code
        logger.info("writer call", extra={"status": status, "model": self.model,
                                          "ms": round(1000 * (time.perf_counter() - started), 1)})
        if status == 429 or status >= 500:
            error = LLMUnavailable(f"The server answered {status}.", details={"status": status})
            error.retry_after = _retry_after(response)
            raise error
        if status in (401, 403):
            raise LLMAuthFailed(details={"status": status})
        if status >= 400:
            error = LLMBadRequest(f"The server answered {status}.", details={"status": status})
            error.server_message = bytes(raw[:500]).decode("utf-8", errors="replace")  # for the caller, not the user
            raise error
        if status != 200:
            raise LLMBadResponse(f"Unexpected status {status}.")
        try:
            payload = json.loads(bytes(raw))
            return payload["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise LLMBadResponse("The server's answer is not a chat completion.") from None

    def probe(self):
        """(answers, latency in ms, error code or "") from GET /models, which all four servers serve."""
        started = time.perf_counter()
        try:
            with httpx.Client(timeout=min(self.timeout, 5.0), trust_env=False) as http:
                response = http.get(f"{self.base_url}/models", headers=self._headers())
        except httpx.TimeoutException:
            return False, None, LLMTimeout.code
        except httpx.TransportError:
            return False, None, LLMUnavailable.code
        latency = round(1000 * (time.perf_counter() - started), 1)
        if response.status_code in (401, 403):
            return True, latency, LLMAuthFailed.code
        if response.status_code == 429 or response.status_code >= 500:
            return False, latency, LLMUnavailable.code
        return True, latency, ""

    def _cache_get(self, key):
        if self.cache_seconds <= 0:
            return None
        try:
            return cache.get(key)
        except Exception as error:  # a cache outage costs a model call, never the answer
            logger.warning("writer cache unavailable", extra={"error": type(error).__name__})
            return None

    def _cache_set(self, key, value):
        if self.cache_seconds <= 0:
            return
        try:
            cache.set(key, value, timeout=self.cache_seconds)
        except Exception as error:
            logger.warning("writer cache unavailable", extra={"error": type(error).__name__})


class OpenAIChatWriter(Writer):
    """Drafts with a language model; every draft passes the guard or the embedded text is used."""

    name = "openai"
    uses_model = True

    def __init__(self, client, *, fallback="embedded"):
        """fallback: the writer used when a draft is rejected or the server fails ("embedded" by
        default); None keeps the profile's own text instead."""
        self.client = client
        self.fallback = EmbeddedWriter() if fallback == "embedded" else fallback

    def describe(self):
        return f"openai:{self.client.model}"

    def _draft_summary(self, *, candidate, posting):
        answer = self.client.complete_json(prompts.summary_messages(candidate, posting), schema=prompts.SUMMARY_SCHEMA)
        return clean_text(answer["summary"], max_length=900)

    def _draft_bullet(self, *, item, posting, candidate):
        answer = self.client.complete_json(prompts.bullet_messages(item, posting), schema=prompts.BULLET_SCHEMA)
        return clean_bullet(answer["text"], max_length=600)

    def _draft_letter(self, *, candidate, posting, achievements):
        answer = self.client.complete_json(prompts.letter_messages(candidate, posting, achievements),
                                           schema=prompts.LETTER_SCHEMA)
        return [(clean_text(p["text"], max_length=900), tuple(p["source_ids"])) for p in answer["paragraphs"]]

    def _draft_json(self, *, purpose, payload, schema):
        return self.client.complete_json(prompts.json_messages(purpose, payload, schema), schema=schema)
