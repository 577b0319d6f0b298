"""Teams that keep a marker on their own systems follow additions to and removals from
the register, so they can switch the marker on and off (002 §3.1)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caution.accounts.models import Organisation
from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.notifications import events
from caution.notifications.models import Notification
from caution.register import deciding
from caution.register.announcing import marker_subscribe, marker_unsubscribe
from caution.register.cautions_expiry import cautions_expire
from caution.register.models import Decision
from tests.deciding.conftest import assessed, submitted
from tests.factories import answered, change_made, make_agreement, make_caution, make_person
from tests.notifications.conftest import emails_to, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing_officer(db):
    """Keeps a marker in the housing system."""
    user = staff(Role.REPORTER, "Hana")
    marker_subscribe(system="Housing management system", by=user)
    return user


@pytest.fixture
def gary(db):
    return make_person("Gary", "Pratt", born=dt.date(1979, 6, 21))


def end(caution, by):
    caution.refresh_from_db()
    change_made(caution, "end", reason="Review: removed", by=by)


def markers_for(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, event=events.MARKER).order_by("created_at"))


@pytest.fixture
def dover(settings):
    settings.CAUTION_PROFILE = "dover"


@pytest.fixture
def line_manager(db):
    return staff(Role.MANAGER, "Lena")


def interim_alert(incident, by):
    return deciding.interim_alert_add(
        incident,
        level="3",
        precautions="No home visits",
        reasons="Said he keeps a knife by the door for council officers.",
        by=by,
    )


def test_002_3_1_a_team_is_told_to_switch_on_its_marker_when_someone_is_added(
    dover, housing_officer, gary, line_manager
):
    reporter = staff(Role.REPORTER, "Rita")
    reporter.manager = line_manager
    reporter.save()
    interim_alert(submitted(reporter, gary, "THREAT_OF_HARM"), line_manager)

    [note] = markers_for(housing_officer)
    assert note.subject.startswith("Switch on your marker")
    assert note.url.startswith("/notifications/markers/")


def test_002_3_1_a_team_is_told_to_switch_off_its_marker_when_someone_is_removed(
    housing_officer, gary, officer
):
    caution = make_caution(gary)

    end(caution, officer)

    [note] = markers_for(housing_officer)
    assert note.subject.startswith("Switch off your marker")


def test_002_3_1_the_marker_email_names_nobody_and_links_to_the_page(
    housing_officer, gary, officer
):
    end(make_caution(gary), officer)

    [email] = emails_to(housing_officer)
    assert "Gary" not in email.body and "Pratt" not in email.body
    assert "/notifications/markers/" in email.body


def test_a_change_to_a_caution_does_not_touch_the_marker(housing_officer, gary, officer):
    caution = make_caution(gary)

    change_made(
        caution,
        "amend",
        level="2",
        precautions="Visit in pairs",
        key_contact="",
        reason="Review",
        by=officer,
    )

    assert markers_for(housing_officer) == []


def test_the_marker_stays_on_while_another_caution_keeps_the_person_on_the_register(
    housing_officer, gary, officer
):
    first, _second = make_caution(gary), make_caution(gary, level="2")

    end(first, officer)

    assert markers_for(housing_officer) == []


def test_002_3_1_an_interim_alert_replaced_by_the_full_decision_leaves_the_marker_on(
    dover, housing_officer, gary, line_manager
):
    reporter = staff(Role.REPORTER, "Rita")
    reporter.manager = line_manager
    reporter.save()
    incident = submitted(reporter, gary, "THREAT_OF_HARM")
    interim_alert(incident, line_manager)
    assessed(incident, line_manager, "3")

    deciding.decision_record(
        incident,
        answers=answered(),
        outcome=Decision.Outcome.CAUTION,
        reasons="Threat to harm an officer with a knife.",
        terms=deciding.CautionTerms(level="3", precautions="No home visits"),
        version=incident.version,
        by=line_manager,
    )

    assert [n.subject.split(":")[0] for n in markers_for(housing_officer)] == [
        "Switch on your marker",
        "Switch on your marker",
    ]


def test_a_partner_following_markers_hears_only_of_cautions_shared_with_them(gary, officer):
    homes = Organisation.objects.create(name="Riverside Homes")
    make_agreement(homes)
    partner = staff(Role.PARTNER, "Pat", organisation=homes)
    marker_subscribe(system="Riverside tenancy system", by=partner)
    shared = make_caution(gary, shared_with=[homes])
    unshared = make_caution(make_person("Sid", "Vicious"))

    end(unshared, officer)
    end(shared, officer)

    assert [n.url for n in markers_for(partner)] == [f"/notifications/markers/{shared.id}/"]


def test_staff_who_do_not_follow_markers_are_not_told(colleague, gary, officer):
    end(make_caution(gary), officer)

    assert markers_for(colleague) == []


def test_unfollowing_stops_the_messages(housing_officer, gary, officer):
    marker_unsubscribe(by=housing_officer)

    end(make_caution(gary), officer)

    assert markers_for(housing_officer) == []


def test_following_needs_the_name_of_the_system(colleague):
    with pytest.raises(ValidationError, match="system"):
        marker_subscribe(system=" ", by=colleague)


def test_002_3_2_a_councillor_who_may_not_see_the_register_cannot_follow_it(settings, councillor):
    settings.CAUTION_PROFILE = "cheltenham"

    with pytest.raises(PermissionDenied):
        marker_subscribe(system="Casework system", by=councillor)


def test_the_marker_page_says_who_to_switch_off(client, housing_officer, gary, officer):
    caution = make_caution(gary)
    end(caution, officer)
    client.force_login(housing_officer)

    page = client.get(markers_for(housing_officer)[0].url).content.decode()

    assert "Switch off your marker" in page
    assert "Gary Pratt" in page
    assert "Housing management system" in page
    assert AuditEvent.objects.filter(actor=housing_officer, verb=AuditEvent.Verb.VIEW).exists()


def test_the_marker_page_is_not_found_for_someone_who_does_not_follow_markers(
    client, colleague, gary
):
    caution = make_caution(gary)
    client.force_login(colleague)

    assert client.get(f"/notifications/markers/{caution.id}/").status_code == 404


def test_the_marker_page_is_not_found_for_a_partner_the_caution_is_not_shared_with(client, gary):
    homes = Organisation.objects.create(name="Riverside Homes")
    make_agreement(homes)
    partner = staff(Role.PARTNER, "Pat", organisation=homes)
    marker_subscribe(system="Riverside tenancy system", by=partner)
    caution = make_caution(gary)
    client.force_login(partner)

    assert client.get(f"/notifications/markers/{caution.id}/").status_code == 404


def test_002_3_1_a_caution_that_expires_tells_the_team_to_switch_off(housing_officer, gary):
    caution = make_caution(gary)
    caution.expires_on = caution.date_added
    caution.save(update_fields=["expires_on"])

    cautions_expire(as_of=caution.date_added)

    [note] = markers_for(housing_officer)
    assert note.subject.startswith("Switch off your marker")
