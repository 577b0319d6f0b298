"""`caution serve` behind a real reverse proxy that terminates TLS (Debian's nginx, on
loopback): a browser signs in over HTTPS with no redirect loop and no CSRF origin failure,
is told to stay on HTTPS (HSTS), and gets only Secure cookies. Skipped where nginx is not
installed (Debian package `nginx-light`)."""

import contextlib
import http.client
import http.cookies
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
OPENSSL = shutil.which("openssl")
pytestmark = pytest.mark.skipif(
    not (NGINX and OPENSSL), reason="needs Debian's nginx (nginx-light) and openssl"
)
PASSWORD = "a long proxy test password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen) -> None:
    for _ in range(300):
        assert process.poll() is None, "the server stopped"
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise AssertionError(f"nothing listening on {port}")


@contextlib.contextmanager
def _running(command: list[str], env: dict, port: int, log: Path):
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


NGINX_CONF = """
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    server {{
        listen 127.0.0.1:{https_port} ssl;
        ssl_certificate {root}/cert.pem;
        ssl_certificate_key {root}/key.pem;
        location / {{
            proxy_pass http://127.0.0.1:{app_port};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def proxied(tmp_path_factory, migrated_sqlite):
    """The service behind nginx on https://localhost:PORT, with one user to sign in: its
    port and a TLS context that trusts the proxy's certificate."""
    tmp_path = tmp_path_factory.mktemp("proxied")
    root = tmp_path / "nginx"
    root.mkdir()
    certificate = ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]
    files = ["-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem")]
    self_signed = [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    subprocess.run([*self_signed, *certificate, *files], check=True, capture_output=True)
    app_port, https_port = _free_port(), _free_port()
    (root / "nginx.conf").write_text(
        NGINX_CONF.format(root=root, https_port=https_port, app_port=app_port)
    )
    data = migrated_sqlite.copy_to(tmp_path / "data")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "CAUTION_DATA_DIR": str(data),
        "CAUTION_HTTPS": "true",
        "CAUTION_TRUSTED_PROXY": "127.0.0.1",
        "ALLOWED_HOSTS": "localhost",
    }
    create = (
        "from caution.accounts.actions import user_create; "
        "from caution.accounts.roles import Role; "
        f"user_create(username='proxied', password={PASSWORD!r}, roles=[Role.REPORTER], "
        "first_name='Pru', last_name='Proxied', organisation=None, by=None)"
    )
    caution = [sys.executable, "-m", "caution"]
    subprocess.run([*caution, "shell", "-c", create], env=env, check=True, capture_output=True)
    serve = [*caution, "serve", "--port", str(app_port), "--threads", "2"]
    nginx = [NGINX, "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"]
    with (
        _running(serve, env, app_port, tmp_path / "serve.log"),
        _running(nginx, env, https_port, tmp_path / "nginx.log"),
    ):
        yield https_port, ssl.create_default_context(cafile=root / "cert.pem")


@pytest.fixture
def site(proxied):
    return Browser(*proxied)


class Browser:
    """Just enough of a browser: HTTPS with the proxy's certificate, cookies, no redirects."""

    def __init__(self, port: int, context: ssl.SSLContext):
        self.origin = f"https://localhost:{port}"
        self.port, self.context = port, context
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPSConnection("localhost", self.port, context=self.context)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            }
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            cookie = http.cookies.SimpleCookie(header)
            self.cookies |= {name: morsel.value for name, morsel in cookie.items()}
        connection.close()
        return response

    def follow(self, response):
        """The page the redirects end on (a loop would never end: five at most)."""
        for _ in range(5):
            if response.status not in (301, 302):
                return response
            response = self.request("GET", response.getheader("Location"))
        raise AssertionError("too many redirects")

    def sign_in(self, username: str, password: str):
        page = self.request("GET", "/sign-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        form = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        return self.request("POST", "/sign-in/", form)


def test_the_sign_in_page_is_served_over_https_without_a_redirect_loop(site):
    assert site.follow(site.request("GET", "/sign-in/")).status == 200


def test_a_user_signs_in_through_the_proxy(site):
    signed_in = site.sign_in("proxied", PASSWORD)

    assert signed_in.status == 302, signed_in.text
    landed = site.follow(signed_in)
    assert landed.status == 200
    assert "Sign out" in landed.text


def test_browsers_are_told_to_stay_on_https(site):
    hsts = site.request("GET", "/sign-in/").getheader("Strict-Transport-Security")

    assert hsts and "max-age=31536000" in hsts


def test_every_cookie_is_secure(site):
    site.sign_in("proxied", PASSWORD)

    names = {header.split("=", 1)[0] for header in site.set_cookie_headers}
    assert {"csrftoken", "sessionid"} <= names
    assert all("; Secure" in header for header in site.set_cookie_headers)
