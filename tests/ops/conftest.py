"""Fixtures for the operations tests: a free port nobody listens on, and a worker that has just beaten."""

from __future__ import annotations

import socket

import pytest


@pytest.fixture
def closed_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago: connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def worker_beaten(db):
    """One real worker pass, as `run_worker` runs it: it stamps the heartbeat."""
    from connectors.management.commands.run_worker import worker_pass

    return worker_pass()
