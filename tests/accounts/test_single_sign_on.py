"""Single sign-on with OpenID Connect, against a real provider on loopback
(tests/oidc_provider.py): who is signed in, who waits, and every token that is refused."""

import logging

import pytest
from django.urls import reverse

from caution.accounts.models import SignInIdentity, User
from caution.accounts.roles import Role, roles_of
from caution.audit.models import AuditEvent
from tests.accounts.conftest import OFFICERS_GROUP, REPORTERS_GROUP, sso_sign_in
from tests.factories import PASSWORD, make_user
from tests.oidc_provider import TENANT

pytestmark = pytest.mark.django_db


def signed_in_user(client):
    return client.get(reverse("register:check")).wsgi_request.user


def refusals() -> list[str]:
    return list(
        AuditEvent.objects.filter(verb=AuditEvent.Verb.SIGN_IN_REFUSED).values_list(
            "summary", flat=True
        )
    )


def test_a_new_user_in_a_mapped_group_is_signed_in_with_its_role(client, provider):
    provider.user = {
        "sub": "entra-subject-1",
        "tid": TENANT,
        "preferred_username": "rita.jones@council.example",
        "given_name": "Rita",
        "family_name": "Jones",
        "groups": [REPORTERS_GROUP, "some-other-group"],
    }

    response = sso_sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = signed_in_user(client)
    assert user.username == "rita.jones@council.example"
    assert roles_of(user) == [Role.REPORTER]
    assert not user.has_usable_password()


def test_the_user_returns_to_the_page_they_asked_for(client, provider):
    provider.user = {"sub": "s-1", "tid": TENANT, "groups": [REPORTERS_GROUP]}

    response = sso_sign_in(client, next_page="/reports/")

    assert response["Location"] == "/reports/"


def test_a_second_sign_in_finds_the_same_account_by_subject_and_tenant(client, provider):
    provider.user = {"sub": "entra-subject-1", "tid": TENANT, "groups": [REPORTERS_GROUP]}
    sso_sign_in(client)
    first = signed_in_user(client)
    client.post(reverse("logout"))

    provider.user = {"sub": "entra-subject-1", "tid": TENANT, "groups": []}
    sso_sign_in(client)

    assert signed_in_user(client) == first
    assert User.objects.count() == 1


def test_an_account_with_the_same_email_but_another_subject_is_not_taken_over(client, provider):
    officer = make_user(Role.REGISTER_OFFICER, username="owen")
    User.objects.filter(pk=officer.pk).update(email="owen@council.example")
    provider.user = {"sub": "owen-1", "tid": TENANT, "email": "owen@council.example"}
    sso_sign_in(client)
    SignInIdentity.objects.filter(subject="owen-1").update(user=officer)
    client.post(reverse("logout"))

    provider.user = {
        "sub": "someone-else",
        "tid": TENANT,
        "email": "owen@council.example",
        "preferred_username": "owen",
        "groups": [REPORTERS_GROUP],
    }
    sso_sign_in(client)

    newcomer = signed_in_user(client)
    assert newcomer != officer
    assert newcomer.username == "owen-2"
    assert roles_of(newcomer) == [Role.REPORTER]


def test_the_same_subject_in_another_tenant_is_another_user(client, provider):
    provider.user = {"sub": "subject-1", "tid": TENANT, "groups": [REPORTERS_GROUP]}
    sso_sign_in(client)
    client.post(reverse("logout"))

    provider.user = {"sub": "subject-1", "groups": [REPORTERS_GROUP]}
    sso_sign_in(client)

    assert SignInIdentity.objects.count() == 2
    assert {identity.tenant for identity in SignInIdentity.objects.all()} == {
        TENANT,
        provider.issuer,
    }


def test_a_user_in_no_mapped_group_waits_for_an_administrator(client, provider):
    provider.user = {"sub": "new-starter", "tid": TENANT, "preferred_username": "new.starter"}

    response = sso_sign_in(client)

    assert response["Location"] == reverse("sso_refused") + "?reason=waiting"
    page = client.get(response["Location"]).content.decode()
    assert "Your account is waiting for an administrator" in page
    waiting = User.objects.get(username="new.starter")
    assert not waiting.is_active
    assert roles_of(waiting) == []
    assert "_auth_user_id" not in client.session


def test_the_administrator_sees_the_account_waiting(client, provider, administrator):
    provider.user = {"sub": "new-starter", "tid": TENANT, "preferred_username": "new.starter"}
    sso_sign_in(client)

    client.force_login(administrator)
    page = client.get(reverse("accounts:users")).content.decode()

    assert "new.starter" in page
    assert "Waiting for an administrator" in page


def test_a_waiting_user_signs_in_once_an_administrator_gives_them_a_role(
    client, provider, administrator
):
    provider.user = {"sub": "new-starter", "tid": TENANT, "preferred_username": "new.starter"}
    sso_sign_in(client)
    waiting = User.objects.get(username="new.starter")
    client.force_login(administrator)
    client.post(
        reverse("accounts:user_edit", args=[waiting.id]),
        {"roles": ["reporter"], "is_active": "on"},
    )
    client.post(reverse("logout"))

    sso_sign_in(client)

    assert signed_in_user(client) == waiting


