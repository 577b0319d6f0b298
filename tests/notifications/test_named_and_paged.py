"""Notifications name the person they are about to a reader who may see them, page through
a long list with its count, and the menu's count stays short."""

import pytest
from django.core import mail

from caution.accounts.roles import Role
from caution.notifications.actions import notify
from caution.notifications.models import Notification
from caution.outbox.delivery import outbox_deliver
from tests.factories import cautioned, make_user
from tests.notifications.conftest import staff

pytestmark = pytest.mark.django_db

OVERDUE = "A review of a caution is overdue"


def overdue_about(person, *users):
    return notify(
        users, subject=OVERDUE, body="Open the link.", event="deadline_missed", about=person
    )


def test_the_register_officer_sees_who_an_overdue_review_is_about(client):
    officer = make_user(Role.REGISTER_OFFICER)
    overdue_about(cautioned("Gary", "Prentice"), officer)
    client.force_login(officer)
    page = client.get("/notifications/").content.decode()
    assert f"{OVERDUE}: Gary Prentice" in page


def test_a_partner_the_caution_is_not_shared_with_is_not_told_the_name(client, partner_user):
    overdue_about(cautioned("Gary", "Prentice"), partner_user)
    client.force_login(partner_user)
    page = client.get("/notifications/").content.decode()
    assert OVERDUE in page
    assert "Prentice" not in page


def test_the_email_never_names_the_person():
    officer = staff(Role.REGISTER_OFFICER, "Owen")
    overdue_about(cautioned("Gary", "Prentice"), officer)
    outbox_deliver()
    [email] = [m for m in mail.outbox if officer.email in m.to]
    assert "Prentice" not in email.subject + email.body


def many(user, count: int) -> None:
    notify([user] * 1, subject="First", body="x", event="deadline_near")
    Notification.objects.bulk_create(
        Notification(user=user, subject=f"Message {n}", body="x") for n in range(count - 1)
    )


def test_a_long_list_is_paged_with_its_count(client):
    officer = make_user(Role.REGISTER_OFFICER)
    many(officer, 60)
    client.force_login(officer)
    page = client.get("/notifications/").content.decode()
    assert "60 notifications, showing 1 to 25." in page
    assert 'class="govuk-pagination"' in page
    assert page.count("<article") == 25
    last = client.get("/notifications/?page=3").content.decode()
    assert last.count("<article") == 10


def test_a_page_past_the_end_is_not_found(client):
    officer = make_user(Role.REGISTER_OFFICER)
    many(officer, 3)
    client.force_login(officer)
    assert client.get("/notifications/?page=9").status_code == 404


def test_the_menu_shows_99_plus_rather_than_hundreds(client):
    officer = make_user(Role.REGISTER_OFFICER)
    many(officer, 276)
    client.force_login(officer)
    page = client.get("/notifications/").content.decode()
    assert "Notifications (99+ unread)" in page
    assert "276 unread" in page  # the page itself says how many


def test_the_menu_shows_a_small_count_as_it_is(client):
    officer = make_user(Role.REGISTER_OFFICER)
    many(officer, 7)
    client.force_login(officer)
    assert "Notifications (7 unread)" in client.get("/notifications/").content.decode()
