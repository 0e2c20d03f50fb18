"""A real ClamAV daemon for the tests: Debian's clamd on a free 127.0.0.1 port, with a signature database of its own.

freshclam cannot download ClamAV's databases here, so the fixture writes one `.hdb` line (the EICAR test file's
MD5 and size, as `sigtool --md5` makes it) and points clamd at it. One daemon serves the whole run; a test may
stop it (the scanner is down) and start it again on the same port.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from councilflow.virus_scan import EICAR

CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
# A real PNG that the test database calls infected: the portal's type check lets it through to the scanner.
INFECTED_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    + b"councilflow test virus"
)
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def signatures_write(directory: Path, *, detects: bytes) -> None:
    """MD5 signatures matching exactly `detects` (EICAR for a working scanner) and INFECTED_PNG."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = [
        f"{hashlib.md5(detects).hexdigest()}:{len(detects)}:Eicar-Test-Signature",
        f"{hashlib.md5(INFECTED_PNG).hexdigest()}:{len(INFECTED_PNG)}:Councilflow-Test-Infected-PNG",
    ]
    (directory / "councilflow-test.hdb").write_text("\n".join(lines) + "\n")


class ClamdDaemon:
    """clamd in the foreground under this test run; `address` is what CLAMAV_ADDRESS takes."""

    def __init__(self, root: Path, *, detects: bytes = EICAR) -> None:
        self.root = root
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        signatures_write(root / "db", detects=detects)
        self.config = root / "clamd.conf"
        self.config.write_text(
            "\n".join(
                [
                    "Foreground yes",
                    f"DatabaseDirectory {root / 'db'}",
                    "TCPAddr 127.0.0.1",
                    f"TCPSocket {self.port}",
                    f"TemporaryDirectory {root}",
                    f"LogFile {root / 'clamd.log'}",
                    "LogVerbose no",
                    "SelfCheck 0",
                    "User root",
                    "",
                ]
            )
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [CLAMD, "--config-file", str(self.config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.root / "clamd.log").read_text() if (self.root / "clamd.log").exists() else ""
                raise RuntimeError(f"clamd exited {self.process.returncode}: {self.process.stderr.read()!r} {log}")
            if self.answers():
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"clamd did not answer on {self.address} within {STARTUP_SECONDS}s")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"zPING\0")
                return s.recv(8).startswith(b"PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def daemon_started(root: Path, *, detects: bytes = EICAR) -> ClamdDaemon:
    if not Path(CLAMD).exists():
        pytest.skip("Debian's clamav-daemon is not installed (make clamav)")
    daemon = ClamdDaemon(root, detects=detects)
    daemon.start()
    return daemon


@pytest.fixture(scope="session")
def clamd_daemon(tmp_path_factory):
    """One clamd for the run, detecting the EICAR test file."""
    daemon = daemon_started(tmp_path_factory.mktemp("clamd"))
    yield daemon
    daemon.stop()


@pytest.fixture
def clamav(clamd_daemon, settings):
    """Uploads are scanned by the session's clamd; it is running again at the end even if the test stopped it."""
    if not clamd_daemon.answers():
        clamd_daemon.start()
    settings.CLAMAV_ADDRESS = clamd_daemon.address
    yield clamd_daemon
    if not clamd_daemon.answers():
        clamd_daemon.start()