def test_a_user_signed_in_by_sso_is_not_asked_for_a_second_factor(client, provider):
    provider.user = {"sub": "officer-1", "tid": TENANT, "groups": [OFFICERS_GROUP]}

    sso_sign_in(client)

    assert client.get(reverse("register:check")).status_code == 200


def test_a_stopped_account_is_refused(client, provider):
    provider.user = {"sub": "leaver", "tid": TENANT, "groups": [REPORTERS_GROUP]}
    sso_sign_in(client)
    client.post(reverse("logout"))
    User.objects.filter(username__startswith="sso-leaver").update(is_active=False)

    response = sso_sign_in(client)

    assert response["Location"] == reverse("sso_refused") + "?reason=waiting"
    assert "_auth_user_id" not in client.session


def test_signing_in_is_audited(client, provider):
    provider.user = {"sub": "s-1", "tid": TENANT, "groups": [REPORTERS_GROUP]}

    sso_sign_in(client)

    summaries = AuditEvent.objects.values_list("summary", flat=True)
    assert any(s.startswith("Signed in with single sign-on") for s in summaries)


def assert_refused(client, response, reason: str) -> None:
    assert response["Location"] == reverse("sso_refused") + "?reason=refused"
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()
    assert [f"Single sign-on refused: ID token refused ({reason})"] == refusals()


def test_a_token_for_another_client_is_refused(client, provider):
    provider.tamper = {"aud": "another-application"}

    assert_refused(client, sso_sign_in(client), "wrong audience")


def test_a_token_from_another_issuer_is_refused(client, provider):
    provider.tamper = {"iss": "https://login.example.com/other-tenant/v2.0"}

    assert_refused(client, sso_sign_in(client), "wrong issuer")


def test_a_token_with_another_nonce_is_refused(client, provider):
    provider.tamper = {"nonce": "a-nonce-from-another-sign-in"}

    assert_refused(client, sso_sign_in(client), "nonce")


def test_a_token_without_a_nonce_is_refused(client, provider):
    provider.tamper = {"nonce": None}

    assert_refused(client, sso_sign_in(client), "nonce")


def test_an_unsigned_token_is_refused(client, provider):
    provider.signing = "none"

    assert_refused(client, sso_sign_in(client), "algorithm none")


def test_a_token_signed_with_an_unpublished_key_is_refused(client, provider):
    provider.signing = "unknown-key"

    assert_refused(client, sso_sign_in(client), "unknown key")


def test_a_token_whose_signature_does_not_match_the_published_key_is_refused(client, provider):
    provider.signing = "other-key-same-kid"

    assert_refused(client, sso_sign_in(client), "bad signature")


def test_an_expired_token_is_refused(client, provider):
    provider.tamper = {"exp": 1_600_000_000, "iat": 1_599_999_000, "nbf": None}

    assert_refused(client, sso_sign_in(client), "expired")


def test_a_tenant_that_is_not_the_issuers_is_refused(client, provider):
    provider.user = {"sub": "s-1", "tid": "another-tenant", "groups": [REPORTERS_GROUP]}

    assert_refused(client, sso_sign_in(client), "tenant is not the issuer's")


def test_an_answer_with_a_state_this_browser_was_not_given_is_refused(client, provider):
    client.get(reverse("sso_start"))

    response = client.get(reverse("sso_callback") + "?code=stolen&state=not-ours")

    assert response["Location"] == reverse("sso_refused") + "?reason=refused"
    assert refusals() == [
        "Single sign-on refused: the answer's state is not one this browser was given"
    ]


def test_nothing_personal_is_logged(client, provider, caplog):
    provider.user = {
        "sub": "private-subject",
        "tid": TENANT,
        "email": "private.person@council.example",
        "preferred_username": "private.person",
    }
    caplog.set_level(logging.DEBUG)

    sso_sign_in(client)
    provider.tamper = {"aud": "another-application"}
    sso_sign_in(client)

    assert "private" not in caplog.text
    assert "Single sign-on refused: ID token refused (wrong audience)" in caplog.text


def test_single_sign_on_is_off_unless_configured(client):
    assert client.get(reverse("sso_start")).status_code == 404
    assert "Sign in with" not in client.get(reverse("login")).content.decode()


def test_the_sign_in_page_offers_single_sign_on_when_configured(client, provider):
    page = client.get(reverse("login")).content.decode()

    assert "Sign in with your council account" in page
    assert 'name="password"' in page


def test_password_sign_in_can_be_turned_off(client, provider, reporter, settings):
    settings.CAUTION_PASSWORD_SIGN_IN = False

    page = client.get(reverse("login")).content.decode()
    answer = client.post(reverse("login"), {"username": reporter.username, "password": PASSWORD})

    assert 'name="password"' not in page
    assert answer.status_code == 403
    assert "_auth_user_id" not in client.session
