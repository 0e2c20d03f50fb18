"""Talking to ClamAV's daemon (clamd) through clamav-client: scan a file's bytes, and check the scanner works.

The address is CLAMAV_ADDRESS: `host:port`, or a unix socket path (`/run/clamav/clamd.ctl`). Unset means no
scanner is configured: files are kept as "unscanned" (a deployment check warns outside local mode). Any failure
to reach or understand clamd is ScannerUnavailable, so callers keep the file pending instead of guessing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO, Protocol, cast

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings

DEFAULT_TIMEOUT_SECONDS = 10.0
# The EICAR test file, in two halves so this source file is not itself taken for one by a scanner.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class Readable(Protocol):
    """Anything with read(size) -> bytes: an upload, a stored FieldFile, a BytesIO."""

    def read(self, size: int = ..., /) -> bytes: ...


class ScannerUnavailable(Exception):
    """clamd could not be reached or gave no usable answer: the file stays pending, to be scanned later."""


@dataclass(frozen=True)
class ScanResult:
    infected: bool
    signature: str = ""  # the virus name clamd found, e.g. "Eicar-Test-Signature.UNOFFICIAL"


def scanner_configured() -> bool:
    return bool(getattr(settings, "CLAMAV_ADDRESS", ""))


def _client(timeout: float | None = None) -> ClamdNetworkSocket:
    address = settings.CLAMAV_ADDRESS
    timeout = timeout if timeout is not None else float(getattr(settings, "CLAMAV_TIMEOUT", DEFAULT_TIMEOUT_SECONDS))
    if address.startswith(("/", "unix://")):
        return ClamdUnixSocket(path=address, timeout=timeout)  # type: ignore[arg-type]
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ScannerUnavailable(f"CLAMAV_ADDRESS {address!r} is neither host:port nor a socket path")
    return ClamdNetworkSocket(host=host.strip("[]"), port=int(port), timeout=timeout)


def stream_scan(stream: Readable, *, timeout: float | None = None) -> ScanResult:
    """Send the stream's bytes to clamd (INSTREAM) from where it is now; ScannerUnavailable on any failure."""
    try:
        answer = _client(timeout).instream(cast(BinaryIO, stream))
    except (ClamdError, OSError) as exc:
        raise ScannerUnavailable(f"{type(exc).__name__}: {exc}") from exc
    status, signature = answer.get("stream", ("", None))
    if status == "FOUND":
        return ScanResult(infected=True, signature=signature or "unknown")
    if status == "OK":
        return ScanResult(infected=False)
    raise ScannerUnavailable(f"clamd answered {answer!r}")


def scanner_check(*, timeout: float) -> str:
    """For /readyz: clamd answers, and detects the EICAR test file (a scanner without signatures does not)."""
    try:
        version = _client(timeout).version()
    except (ClamdError, OSError) as exc:
        raise ScannerUnavailable(f"{type(exc).__name__}: {exc}") from exc
    if stream_scan(io.BytesIO(EICAR), timeout=timeout).infected is False:
        raise ScannerUnavailable(
            f"{version} does not detect the EICAR test file: it has no usable signatures (has freshclam run?)"
        )
    return f"{version} detects the EICAR test file"
