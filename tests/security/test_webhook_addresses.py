"""Webhooks cannot be turned on the council's own network: addresses must be https and on
the public internet, checked when saved and again at each delivery against the address
actually connected to; an operator may allow a host. The delivery log says a connection
failed, never how (which would tell what listens on which port)."""

import urllib.parse

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caution.outbox.actions import subscription_create
from caution.outbox.delivery import outbox_deliver
from caution.outbox.models import OutboxMessage, WebhookSubscription
from tests.factories import make_caution, make_person
from tests.outbox.receivers import WebhookReceiver, free_port

pytestmark = pytest.mark.django_db


def add(administrator, url: str) -> WebhookSubscription:
    return subscription_create(name="Housing", url=url, events=["caution.added"], by=administrator)


@pytest.mark.parametrize(
    "url",
    [
        "http://housing.council.example/hooks",
        "https://127.0.0.1:8000/hooks",
        "https://localhost/hooks",
        "https://10.1.2.3/hooks",
        "https://192.168.0.10/hooks",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
    ],
)
def test_an_address_that_is_not_public_https_is_refused(administrator, url):
    with pytest.raises(ValidationError) as refused:
        add(administrator, url)

    assert list(refused.value.message_dict) == ["url"]
    assert not WebhookSubscription.objects.exists()


def test_the_page_says_why_an_address_is_refused(client, administrator):
    client.force_login(administrator)

    page = client.post(
        reverse("outbox:subscription_add"),
        {"name": "CRM", "url": "https://127.0.0.1:22/", "events": ["caution.added"]},
    )

    assert "This address is on a private, loopback or link-local network" in page.content.decode()


def test_an_operator_may_allow_a_host_on_the_councils_network(administrator, settings):
    settings.CAUTION_WEBHOOK_ALLOWED_HOSTS = ["housing.internal"]

    subscription = add(administrator, "https://housing.internal/hooks")

    assert subscription.url == "https://housing.internal/hooks"


def test_a_name_that_resolves_to_loopback_when_sending_is_not_reached(settings):
    """Saved earlier (or before these checks), or a name that now resolves to loopback:
    the delivery checks the address it connected to, and never sends the event."""
    with WebhookReceiver() as receiver:
        url = receiver.url.replace("127.0.0.1", "localhost").replace("http:", "https:")
        WebhookSubscription.objects.create(name="Housing", url=url, events=["caution.added"])
        make_caution(make_person("Robert", "Smith"))

        outbox_deliver()

        assert receiver.requests == []
    message = OutboxMessage.objects.get()
    assert (message.status, message.last_error) == ("failed", "Address not allowed")


def test_an_http_address_saved_earlier_is_not_sent_to():
    WebhookSubscription.objects.create(
        name="Old", url="http://housing.council.example/hooks", events=["caution.added"]
    )
    make_caution(make_person("Robert", "Smith"))

    outbox_deliver()

    message = OutboxMessage.objects.get()
    assert (message.status, message.last_error) == ("failed", "Not an https address")


@pytest.mark.parametrize("port_open", [True, False])
def test_the_delivery_log_does_not_tell_which_ports_are_open(settings, port_open):
    """An allowed host, so the connection is tried: closed port and a port that speaks no
    TLS read alike in the log."""
    settings.CAUTION_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    with WebhookReceiver() as receiver:  # plain HTTP: a TLS handshake with it fails
        port = urllib.parse.urlsplit(receiver.url).port if port_open else free_port()
        WebhookSubscription.objects.create(
            name="Probe", url=f"https://127.0.0.1:{port}/", events=["caution.added"]
        )
        make_caution(make_person("Robert", "Smith"))

        outbox_deliver()

    assert OutboxMessage.objects.get().last_error == "Could not connect"
