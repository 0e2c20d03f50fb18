"""Helpers and fixtures for the identity tests: a real OpenID Connect provider (node, `oidc-provider`) on 127.0.0.1 for the whole session, and helpers that
walk its sign-in the way a browser does: Django's test client for Councilflow, requests for the provider."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CLIENT_ID = "councilflow-test"
CLIENT_SECRET = "test-only-client-secret-not-used-anywhere-else"
KID = "test-key-1"
RP = "http://testserver"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class OidcProvider:
    issuer: str
    users_file: Path
    private_key: rsa.RSAPrivateKey
    users: dict = field(default_factory=dict)

    def user_set(self, login: str, *, groups: list[str], email: str | None = None) -> None:
        """Add or change a person at the provider; the provider reads the file at every sign-in."""
        self.users[login] = {
            "email": email or f"{login}@riverside.example.gov.uk",
            "given_name": login.capitalize(),
            "family_name": "Tester",
            "groups": groups,
        }
        self.users_file.write_text(json.dumps(self.users))


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    node_modules = ROOT / "node_modules" / "oidc-provider"
    if not node_modules.exists():
        pytest.fail("node_modules/oidc-provider is missing: run `make install-test` (npm install)")
    workdir = tmp_path_factory.mktemp("oidc")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = {**json.loads(RSAAlgorithm.to_jwk(key)), "kid": KID, "use": "sig", "alg": "RS256"}
    jwk.pop("key_ops", None)  # PyJWT writes ["sign"]; the provider also verifies with it (id_token_hint)
    port = _free_port()
    users_file = workdir / "users.json"
    users_file.write_text("{}")
    config = {
        "port": port,
        "users_file": str(users_file),
        "jwks": {"keys": [jwk]},
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{RP}/accounts/sso/callback/"],
                "post_logout_redirect_uris": [f"{RP}/accounts/login/"],
                "token_endpoint_auth_method": "client_secret_post",
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
            }
        ],
    }
    config_file = workdir / "config.json"
    config_file.write_text(json.dumps(config))
    process = subprocess.Popen(
        ["node", str(HERE / "oidc_provider.mjs"), str(config_file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    while not (output and output[-1].startswith("ready")):  # warnings (e.g. about the Node version) come first
        line = process.stdout.readline()
        if not line:
            process.kill()
            pytest.fail("the OIDC provider did not start:\n" + "".join(output))
        output.append(line)
    log = workdir / "provider.log"  # its error events, for a failing test to read

    def drain() -> None:
        with log.open("a") as out:
            for line in process.stdout:
                out.write(line)
                out.flush()

    threading.Thread(target=drain, daemon=True).start()
    yield OidcProvider(issuer=f"http://127.0.0.1:{port}", users_file=users_file, private_key=key)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def sso_settings(settings, oidc_provider):
    """Councilflow configured for the test provider, as the OIDC_* environment variables would."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    return settings


def sso_sign_in(client, provider: OidcProvider, login: str, *, next_url: str = ""):
    """Start at Councilflow, sign in at the provider as `login`, and return Councilflow's callback response."""
    start = client.get("/accounts/sso/start/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start.content
    browser = requests.Session()
    location = start["Location"]
    assert location.startswith(provider.issuer)
    response = browser.get(location, allow_redirects=False)
    while response.is_redirect and urljoin(location, response.headers["Location"]).startswith(provider.issuer):
        location = urljoin(location, response.headers["Location"])
        response = browser.get(location, allow_redirects=False)
    assert response.status_code == 200 and "/interaction/" in location, response.text
    response = browser.post(location, data={"login": login}, allow_redirects=False)
    while response.is_redirect:
        location = urljoin(location, response.headers["Location"])
        if not location.startswith(provider.issuer):
            break
        response = browser.get(location, allow_redirects=False)
    assert location.startswith(f"{RP}/accounts/sso/callback/"), (response.status_code, response.text[:500])
    parts = urlsplit(location)
    return client.get(f"{parts.path}?{parts.query}")


class _TokenProxyHandler(BaseHTTPRequestHandler):
    """Stands between Councilflow and the provider's token endpoint and spoils the ID token as asked."""

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        server = self.server
        upstream = requests.post(
            server.token_endpoint, data=body, headers={"Content-Type": self.headers["Content-Type"]}, timeout=10
        )
        tokens = upstream.json()
        if upstream.ok and "id_token" in tokens:
            tokens["id_token"] = server.spoil(tokens["id_token"])
        payload = json.dumps(tokens).encode()
        self.send_response(upstream.status_code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def spoil_tampered(token: str) -> str:
    """Change the claims (more groups) but keep the provider's signature: the signature no longer matches."""
    header, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["groups"] = [*claims.get("groups", []), "grp-riverside-admins"]
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return f"{header}.{forged}.{signature}"


def spoil_expired(key: rsa.RSAPrivateKey):
    """Re-sign with the provider's own key but an expiry an hour ago: a genuine token that is out of date."""

    def spoil(token: str) -> str:
        claims = jwt.decode(token, options={"verify_signature": False})
        now = int(time.time())
        claims.update(iat=now - 7200, exp=now - 3600)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})

    return spoil


@pytest.fixture
def token_proxy(sso_settings, oidc_provider):
    """A proxy for the token endpoint; set `.spoil` to a function of the ID token."""
    discovery = requests.get(f"{oidc_provider.issuer}/.well-known/openid-configuration", timeout=10).json()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _TokenProxyHandler)
    server.token_endpoint = discovery["token_endpoint"]
    server.spoil = lambda token: token
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sso_settings.OIDC_OP_TOKEN_ENDPOINT = f"http://127.0.0.1:{server.server_address[1]}/token"
    yield server
    server.shutdown()
    server.server_close()
