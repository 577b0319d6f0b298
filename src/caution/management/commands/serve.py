from django.conf import settings
from django.core.management.base import BaseCommand
from waitress import serve

from caution.wsgi import application


class Command(BaseCommand):
    help = "Serve the web application with waitress (put a TLS-terminating proxy in front)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        self.stdout.write(f"Caution Register on http://{host}:{port}/ (Ctrl+C to stop)")
        serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="Caution Register",
            **proxy_options(),
        )


def proxy_options() -> dict:
    """Waitress's trusted proxy: behind it, the scheme (https) and the client's address come
    from the proxy's headers, so Django redirects, checks CSRF origins and sends HSTS as the
    browser sees the site. Without one, waitress drops those headers from anyone."""
    if not settings.TRUSTED_PROXY:
        return {}
    return {
        "trusted_proxy": settings.TRUSTED_PROXY,
        "trusted_proxy_headers": set(settings.TRUSTED_PROXY_HEADERS),
        "trusted_proxy_count": 1,
    }
