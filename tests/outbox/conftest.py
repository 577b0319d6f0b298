"""A real SMTP server and a real webhook receiver on loopback, and a subscriber."""

import pytest

from caution.outbox.models import EVENTS, WebhookSubscription
from tests.outbox.receivers import SmtpReceiver, WebhookReceiver


@pytest.fixture
def smtp(db, settings):
    """Django sends through SMTP to a server on 127.0.0.1 (not pytest-django's locmem)."""
    with SmtpReceiver() as receiver:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = receiver.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.DEFAULT_FROM_EMAIL = "caution-register@council.example"
        yield receiver


@pytest.fixture
def receiver(settings):
    """A webhook receiver on loopback, which the operator has allowed (outbox/addresses.py)."""
    settings.CAUTION_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    with WebhookReceiver() as server:
        yield server


@pytest.fixture
def housing_system(db, receiver):
    """The housing system, subscribed to every event."""
    return WebhookSubscription.objects.create(
        name="Housing management system", url=receiver.url, events=list(EVENTS)
    )
