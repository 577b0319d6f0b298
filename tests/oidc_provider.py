"""A small, standards-following OpenID Connect provider on loopback, for the single sign-on
tests: a discovery document, a JWKS with an RSA key made for this test run, an authorisation
endpoint that sends the browser back with a code, and a token endpoint that checks the
client's secret, the redirect URI and the PKCE verifier and answers with a signed ID token.

A test says who signs in next (`provider.user`) and how the provider misbehaves
(`provider.tamper`: claims to change or drop, `provider.signing`: "none" or "unknown-key").
The `provider` fixture starts one for a test and points the settings at it.
"""

import base64
import dataclasses
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

OFFICERS_GROUP = "4a1f0c52-0d7e-4d5e-9f3c-officers"
REPORTERS_GROUP = "77b2e0a1-5c3d-4f1e-8a9b-reporters"
CLIENT_ID = "caution-register-tests"
CLIENT_SECRET = "a-client-secret-for-tests"
TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad"


def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclasses.dataclass
class Grant:
    nonce: str | None
    redirect_uri: str
    challenge: str | None
    claims: dict


class Provider:
    """Runs in a thread of the test process, on 127.0.0.1 and a free port."""

    def __init__(self, key: rsa.RSAPrivateKey, other_key: rsa.RSAPrivateKey) -> None:
        self.key, self.other_key = key, other_key
        self.kid = "test-key-1"
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        # Entra ID's issuer names the tenant.
        self.issuer = f"{self.base}/{TENANT}/v2.0"
        self.user: dict = {"sub": "subject-1", "tid": TENANT}
        self.tamper: dict = {}
        self.signing = "rs256"
        self.grants: dict[str, Grant] = {}
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> "Provider":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    # What the endpoints answer.

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.base}/authorize",
            "token_endpoint": f"{self.base}/token",
            "jwks_uri": f"{self.base}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict:
        public = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def authorize(self, query: dict) -> str:
        """The browser's next address: back to the client with a code and the state."""
        assert query["client_id"] == CLIENT_ID
        assert query["response_type"] == "code"
        assert "openid" in query["scope"].split()
        code = secrets.token_urlsafe(16)
        self.grants[code] = Grant(
            nonce=query.get("nonce"),
            redirect_uri=query["redirect_uri"],
            challenge=query.get("code_challenge"),
            claims=dict(self.user),
        )
        answer = urllib.parse.urlencode({"code": code, "state": query["state"]})
        return f"{query['redirect_uri']}?{answer}"

    def token(self, form: dict) -> tuple[int, dict]:
        grant = self.grants.pop(form.get("code", ""), None)
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return 401, {"error": "invalid_client"}
        if form.get("redirect_uri") != grant.redirect_uri:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant.challenge:
            return 400, {"error": "invalid_grant"}
        return 200, {
            "access_token": secrets.token_urlsafe(16),
            "token_type": "Bearer",
            "expires_in": 3600,
            "id_token": self.id_token(grant),
        }

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "nonce": grant.nonce,
            **grant.claims,
        }
        for name, value in self.tamper.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        if self.signing == "none":
            return jwt.encode(claims, None, algorithm="none")
        if self.signing == "unknown-key":
            return jwt.encode(claims, self.other_key, algorithm="RS256", headers={"kid": "other"})
        if self.signing == "other-key-same-kid":
            return jwt.encode(claims, self.other_key, algorithm="RS256", headers={"kid": self.kid})
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})


def _handler(provider: Provider):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            if url.path == f"/{TENANT}/v2.0/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/authorize":
                self.send_response(302)
                self.send_header("Location", provider.authorize(query))
                self.end_headers()
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            if self.path == "/token":
                self._json(*provider.token(form))
            else:
                self._json(404, {"error": "not_found"})

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args) -> None:
            pass

    return Handler


@pytest.fixture(scope="session", name="provider_keys")
def provider_keys_fixture():
    """The provider's signing key, made for this test run, and a key it never published."""
    return rsa_key(), rsa_key()


@pytest.fixture(name="provider")
def provider_fixture(provider_keys, settings):
    with Provider(*provider_keys) as running:
        settings.OIDC_ISSUER = running.issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_GROUP_ROLES = [
            f"{OFFICERS_GROUP}=register_officer",
            f"{REPORTERS_GROUP}=reporter",
        ]
        yield running
