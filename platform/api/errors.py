"""Every API error is a problem-details body (RFC 9457): type, title, status, detail, and for invalid input
`errors`, one entry per field with its exact path (`answers.bin_type`, `kinds.0`), so a client can show or log
what to correct. Domain refusals (casework's exceptions) map to 400/403/409 here, never a 500."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.exceptions import APIException, ErrorDetail, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from casework.exceptions import CaseConflict, NotAllowed, ServiceNotAccepting, SubmissionInvalid, TaskNotAvailable

PROBLEM_BASE = "https://councilflow.example/problems/"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The case changed meanwhile."
    default_code = "conflict"


def problem_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail flattened to [{"path": "a.b.0", "message": ...}]."""
    if isinstance(detail, dict):
        return [e for key, value in detail.items() for e in problem_errors(value, f"{prefix}{key}.")]
    if isinstance(detail, list):
        if all(isinstance(item, (str, ErrorDetail)) for item in detail):
            return [{"path": prefix.rstrip(".") or "body", "message": str(item)} for item in detail]
        return [e for i, item in enumerate(detail) for e in problem_errors(item, f"{prefix}{i}.")]
    return [{"path": prefix.rstrip(".") or "body", "message": str(detail)}]


def invalid(errors: dict[str, str], *, prefix: str = "") -> ValidationError:
    """A 400 naming each field: `errors` as the form engine gives them (path -> message), under `prefix`."""
    return ValidationError({f"{prefix}{path}": [message] for path, message in errors.items()})


def domain_error(exc: Exception) -> APIException | None:
    """casework's refusals as API exceptions (the same words the officer pages show)."""
    if isinstance(exc, SubmissionInvalid):
        return invalid(exc.errors)
    if isinstance(exc, CaseConflict):
        return Conflict(f"The case is at version {exc.current}; this request was for version {exc.expected}.")
    if isinstance(exc, TaskNotAvailable):
        return Conflict(str(exc))
    if isinstance(exc, NotAllowed):
        return PermissionDenied(str(exc))
    if isinstance(exc, ServiceNotAccepting):
        return ValidationError({"service": [str(exc)]})
    return None


def problem_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, with the body rewritten as problem details."""
    exc = domain_error(exc) or exc
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (getattr(exc, "default_code", "error") if isinstance(exc, APIException) else "error"),
        "title": response.status_text,
        "status": response.status_code,
    }
    if isinstance(exc, ValidationError):
        body["detail"] = "The request has errors; each is named by its path."
        body["errors"] = problem_errors(data)
    else:
        body["detail"] = str(data.get("detail", "")) if isinstance(data, dict) else str(data)
    response.data = body
    return response
