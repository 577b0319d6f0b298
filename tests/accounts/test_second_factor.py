"""The second factor of local accounts: setting up an authenticator app, its code at each
sign-in, recovery codes, the lock after wrong codes, and an administrator's reset. These
tests sign in through the sign-in page, as a user does."""

import base64
import hashlib
import os
import re
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from caution.accounts.actions import user_update
from caution.accounts.models import RecoveryCode
from caution.accounts.roles import Role
from caution.accounts.second_factor import required_roles, second_factor_required
from caution.audit.models import AuditEvent
from tests.factories import PASSWORD, make_totp_device, totp_code

pytestmark = pytest.mark.django_db

CHECK = "/check/"


def sign_in(client, user):
    return client.post(
        reverse("login") + f"?next={CHECK}", {"username": user.username, "password": PASSWORD}
    )


def set_up_authenticator(client, user) -> list[str]:
    """Signs in with the password and sets up an authenticator app; its recovery codes."""
    sign_in(client, user)
    client.get(reverse("second_factor_set_up"))
    device = TOTPDevice.objects.get(user=user)
    page = client.post(reverse("second_factor_set_up"), {"code": totp_code(device)})
    return re.findall(r"<code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})</code>", page.content.decode())


def give_code(client, code: str):
    return client.post(reverse("second_factor_verify") + f"?next={CHECK}", {"code": code})


def test_a_reporter_is_not_asked_for_a_second_factor(client, reporter):
    sign_in(client, reporter)

    assert client.get(CHECK).status_code == 200


def test_a_register_officer_without_an_authenticator_is_sent_to_set_one_up(
    client, register_officer
):
    response = sign_in(client, register_officer)

    assert client.get(response["Location"])["Location"] == (
        reverse("second_factor_set_up") + "?next=%2Fcheck%2F"
    )


def test_setting_up_shows_a_qr_code_and_the_key_as_text(client, register_officer):
    sign_in(client, register_officer)

    page = client.get(reverse("second_factor_set_up")).content.decode()

    assert 'src="data:image/svg+xml' in page
    key = re.search(r"<code>([A-Z2-7]{4}(?: [A-Z2-7]{1,4})+)</code>", page).group(1)
    device = TOTPDevice.objects.get(user=register_officer, confirmed=False)
    assert base64.b32decode(key.replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8)) == (
        device.bin_key
    )


def test_a_code_from_the_new_authenticator_sets_it_up_and_opens_the_page_asked_for(
    client, register_officer
):
    codes = set_up_authenticator(client, register_officer)

    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=register_officer).confirmed
    assert client.get(CHECK).status_code == 200


def test_recovery_codes_are_kept_only_as_hashes(client, register_officer):
    codes = set_up_authenticator(client, register_officer)

    kept = set(RecoveryCode.objects.values_list("digest", flat=True))
    assert kept == {hashlib.sha256(c.replace("-", "").encode()).hexdigest() for c in codes}


def test_a_wrong_code_while_setting_up_shows_the_error_summary(client, register_officer):
    sign_in(client, register_officer)
    client.get(reverse("second_factor_set_up"))

    page = client.post(reverse("second_factor_set_up"), {"code": "000000"}).content.decode()

    assert "There is a problem" in page
    assert "The code is not right" in page
    assert not TOTPDevice.objects.get(user=register_officer).confirmed


def test_an_officer_gives_their_authenticators_code_after_their_password(client, register_officer):
    device = make_totp_device(register_officer)
    sign_in(client, register_officer)
    assert client.get(CHECK)["Location"].startswith(reverse("second_factor_verify"))

    response = give_code(client, totp_code(device))

    assert response["Location"] == CHECK
    assert client.get(CHECK).status_code == 200


def test_a_wrong_code_shows_the_error_summary_and_is_audited(client, register_officer):
    make_totp_device(register_officer)
    sign_in(client, register_officer)

    page = give_code(client, "123456").content.decode()

    assert "There is a problem" in page
    assert 'href="#id_code"' in page
    assert client.get(CHECK).status_code == 302
    assert AuditEvent.objects.filter(
        verb=AuditEvent.Verb.SIGN_IN_REFUSED, summary__contains="Wrong second-factor code"
    ).exists()


def test_a_code_is_accepted_only_once(client, register_officer):
    device = make_totp_device(register_officer)
    sign_in(client, register_officer)
    code = totp_code(device)
    give_code(client, code)
    client.post(reverse("logout"))
    sign_in(client, register_officer)

    page = give_code(client, code).content.decode()

    assert "The code is not right" in page


def test_a_recovery_code_signs_in_once(client, register_officer):
    codes = set_up_authenticator(client, register_officer)
    client.post(reverse("logout"))
    sign_in(client, register_officer)

    assert give_code(client, codes[3].upper())["Location"] == CHECK
    client.post(reverse("logout"))
    sign_in(client, register_officer)
    assert "The code is not right" in give_code(client, codes[3]).content.decode()


def test_five_wrong_codes_lock_the_account(client, register_officer):
    make_totp_device(register_officer)
    sign_in(client, register_officer)

    for _ in range(4):
        give_code(client, "000000")
    locked = give_code(client, "000000")

    assert "Your account is locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert "Your account is locked" in sign_in(client, register_officer).content.decode()


def test_the_api_answers_401_until_the_second_factor_is_given(client, register_officer):
    device = make_totp_device(register_officer)
    sign_in(client, register_officer)
    assert client.get("/api/notifications").status_code == 401

    give_code(client, totp_code(device))

    assert client.get("/api/notifications").status_code == 200


def test_only_a_code_lets_a_user_with_an_authenticator_set_up_another(client, register_officer):
    make_totp_device(register_officer)
    sign_in(client, register_officer)

    response = client.get(reverse("second_factor_set_up"))

    assert response["Location"].startswith(reverse("second_factor_verify"))
    assert TOTPDevice.objects.filter(user=register_officer).count() == 1


def test_a_role_needing_a_second_factor_given_mid_session_asks_for_it_at_once(
    client, reporter, administrator
):
    sign_in(client, reporter)
    user_update(
        reporter, roles=[Role.REGISTER_OFFICER], organisation=None, is_active=True, by=administrator
    )

    assert client.get(CHECK)["Location"].startswith(reverse("second_factor_set_up"))


def test_the_roles_needing_a_second_factor_are_the_councils_choice(reporter, settings):
    settings.CAUTION_2FA_ROLES = ["reporter", "manager"]

    assert second_factor_required(reporter)


def test_an_unknown_role_in_the_setting_is_refused(settings):
    settings.CAUTION_2FA_ROLES = ["register_officer", "caretaker"]

    with pytest.raises(ImproperlyConfigured, match="caretaker"):
        required_roles()


def test_a_misspelt_role_stops_the_service_at_start(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "caution.settings",
        "CAUTION_DATA_DIR": str(tmp_path),
        "CAUTION_2FA_ROLES": "register_officer,caretaker",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "CAUTION_2FA_ROLES" in result.stderr
    assert "caretaker" in result.stderr


def test_a_user_whose_role_needs_no_second_factor_is_not_offered_one(client, reporter):
    sign_in(client, reporter)

    response = client.get(reverse("second_factor_set_up"))

    assert response["Location"] == "/"
    assert not TOTPDevice.objects.exists()
