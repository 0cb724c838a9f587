"""The one JSON reader for what users send: API bodies (a DRF parser), JSON Resume bodies and files.

Refuses, with 400 and a code, what Python's json module would take or crash on:
- nesting deeper than MAX_DEPTH (`json_too_deep`), checked by a scan before parsing, so a body of
  `[[[[…` is refused in linear time instead of ending in RecursionError;
- a key repeated in one object (`duplicate_key`): the json module silently keeps the last one;
- a NUL or a lone surrogate in any string or key (`invalid_character`, naming the field): PostgreSQL
  cannot store either. Refused rather than cleaned: a JSON body is machine-made, so a NUL in it is a
  client bug to report, not prose to repair (text uploads are repaired instead, see resume/extract.py);
- NaN, Infinity and numbers that overflow a float (`malformed_json`): not JSON, and not storable.
"""

import json
import math
import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from jobly.errors import PermanentError

MAX_DEPTH = 32  # JSON Resume needs 4 levels; an API body fewer
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_BAD_CHARACTER = re.compile(r"[\x00\ud800-\udfff]")


class JSONInputError(PermanentError):
    """Bad JSON from a user: 400 in a request, a permanent failure in a background job."""

    code = "malformed_json"
    status = 400
    default_message = "This is not valid JSON."


class _DuplicateKey(ValueError):
    def __init__(self, key):
        super().__init__(key)
        self.key = key


def _too_deep(text, limit):
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _pairs_without_duplicates(pairs):
    document = {}
    for key, value in pairs:
        if key in document:
            raise _DuplicateKey(key)
        document[key] = value
    return document


def _finite_float(text):
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number out of range: {text[:40]}")
    return value


def _refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


def _printable(key):
    return key.encode("utf-8", "backslashreplace").decode("utf-8")  # a lone surrogate cannot be sent back raw


def _field_name(path):
    return "".join(f"[{part}]" if isinstance(part, int) else f".{_printable(part)}" for part in path).lstrip(".") or "(root)"


def _first_bad_string(document):
    """(path, message) of the first string or key holding a NUL or a lone surrogate, else None."""
    stack = [((), document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if match := _BAD_CHARACTER.search(value):
                return path, _describe(match.group())
        elif isinstance(value, dict):
            for key, item in value.items():
                if match := _BAD_CHARACTER.search(key):
                    return (*path, key), f"(the key) {_describe(match.group())}"
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))
    return None


def _describe(character):
    return "contains a NUL character (\\u0000)." if character == "\x00" else "contains a lone surrogate (invalid UTF-16)."


def loads(data, *, max_depth=MAX_DEPTH, malformed_code=JSONInputError.code, malformed_status=JSONInputError.status):
    """Parse JSON text or UTF-8 bytes (a BOM is allowed) from a user; raises JSONInputError.

    `malformed_code`/`malformed_status` name plain syntax errors for the caller's format (a JSON
    Resume file is `invalid_json_resume`, 422); the other refusals keep their own codes.
    """
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise JSONInputError(
                "The JSON is not UTF-8 text.", code=malformed_code, status=malformed_status,
                details={"position": error.start},
            ) from error
    if _too_deep(data, max_depth):
        raise JSONInputError(
            f"The JSON is nested deeper than {max_depth} levels.", code="json_too_deep", details={"max_depth": max_depth}
        )
    try:
        document = json.loads(
            data, object_pairs_hook=_pairs_without_duplicates, parse_float=_finite_float, parse_constant=_refuse_constant
        )
    except _DuplicateKey as duplicate:
        key = _printable(duplicate.key)
        raise JSONInputError(
            f"The key {key!r} appears more than once in one object.", code="duplicate_key",
            details={key: ["This key appears more than once."]},
        ) from None
    except (ValueError, RecursionError) as error:
        raise JSONInputError(f"This is not valid JSON ({error}).", code=malformed_code, status=malformed_status) from None
    if bad := _first_bad_string(document):
        path, message = bad
        field = _field_name(path)
        raise JSONInputError(f"{field} {message}", code="invalid_character", details={field: [message]})
    return document


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the checks above (REST_FRAMEWORK's DEFAULT_PARSER_CLASSES)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return loads(stream.read())
        except JSONInputError as error:
            if error.code == JSONInputError.code:
                raise ParseError(error.message) from error  # plain syntax errors keep DRF's malformed_request
            raise
