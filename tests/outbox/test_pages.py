"""Administrators manage webhook subscribers and see the delivery log; nobody else can."""

import re

import pytest
from django.urls import reverse

from caution.audit.models import AuditEvent
from caution.outbox.models import OutboxMessage, SubscriberReference, WebhookSubscription
from tests.factories import make_caution, make_person

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_subscriber_and_is_shown_its_secret_once(client, administrator):
    client.force_login(administrator)

    response = client.post(
        reverse("outbox:subscription_add"),
        {
            "name": "Housing management system",
            "url": "https://housing.council.example/caution-events",
            "events": ["caution.added", "caution.removed"],
        },
    )

    subscription = WebhookSubscription.objects.get()
    assert subscription.events == ["caution.added", "caution.removed"]
    assert subscription.secret in response.content.decode()
    page = client.get(reverse("outbox:subscription", args=[subscription.id])).content.decode()
    assert subscription.secret not in page
    assert AuditEvent.objects.filter(target_id=str(subscription.id)).exists()


def test_a_subscriber_needs_an_address_and_an_event(client, administrator):
    client.force_login(administrator)

    response = client.post(reverse("outbox:subscription_add"), {"name": "CRM", "url": ""})

    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the address events are sent to" in page
    assert "Choose at least one event" in page
    assert not WebhookSubscription.objects.exists()


def test_only_administrators_see_the_webhook_pages(client, register_officer, housing_system):
    client.force_login(register_officer)

    for url in (
        reverse("outbox:webhooks"),
        reverse("outbox:delivery_log"),
        reverse("outbox:subscription", args=[housing_system.id]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(reverse("outbox:subscription_secret", args=[housing_system.id]))
    assert response.status_code == 404


def test_replacing_the_secret_shows_the_new_one_and_the_old_one_stops(
    client, administrator, housing_system
):
    client.force_login(administrator)
    old = housing_system.secret

    response = client.post(reverse("outbox:subscription_secret", args=[housing_system.id]))

    housing_system.refresh_from_db()
    assert housing_system.secret != old
    assert housing_system.secret in response.content.decode()


def test_an_administrator_records_the_subscribers_reference_by_a_caution_id(
    client, administrator, housing_system
):
    person = make_person("Robert", "Smith")
    caution = make_caution(person)
    client.force_login(administrator)

    client.post(
        reverse("outbox:reference", args=[housing_system.id]),
        {"record": str(caution.id), "reference": "TEN-40172"},
    )

    assert SubscriberReference.objects.get().reference == "TEN-40172"
    page = client.get(reverse("outbox:subscription", args=[housing_system.id])).content.decode()
    assert "TEN-40172" in page
    assert "Smith" not in page


def test_an_unknown_id_is_refused_with_a_message(client, administrator, housing_system):
    client.force_login(administrator)

    response = client.post(
        reverse("outbox:reference", args=[housing_system.id]),
        {"record": "9b2e4c8a-2d1f-4e55-8c7a-6a3c1f0d2b7e", "reference": "TEN-1"},
    )

    assert response.status_code == 422
    assert "No person or caution has this ID" in response.content.decode()


def test_a_failed_message_is_shown_in_the_delivery_log_and_can_be_sent_again(
    client, administrator, housing_system, receiver, settings
):
    from caution.outbox.delivery import outbox_deliver

    settings.OUTBOX_MAX_ATTEMPTS = 1
    receiver.replies.append(500)
    make_caution(make_person("Robert", "Smith"))
    outbox_deliver()
    client.force_login(administrator)

    page = client.get(reverse("outbox:delivery_log")).content.decode()
    assert "HTTP 500" in page
    message = OutboxMessage.objects.get()
    assert re.search(rf'name="message" value="{message.id}"', page)

    client.post(reverse("outbox:message_retry"), {"message": message.id})

    assert outbox_deliver() == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT


def test_the_administrators_menu_links_to_webhooks(client, administrator):
    client.force_login(administrator)

    page = client.get(reverse("outbox:webhooks")).content.decode()

    assert f'href="{reverse("outbox:webhooks")}"' in page
