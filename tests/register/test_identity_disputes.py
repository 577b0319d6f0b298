"""A disputed identity (issue 16, item 3): someone says the register has the wrong person;
until it is resolved the check says plainly, on that person's card, in the API's answer and
in `caution check --json`, to confirm who you are dealing with before relying on it."""

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.people.matching import Query
from caution.register.check import DISPUTED_WARNING, check_run
from caution.register.identity import identity_dispute_raise, identity_dispute_resolve
from caution.register.models import Caution, IdentityDispute
from tests.api.conftest import send
from tests.factories import cautioned, make_user
from tests.privacy.test_subject_access import exported, requested, unzipped

pytestmark = pytest.mark.django_db
ACCOUNT = "Says he is Robert Smith's brother, who has the same name and lives in Leicester"


@pytest.fixture
def robert(db):
    return cautioned("Robert", "Smith", born=dt.date(1975, 3, 14))


@pytest.fixture
def panel_member(db):
    return make_user(Role.PANEL_MEMBER, first_name="Pam")


def checked(user):
    [match] = check_run(Query(name="Robert Smith"), by=user).people
    return match


def raised(person, by):
    return identity_dispute_raise(person, account=ACCOUNT, by=by)


# The service --------------------------------------------------------------------------


def test_an_open_dispute_tells_whoever_checks_to_confirm_who_they_are_dealing_with(
    robert, register_officer, reporter
):
    raised(robert, register_officer)

    match = checked(reporter)

    assert match.identity_disputed
    assert match.identity_warning == DISPUTED_WARNING
    assert match.cautions  # the cautions still show: the warning comes with them


def test_without_a_dispute_the_check_warns_of_nothing_about_identity(robert, reporter):
    assert checked(reporter).identity_warning == ""


def test_confirmed_the_same_person_the_warning_goes_and_the_cautions_stand(
    robert, register_officer, reporter
):
    dispute = raised(robert, register_officer)

    identity_dispute_resolve(
        dispute,
        outcome=IdentityDispute.Outcome.CONFIRMED,
        note="Date of birth and address checked with him at the counter",
        by=register_officer,
    )

    match = checked(reporter)
    assert not match.identity_disputed
    assert match.cautions


def test_the_wrong_person_ends_their_cautions_and_they_leave_the_check(
    robert, register_officer, reporter
):
    dispute = raised(robert, register_officer)

    identity_dispute_resolve(
        dispute,
        outcome=IdentityDispute.Outcome.WRONG_PERSON,
        note="CCTV shows a different man",
        by=register_officer,
    )

    caution = Caution.objects.get(person=robert)
    assert caution.status == Caution.Status.REMOVED
    assert caution.ended_reason == "The wrong person: CCTV shows a different man"
    assert check_run(Query(name="Robert Smith"), by=reporter).people == []


def test_raising_and_resolving_are_each_audited(robert, register_officer, dpo):
    dispute = raised(robert, register_officer)
    identity_dispute_resolve(
        dispute, outcome=IdentityDispute.Outcome.CORRECTED, note="Date of birth corrected", by=dpo
    )

    summaries = set(
        AuditEvent.objects.filter(target_id=str(dispute.id)).values_list("summary", flat=True)
    )
    assert summaries == {
        "Raised a dispute about a person's identity",
        "Resolved a dispute about a person's identity: The details were wrong and are corrected",
    }


def test_a_dispute_must_say_what_is_wrong(robert, register_officer):
    with pytest.raises(ValidationError, match="Say what the person or officer says is wrong"):
        identity_dispute_raise(robert, account="  ", by=register_officer)
    assert not IdentityDispute.objects.exists()


def test_only_one_dispute_about_a_person_is_open_at_a_time(robert, register_officer):
    raised(robert, register_officer)
    with pytest.raises(ValidationError, match="already open"):
        raised(robert, register_officer)
    assert IdentityDispute.objects.count() == 1


def test_someone_who_cannot_see_the_full_record_cannot_raise_one(robert, reporter):
    with pytest.raises(PermissionDenied):
        raised(robert, reporter)


def test_a_panel_member_raises_a_dispute_but_cannot_resolve_it(robert, panel_member):
    dispute = raised(robert, panel_member)
    with pytest.raises(PermissionDenied):
        identity_dispute_resolve(
            dispute, outcome=IdentityDispute.Outcome.CONFIRMED, note="Checked", by=panel_member
        )
    dispute.refresh_from_db()
    assert dispute.is_open


