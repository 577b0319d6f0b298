"""Any signed-in user reports an incident; it is saved as a draft and then submitted."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from caution.audit.models import AuditEvent
from caution.incidents import actions
from caution.incidents.models import Incident
from caution.incidents.selectors import assessment_queue
from caution.lib.concurrency import ChangedSinceOpened
from caution.notifications.models import Notification
from caution.outbox.delivery import outbox_deliver
from caution.register import reporting
from tests.factories import make_person
from tests.incidents.conftest import details

pytestmark = pytest.mark.django_db


def test_a_report_is_saved_as_a_draft(draft):
    assert draft.status == Incident.Status.DRAFT
    assert draft.person.display_name == "Robert Smith"


def test_an_incomplete_report_cannot_be_submitted(reporter):
    incident = actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    with pytest.raises(ValidationError) as error:
        actions.incident_submit(incident, version=incident.version, by=reporter)
    assert set(error.value.message_dict) == {
        "occurred_at",
        "description",
        "person",
        "category",
        "channel",
    }
    incident.refresh_from_db()
    assert incident.status == Incident.Status.DRAFT


def test_a_submitted_report_waits_for_assessment(draft, reporter, manager):
    actions.incident_submit(draft, version=draft.version, by=reporter)
    assert draft.status == Incident.Status.SUBMITTED
    assert list(assessment_queue(manager)) == [draft]


def test_assessors_are_told_of_a_new_report_and_the_reporter_is_not(
    draft, reporter, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.incident_submit(draft, version=draft.version, by=reporter)
    assert Notification.objects.filter(user=manager, subject__startswith="A report awaits").exists()
    assert not Notification.objects.filter(user=reporter).exists()


def test_a_submitted_report_can_no_longer_be_changed(draft, reporter):
    actions.incident_submit(draft, version=draft.version, by=reporter)
    with pytest.raises(ValidationError, match="no longer be changed"):
        actions.incident_update(
            draft, details(location="Elsewhere"), version=draft.version, by=reporter
        )


@pytest.mark.parametrize("kind", [Incident.Kind.LOW_LEVEL, Incident.Kind.POSITIVE])
def test_low_level_incidents_and_positive_contacts_are_recorded_without_a_decision(
    kind, reporter, robert
):
    """001 §15.3: low-level incidents and positive actions are logged for a balanced picture."""
    incident = actions.incident_start(kind=kind, by=reporter)
    actions.incident_update(incident, details(category=""), version=incident.version, by=reporter)
    actions.incident_person_choose(incident, robert, version=incident.version, by=reporter)
    actions.incident_submit(incident, version=incident.version, by=reporter)
    assert incident.status == Incident.Status.RECORDED


def test_a_persistent_contact_report_covers_several_contacts(reporter, robert):
    """002 §4.2: a single report can cover multiple individual contacts."""
    incident = actions.incident_start(kind=Incident.Kind.PERSISTENT, by=reporter)
    actions.incident_update(
        incident, details(occurred_at=None), version=incident.version, by=reporter
    )
    actions.incident_person_choose(incident, robert, version=incident.version, by=reporter)
    with pytest.raises(ValidationError, match="at least two"):
        actions.incident_submit(incident, version=incident.version, by=reporter)
    for day in (1, 2, 3):
        actions.contact_add(
            incident,
            occurred_at=details().occurred_at.replace(day=day),
            channel=Incident.Channel.PHONE,
            summary="Rang again about the same complaint",
            version=incident.version,
            by=reporter,
        )
    actions.incident_submit(incident, version=incident.version, by=reporter)
    assert incident.contacts.count() == 3
    assert incident.status == Incident.Status.SUBMITTED


def test_a_third_party_report_names_the_agency(reporter, robert):
    """002 Appendix 7, 003 §8.2: information from the police or another agency."""
    incident = actions.incident_start(kind=Incident.Kind.THIRD_PARTY, by=reporter)
    actions.incident_update(incident, details(channel=""), version=incident.version, by=reporter)
    actions.incident_person_choose(incident, robert, version=incident.version, by=reporter)
    with pytest.raises(ValidationError, match="agency"):
        actions.incident_submit(incident, version=incident.version, by=reporter)
    actions.incident_update(
        incident, details(channel="", agency="Kent Police"), version=incident.version, by=reporter
    )
    actions.incident_submit(incident, version=incident.version, by=reporter)
    assert incident.status == Incident.Status.SUBMITTED


def test_a_report_on_behalf_of_someone_records_who(reporter, robert):
    """002 §4.1: representatives without access report through someone else."""
    incident = actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    actions.incident_update(
        incident,
        details(on_behalf_of="Cllr Jane Doe, ward councillor"),
        version=incident.version,
        by=reporter,
    )
    assert Incident.objects.get(id=incident.id).on_behalf_of == "Cllr Jane Doe, ward councillor"


def test_police_involvement_needs_the_reference(draft, reporter):
    actions.incident_update(
        draft, details(police_involved=True), version=draft.version, by=reporter
    )
    with pytest.raises(ValidationError, match="police reference"):
        actions.incident_submit(draft, version=draft.version, by=reporter)


def test_a_threat_against_a_named_member_of_staff_alerts_them_and_their_manager_at_once(
    draft, reporter, manager
):
    """003 §6.3-6.4: alert the member of staff of the threat, and their manager."""
    from caution.accounts.roles import Role
    from tests.factories import make_user

    target = make_user(Role.REPORTER, first_name="Tara")
    target.email, target.manager = "tara@example.gov.uk", manager
    target.save()
    actions.staff_add(draft, user=target, threatened=True, version=draft.version, by=reporter)
    actions.incident_submit(draft, version=draft.version, by=reporter)
    outbox_deliver()
    alerts = Notification.objects.filter(safety=True)
    assert {alert.user for alert in alerts} == {target, manager}
    assert [message.to for message in mail.outbox if "Safety alert" in message.subject] == [
        ["tara@example.gov.uk"]
    ]
    assert "Robert" not in mail.outbox[0].body


def test_saving_over_a_newer_change_is_refused(draft, reporter):
    stale = draft.version
    actions.incident_update(draft, details(location="First change"), version=stale, by=reporter)
    with pytest.raises(ChangedSinceOpened):
        actions.incident_update(
            draft, details(location="Second change"), version=stale, by=reporter
        )
    assert Incident.objects.get(id=draft.id).location == "First change"


def test_a_new_person_is_added_only_when_the_check_finds_no_one(reporter, robert):
    incident = actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    with pytest.raises(reporting.PossibleMatches) as matches:
        reporting.incident_person_create(
            incident,
            given_names="Bob",
            family_name="Smith",
            date_of_birth=None,
            address=None,
            not_any_of=set(),
            version=incident.version,
            by=reporter,
        )
    shown = {m.person.id for m in matches.value.result.people}
    assert shown == {robert.id}
    person = reporting.incident_person_create(
        incident,
        given_names="Bob",
        family_name="Smith",
        date_of_birth=None,
        address=None,
        not_any_of=shown,
        version=incident.version,
        by=reporter,
    )
    assert person != robert
    assert Incident.objects.get(id=incident.id).person == person


def test_the_assessment_queue_leaves_out_anyone_involved(draft, reporter, manager):
    """002 §4.5.2: reviewed by a manager who was not involved in dealing with the customer."""
    actions.staff_add(draft, user=manager, threatened=False, version=draft.version, by=reporter)
    actions.incident_submit(draft, version=draft.version, by=reporter)
    assert list(assessment_queue(manager)) == []


def test_people_without_a_caution_cannot_be_chosen_by_id(client, reporter):
    from django.urls import reverse

    hidden = make_person("Secret", "Person")
    incident = actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    client.force_login(reporter)
    response = client.post(
        reverse("incidents:person", args=[incident.id]),
        {"version": incident.version, "family_name": "Person", "chosen": str(hidden.id)},
    )
    assert response.status_code == 404


def test_the_check_behind_a_refused_new_person_stays_audited(reporter, robert):
    incident = actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    with pytest.raises(reporting.PossibleMatches):
        reporting.incident_person_create(
            incident,
            given_names="Bob",
            family_name="Smith",
            date_of_birth=None,
            address=None,
            not_any_of=set(),
            version=incident.version,
            by=reporter,
        )
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CHECK)
    assert event.details["people_shown"] == [str(robert.id)]


def test_a_report_cannot_be_dated_in_the_future(reporter):
    import datetime as dt

    from caution.lib import clock

    incident = actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    with pytest.raises(ValidationError, match="today or in the past"):
        actions.incident_update(
            incident,
            details(occurred_at=clock.now() + dt.timedelta(days=2)),
            version=incident.version,
            by=reporter,
        )


def test_a_violence_report_cannot_be_submitted_with_no_member_of_staff_affected(reporter, robert):
    incident = actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    actions.incident_update(incident, details(), version=incident.version, by=reporter)
    actions.incident_person_choose(incident, robert, version=incident.version, by=reporter)
    with pytest.raises(ValidationError, match="Add the member of staff affected"):
        actions.incident_submit(incident, version=incident.version, by=reporter)
    incident.refresh_from_db()
    assert incident.status == Incident.Status.DRAFT


def test_abuse_needs_no_member_of_staff_affected(reporter, robert):
    incident = actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    actions.incident_update(
        incident, details(category="ABUSE"), version=incident.version, by=reporter
    )
    actions.incident_person_choose(incident, robert, version=incident.version, by=reporter)
    actions.incident_submit(incident, version=incident.version, by=reporter)
    assert incident.status == Incident.Status.SUBMITTED
