"""OpenAPI post-processing: every operation documents the standard error body for its 4xx/5xx, and
string query parameters say they cannot be empty (BlankQueryParameterMiddleware refuses `?q=`)."""

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "request_id"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string", "description": "Stable machine-readable code, e.g. `not_found`."},
                "message": {"type": "string", "description": "A sentence for people."},
                "details": {"type": "object", "additionalProperties": True, "description": "Field errors or extra data."},
            },
        },
        "request_id": {"type": "string", "description": "Also sent as the X-Request-ID header."},
    },
}
ERROR_STATUSES = {
    "400": "Invalid request (field errors in `details`).",
    "401": "Missing or invalid credentials.",
    "403": "Not allowed (or CSRF failure for session clients).",
    "404": "Not found (or owned by someone else).",
    "405": "Method not allowed.",
    "406": "Not acceptable.",
    "409": "Conflicts with the object's current state.",
    "413": "Upload too large.",
    "415": "Unsupported media type.",
    "422": "Understood but refused (for example a URL that is not allowed).",
    "429": "Rate limited; see Retry-After.",
    "500": "Server error; the request id identifies it in the logs.",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                responses.setdefault(status, {"description": description, "content": {"application/json": {"schema": reference}}})
    return result


def forbid_empty_query_strings(result, generator, request, public):
    """String query parameters get minLength 1: the API answers `?q=` with 400 (jobly.middleware)."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = parameter.get("schema", {}) if parameter.get("in") == "query" else {}
                if schema.get("type") == "array":
                    schema = schema.get("items", {})
                if schema.get("type") == "string" and "enum" not in schema:
                    schema.setdefault("minLength", 1)
    return result
