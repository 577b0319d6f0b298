"""An administrator registers a client system, issues it a token (shown once), rotates and
revokes tokens, on GOV.UK pages; nobody else may."""

import pytest
from django.urls import reverse

from caution.accounts.models import Client, ClientToken

pytestmark = pytest.mark.django_db

SYSTEM = {
    "name": "Housing management system",
    "owner": "Housing IT",
    "purpose": "Shows a warning on the tenancy screen",
}
TOKEN = {
    "operations": ["alert"],
    "fields": ["level", "precautions", "contact"],
    "valid_days": "90",
    "per_minute": "60",
}


def test_an_administrator_registers_a_client_system(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("clients:client_add"), SYSTEM)
    system = Client.objects.get(name="Housing management system")
    assert response.url == reverse("clients:client", args=[system.id])
    assert (system.owner, system.created_by) == ("Housing IT", administrator)


def test_a_system_without_an_owner_is_refused_with_an_error_summary(client, administrator):
    client.force_login(administrator)
    page = client.post(reverse("clients:client_add"), {**SYSTEM, "owner": ""}).content.decode()
    assert "govuk-error-summary" in page
    assert "Enter the system&#x27;s owner" in page
    assert not Client.objects.exists()


def test_the_token_is_shown_once_when_issued(client, administrator, scheduler):
    client.force_login(administrator)
    url = reverse("clients:client", args=[scheduler.id])
    page = client.post(url, TOKEN).content.decode()
    token = ClientToken.objects.get(client=scheduler)
    assert f"crt_{token.prefix}_" in page
    secret = page.split(f"crt_{token.prefix}_")[1].split("<")[0]
    later = client.get(url).content.decode()
    assert token.prefix in later
    assert secret not in later
    assert (token.operations, token.fields) == (["alert"], ["contact", "level", "precautions"])


def test_a_token_needs_at_least_one_operation(client, administrator, scheduler):
    client.force_login(administrator)
    url = reverse("clients:client", args=[scheduler.id])
    page = client.post(url, {**TOKEN, "operations": []}).content.decode()
    assert "govuk-error-summary" in page
    assert "Choose at least one thing the token may do" in page
    assert not ClientToken.objects.exists()


def test_an_administrator_revokes_a_token(client, administrator, issue):
    issued = issue()
    client.force_login(administrator)
    client.post(reverse("clients:token_revoke", args=[issued.token.id]))
    issued.token.refresh_from_db()
    assert issued.token.status == ClientToken.Status.REVOKED


def test_an_administrator_rotates_a_token_and_sees_the_new_one_once(client, administrator, issue):
    old = issue()
    client.force_login(administrator)
    page = client.post(
        reverse("clients:token_rotate", args=[old.token.id]), {"overlap_hours": "24"}
    ).content.decode()
    new = ClientToken.objects.get(rotated_from=old.token)
    assert f"crt_{new.prefix}_" in page
    assert f"The old token {old.token.prefix} stops working on" in page


def test_the_client_page_lists_the_calls_with_their_purpose(client, administrator, issue, robert):
    issued = issue()
    client.post(
        "/api/alerts",
        {"purpose": "Tenancy screen warning", "phone": "07700 900123"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issued.secret}",
    )
    client.force_login(administrator)
    page = client.get(reverse("clients:client", args=[issued.token.client_id])).content.decode()
    assert "Tenancy screen warning" in page


@pytest.mark.parametrize("name", ["clients:clients", "clients:client_add"])
def test_other_staff_cannot_see_client_systems(client, register_officer, name):
    client.force_login(register_officer)
    assert client.get(reverse(name)).status_code == 404


def test_other_staff_cannot_revoke_a_token(client, register_officer, issue):
    issued = issue()
    client.force_login(register_officer)
    response = client.post(reverse("clients:token_revoke", args=[issued.token.id]))
    assert response.status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None


def test_administrators_find_client_systems_in_the_navigation(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("clients:clients")).content.decode()
    assert 'href="/clients/"' in page
