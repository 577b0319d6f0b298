"""Notifications leave through the outbox to a real SMTP server on loopback."""

import pytest

from caution.accounts.roles import Role
from caution.notifications.actions import preferences_update
from caution.outbox.delivery import outbox_deliver
from tests.deciding.conftest import submitted
from tests.factories import make_person
from tests.notifications.conftest import staff
from tests.outbox.receivers import SmtpReceiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    with SmtpReceiver() as receiver:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", receiver.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield receiver


def test_003_6_3_a_safety_alert_reaches_the_threatened_officer_by_smtp_without_naming_the_person(
    smtp,
):
    reporter = staff(Role.REPORTER, "Rita")
    target = staff(Role.REPORTER, "Tara")
    preferences_update(target, chosen={}, by=target)  # every optional e-mail turned off
    submitted(reporter, make_person("Gary", "Pratt"), "VIOLENCE", staff=[(target, True)])

    outbox_deliver()

    [alert] = [m for m in smtp.messages if m["To"] == target.email]
    assert alert["Subject"].startswith("Safety alert")
    body = alert.get_content()
    assert "/reports/" in body
    assert "Gary" not in body and "Pratt" not in body
