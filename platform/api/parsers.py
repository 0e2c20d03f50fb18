"""The API's JSON parser: DRF's, with the size and depth limits of `councilflow.json_limits`."""

from __future__ import annotations

from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

from councilflow.json_limits import JSONRefused, json_max_bytes, json_parse


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


class LimitedJSONParser(JSONParser):
    """Reads at most `JSON_MAX_BYTES` + 1 bytes and refuses deep nesting before parsing (a 400, never a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = json_max_bytes()
        body = stream.read(limit + 1) if stream is not None else b""
        try:
            return json_parse(body, max_bytes=limit, what="The request body", allow_nan=not self.strict)
        except JSONRefused as exc:
            if exc.limit == "size":
                raise RequestTooLarge(
                    f"The request body is larger than the limit of {limit} bytes (JSON_MAX_BYTES)"
                ) from exc
            raise ParseError(str(exc)) from exc
