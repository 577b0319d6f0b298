"""A lost phone: an administrator resets the user's second factor, audited, and the user sets
up a new authenticator app at their next sign-in."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from caution.accounts.models import RecoveryCode
from caution.accounts.second_factor import totp_device_reset
from caution.audit.models import AuditEvent
from tests.accounts.test_second_factor import set_up_authenticator, sign_in

pytestmark = pytest.mark.django_db


def test_a_reset_removes_the_authenticator_and_the_recovery_codes(
    client, register_officer, administrator
):
    set_up_authenticator(client, register_officer)

    totp_device_reset(register_officer, by=administrator)

    assert not TOTPDevice.objects.filter(user=register_officer).exists()
    assert not RecoveryCode.objects.filter(device__user=register_officer).exists()


def test_a_reset_is_audited_with_the_administrator(client, register_officer, administrator):
    set_up_authenticator(client, register_officer)

    totp_device_reset(register_officer, by=administrator)

    event = AuditEvent.objects.get(summary__startswith="Reset the second factor")
    assert event.actor == administrator
    assert event.target_id == str(register_officer.pk)


def test_an_administrator_resets_it_from_the_users_page(client, register_officer, administrator):
    set_up_authenticator(client, register_officer)
    client.force_login(administrator)
    page = client.get(reverse("accounts:user_edit", args=[register_officer.id])).content.decode()
    assert "Reset second factor" in page

    response = client.post(reverse("accounts:user_second_factor_reset", args=[register_officer.id]))

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=register_officer).exists()


def test_after_a_reset_the_user_sets_up_a_new_authenticator(
    client, register_officer, administrator
):
    set_up_authenticator(client, register_officer)
    client.post(reverse("logout"))
    totp_device_reset(register_officer, by=administrator)

    sign_in(client, register_officer)

    assert client.get("/check/")["Location"].startswith(reverse("second_factor_set_up"))


def test_only_an_administrator_may_reset_a_second_factor(client, register_officer, dpo):
    set_up_authenticator(client, register_officer)
    client.force_login(dpo)

    response = client.post(reverse("accounts:user_second_factor_reset", args=[register_officer.id]))

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=register_officer).exists()