def test_a_resolution_must_say_how_and_a_resolved_dispute_stays_resolved(robert, register_officer):
    dispute = raised(robert, register_officer)
    with pytest.raises(ValidationError, match="Say how the identity was confirmed"):
        identity_dispute_resolve(
            dispute, outcome=IdentityDispute.Outcome.CONFIRMED, note="", by=register_officer
        )
    identity_dispute_resolve(
        dispute, outcome=IdentityDispute.Outcome.CONFIRMED, note="Checked", by=register_officer
    )
    with pytest.raises(ValidationError, match="resolved already"):
        identity_dispute_resolve(
            dispute, outcome=IdentityDispute.Outcome.WRONG_PERSON, note="x", by=register_officer
        )
    assert Caution.objects.get(person=robert).status == Caution.Status.ACTIVE


# The pages ----------------------------------------------------------------------------


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_dispute_raised_from_the_person_page_shows_near_the_top_of_the_check_card(
    client, robert, register_officer, reporter
):
    client.force_login(register_officer)
    record = client.get(reverse("people:detail", args=[robert.id])).content.decode()
    assert reverse("register:identity_dispute_raise", args=[robert.id]) in record

    response = client.post(
        reverse("register:identity_dispute_raise", args=[robert.id]), {"account": ACCOUNT}
    )
    assert response.status_code == 302

    client.force_login(reporter)
    page = client.post(reverse("register:check"), {"name": "Robert Smith"}).content.decode()
    card = text(page.split('<section class="caution-match')[1])
    assert card.index(DISPUTED_WARNING) < card.index("Level")


def test_a_dispute_with_nothing_said_shows_the_error_on_the_form(client, robert, register_officer):
    client.force_login(register_officer)
    page = client.post(
        reverse("register:identity_dispute_raise", args=[robert.id]), {"account": ""}
    ).content.decode()
    assert "There is a problem" in page
    assert "Say what the person or officer says is wrong" in page
    assert not IdentityDispute.objects.exists()


def test_the_dispute_is_resolved_from_the_person_page(client, robert, register_officer):
    dispute = raised(robert, register_officer)
    client.force_login(register_officer)
    record = client.get(reverse("people:detail", args=[robert.id])).content.decode()
    url = reverse("register:identity_dispute_resolve", args=[dispute.id])
    assert url in record

    response = client.post(url, {"outcome": "confirmed", "note": "Passport seen"})

    assert response.status_code == 302
    record = text(client.get(reverse("people:detail", args=[robert.id])).content.decode())
    assert "Confirmed: the same person" in record
    assert "Passport seen" in record


def test_a_panel_member_is_not_offered_the_resolution(client, robert, panel_member):
    dispute = raised(robert, panel_member)
    client.force_login(panel_member)
    url = reverse("register:identity_dispute_resolve", args=[dispute.id])
    assert url not in client.get(reverse("people:detail", args=[robert.id])).content.decode()
    assert client.get(url).status_code == 404


# The API and the command line ---------------------------------------------------------


def test_the_api_raises_a_dispute_the_check_answers_it_and_resolves_it(
    client, robert, register_officer
):
    client.force_login(register_officer)
    made = send(client, "post", f"/api/people/{robert.id}/identity-disputes", {"account": ACCOUNT})
    assert made.status_code == 201, made.json()

    answer = send(client, "post", "/api/check", {"name": "Robert Smith"}).json()
    [person] = answer["people"]
    assert (person["identity_disputed"], person["identity_warning"]) == (True, DISPUTED_WARNING)

    url = f"/api/identity-disputes/{made.json()['id']}/resolve"
    refused = send(client, "post", url, {"outcome": "confirmed", "note": ""})
    assert refused.status_code == 422
    assert "note" in refused.json()["errors"]
    resolved = send(client, "post", url, {"outcome": "confirmed", "note": "Passport seen"})
    assert resolved.status_code == 200
    assert resolved.json()["outcome"] == "confirmed"
    answer = send(client, "post", "/api/check", {"name": "Robert Smith"}).json()
    assert answer["people"][0]["identity_disputed"] is False


def test_caution_check_json_says_the_identity_is_disputed(robert, register_officer, capsys):
    raised(robert, register_officer)

    call_command("check_register", "Robert", "Smith", json=True)

    [person] = json.loads(capsys.readouterr().out)["people"]
    assert person["identity_disputed"] is True
    assert person["identity_warning"] == DISPUTED_WARNING


def test_the_persons_subject_access_export_holds_their_disputes(robert, register_officer, dpo):
    raised(robert, register_officer)

    files = unzipped(exported(requested(robert, dpo), dpo, redact=False))

    [dispute] = json.loads(files["data.json"])["identity_disputes"]
    assert (dispute["account"], dispute["outcome"]) == (ACCOUNT, "Not yet resolved")
