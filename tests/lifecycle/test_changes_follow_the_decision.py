"""Every change after the decision goes to the body that decided, under the same rules, or
to the route the profile names for it (`[changes]`); the register officer corrects typing
errors, recorded as corrections, never as decisions (issue 15, finding 1)."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.lib.concurrency import ChangedSinceOpened
from caution.register import deciding
from caution.register.changing import (
    caution_change_decide,
    caution_change_propose,
    caution_correct,
    offers,
)
from caution.register.models import Caution, CautionChange, Restriction
from tests.api.conftest import send
from tests.factories import make_caution, make_person, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return make_person("Robert", "Smith")


def propose(caution, by, action="amend", **values):
    values.setdefault("reason", "Another incident since the decision")
    return caution_change_propose(caution, action=action, version=caution.version, by=by, **values)


def decide(change, by, meeting=None, made=True):
    return caution_change_decide(
        change, made=made, reasons="Minuted", meeting=meeting, version=change.version, by=by
    )


def meeting_of(change, officer, invited, present=None):
    called = deciding.meeting_schedule(
        starts_at=timezone.localtime(clock.now()),
        place="Committee room",
        cases=[],
        changes=[change],
        invited=invited,
        by=officer,
    )
    return deciding.meeting_attendance_record(
        called,
        attended=invited if present is None else present,
        version=called.version,
        by=officer,
    )


def writing_only(caution):
    return Restriction.objects.create(
        caution=caution, type="writing_only", label="Writing only", starts_on=caution.date_added
    )


# Harborough (000): the Review Panel approves every change.


@pytest.fixture
def panel(dpo):
    """A quorate Review Panel (000 §8.3): a CMT chair, the DPO and a service manager."""
    return [make_user(Role.DECISION_MAKER), dpo, make_user(Role.PANEL_MEMBER)]


def test_000_8_2_one_panel_member_cannot_raise_marker_3_to_1_alone(person):
    member = make_user(Role.PANEL_MEMBER)
    caution = make_caution(person, level="3")

    change = propose(caution, member, level="1")

    caution.refresh_from_db()
    assert (change.status, caution.level) == (CautionChange.Status.PROPOSED, "3")
    with pytest.raises(PermissionDenied, match="Review Panel decides this change at a meeting"):
        decide(change, member)


def test_000_8_2_one_decision_maker_cannot_remove_an_entry_alone(person):
    caution = make_caution(person)
    change = propose(caution, make_user(Role.DECISION_MAKER), "end")
    caution.refresh_from_db()
    assert caution.status == Caution.Status.ACTIVE
    assert change.status == CautionChange.Status.PROPOSED


def test_000_8_4_a_panel_without_its_quorum_cannot_change_an_entry(person, panel, register_officer):
    caution = make_caution(person, level="3")
    change = propose(caution, register_officer, level="1")
    meeting = meeting_of(change, register_officer, panel, present=panel[:2])

    with pytest.raises(PermissionDenied, match="not quorate"):
        decide(change, register_officer, meeting)


def test_000_8_2_the_review_panel_changes_the_marker_at_a_quorate_meeting(
    person, panel, register_officer
):
    caution = make_caution(person, level="3")
    change = propose(caution, register_officer, level="1")

    decide(change, panel[0], meeting_of(change, register_officer, panel))

    caution.refresh_from_db()
    assert (caution.level, change.status) == ("1", CautionChange.Status.MADE)
    event = AuditEvent.objects.get(summary="Changed a caution")
    assert (event.details["decided_by"], event.details["decision"]) == ("Review Panel", "Minuted")


def test_000_8_2_the_review_panel_may_refuse_a_proposed_removal(person, panel, register_officer):
    caution = make_caution(person)
    change = propose(caution, register_officer, "end")

    decide(change, register_officer, meeting_of(change, register_officer, panel), made=False)

    caution.refresh_from_db()
    assert (caution.status, change.status) == ("active", CautionChange.Status.REFUSED)


def test_000_8_2_a_change_decided_after_the_entry_moved_on_is_refused(
    person, panel, register_officer
):
    caution = make_caution(person, level="3")
    stale = propose(caution, register_officer, level="2")
    fresh = propose(caution, register_officer, level="1")
    meeting = deciding.meeting_schedule(
        starts_at=timezone.localtime(clock.now()),
        place="Committee room",
        cases=[],
        changes=[stale, fresh],
        invited=panel,
        by=register_officer,
    )
    meeting = deciding.meeting_attendance_record(
        meeting, attended=panel, version=meeting.version, by=register_officer
    )
    decide(fresh, register_officer, meeting)

    with pytest.raises(ChangedSinceOpened):
        decide(stale, register_officer, meeting)


def test_000_8_3_the_register_officer_corrects_a_typing_error_as_a_correction(
    person, register_officer
):
    caution = make_caution(person, precautions="Vist in pairs", key_contact="Housing Taem")

    caution_correct(
        caution,
        precautions="Visit in pairs",
        key_contact="Housing Team",
        reason="Typing errors",
        version=caution.version,
        by=register_officer,
    )

    caution.refresh_from_db()
    assert (caution.precautions, caution.key_contact) == ("Visit in pairs", "Housing Team")
    event = AuditEvent.objects.get(target_id=str(caution.id), verb=AuditEvent.Verb.CORRECT)
    assert event.summary == "Corrected a typing error in a caution"
    assert not CautionChange.objects.exists()


def test_000_8_3_a_correction_cannot_change_what_the_precautions_say(person, register_officer):
    caution = make_caution(person, precautions="Visit in pairs")
    with pytest.raises(ValidationError, match="typing error"):
        caution_correct(
            caution,
            precautions="No home visits; meet only at the Symington Building",
            reason="Typing error",
            version=caution.version,
            by=register_officer,
        )


def test_000_8_3_only_the_register_officer_corrects(person):
    caution = make_caution(person, precautions="Vist in pairs")
    with pytest.raises(PermissionDenied):
        caution_correct(
            caution,
            precautions="Visit in pairs",
            reason="Typing error",
            version=caution.version,
            by=make_user(Role.DECISION_MAKER),
        )


def test_000_8_2_the_api_proposes_and_the_panel_decides(client, person, panel, register_officer):
    caution = make_caution(person, level="3")
    client.force_login(register_officer)
    proposed = send(
        client,
        "post",
        f"/api/cautions/{caution.id}/amend",
        {
            "version": caution.version,
            "level": "1",
            "precautions": caution.precautions,
            "key_contact": caution.key_contact,
            "reason": "Violence at the second visit",
        },
    )
    assert proposed.status_code == 202
    change = CautionChange.objects.get(id=proposed.json()["id"])
    alone = send(
        client,
        "post",
        f"/api/changes/{change.id}/decide",
        {"version": 1, "made": True, "reasons": "x"},
    )
    assert alone.status_code == 403

    meeting = meeting_of(change, register_officer, panel)
    decided = send(
        client,
        "post",
        f"/api/changes/{change.id}/decide",
        {"version": 1, "made": True, "reasons": "Minuted", "meeting_id": str(meeting.id)},
    )
    assert decided.json()["status"] == "made"
    caution.refresh_from_db()
    assert caution.level == "1"


# Determination Team (001): the Team decides as a team.


@pytest.fixture
def determination_team(settings):
    settings.CAUTION_PROFILE = "determination-team"


def test_001_12_1_one_team_member_cannot_lift_a_restriction_alone(
    determination_team, person, register_officer
):
    caution = make_caution(person, level="R", restrictions="")
    restriction = writing_only(caution)
    member, other = make_user(Role.PANEL_MEMBER), make_user(Role.PANEL_MEMBER)

    change = propose(caution, member, lift=[restriction.id])
    assert change.status == CautionChange.Status.PROPOSED
    with pytest.raises(PermissionDenied):
        decide(change, member)

    decide(change, member, meeting_of(change, register_officer, [member, other]))
    assert caution.restrictions == ""


def test_001_12_1_one_team_member_cannot_raise_restricted_contact_to_a_ban(
    determination_team, person
):
    caution = make_caution(person, level="R")
    change = propose(caution, make_user(Role.PANEL_MEMBER), level="B")
    caution.refresh_from_db()
    assert (caution.level, change.status) == ("R", CautionChange.Status.PROPOSED)


# Workington (004): the Chief Officer and the Chair of F&GP together.


@pytest.fixture
def workington(settings):
    settings.CAUTION_PROFILE = "workington"


def test_004_5_the_chair_alone_cannot_lift_a_restriction(workington, person, register_officer):
    chief_officer, chair = register_officer, make_user(Role.DECISION_MAKER)
    caution = make_caution(person, level="TEMPORARY", restrictions="")
    restriction = writing_only(caution)

    change = propose(caution, chair, lift=[restriction.id])
    with pytest.raises(PermissionDenied):
        decide(change, chair)
    assert caution.restrictions == "Writing only"

    decide(change, chair, meeting_of(change, chief_officer, [chief_officer, chair]))
    assert caution.restrictions == ""


def test_004_5_the_chief_officer_alone_cannot_make_a_restriction_permanent(
    workington, person, register_officer
):
    caution = make_caution(person, level="TEMPORARY")
    change = propose(caution, register_officer, level="PERMANENT")
    with pytest.raises(PermissionDenied, match="at a meeting"):
        decide(change, register_officer)


# Cheltenham (002): the Governance Group approves removals and extensions; the CSSM alters
# the period; a manager not involved amends the entry.


@pytest.fixture
def cheltenham(settings):
    settings.CAUTION_PROFILE = "cheltenham"


@pytest.fixture
def entry(cheltenham, person):
    return make_caution(person, level="ABUSE", expires_on=clock.today() + relativedelta(months=6))


@pytest.fixture
def governance_group(db):
    return [make_user(Role.PANEL_MEMBER), make_user(Role.PANEL_MEMBER)]


def test_002_3_a_service_manager_cannot_remove_an_entry_without_the_governance_group(
    entry, register_officer, governance_group
):
    manager = make_user(Role.MANAGER)
    change = propose(entry, manager, "end")
    entry.refresh_from_db()
    assert entry.status == Caution.Status.ACTIVE
    with pytest.raises(PermissionDenied, match="Governance Group decides this change"):
        decide(change, manager)

    decide(change, register_officer, meeting_of(change, register_officer, governance_group))
    entry.refresh_from_db()
    assert entry.status == Caution.Status.REMOVED


def test_002_4_7_a_governance_group_meeting_needs_its_quorum(
    entry, register_officer, governance_group
):
    change = propose(entry, make_user(Role.MANAGER), "end")
    with pytest.raises(ValidationError, match="Invite at least 2 members of the Governance Group"):
        meeting_of(change, register_officer, governance_group[:1])


def test_002_3_an_extension_waits_for_the_governance_group(entry, register_officer):
    later = entry.expires_on + relativedelta(months=6)
    change = propose(entry, make_user(Role.MANAGER), "extend", expires_on=later)
    assert change.status == CautionChange.Status.PROPOSED
    assert change.kinds == ["extension"]
    entry.refresh_from_db()
    assert entry.expires_on != later


def test_002_4_5_1_only_the_cssm_alters_the_period(entry):
    manager, cssm = make_user(Role.MANAGER), make_user(Role.DECISION_MAKER)
    sooner = clock.today() + dt.timedelta(days=30)

    change = propose(entry, manager, "extend", expires_on=sooner)
    with pytest.raises(PermissionDenied, match="Customer and Support Services Manager"):
        decide(change, manager)
    decide(change, cssm)

    entry.refresh_from_db()
    assert entry.expires_on == sooner


def test_002_4_5_1_the_cssm_alters_the_period_at_once(entry):
    sooner = clock.today() + dt.timedelta(days=30)
    change = propose(entry, make_user(Role.DECISION_MAKER), "extend", expires_on=sooner)
    assert change.status == CautionChange.Status.MADE


def test_002_4_5_2_a_manager_not_involved_amends_the_entry_as_the_decision(entry):
    change = propose(entry, make_user(Role.MANAGER), level="VIOLENCE")
    entry.refresh_from_db()
    assert (change.status, entry.level) == (CautionChange.Status.MADE, "VIOLENCE")


def test_002_3_a_change_of_level_and_of_period_are_proposed_apart(entry):
    with pytest.raises(ValidationError, match="one at a time"):
        deciding.change_routes(["level", "removal"])


# Dover (003): an alert is removed only on review, on appeal or at the end of the tenancy.


@pytest.fixture
def dover(settings):
    settings.CAUTION_PROFILE = "dover"


def test_003_10_3_a_manager_cannot_remove_an_alert_outside_a_review_or_appeal(
    dover, person, register_officer
):
    alert = make_caution(person, level="2")
    for who in (make_user(Role.MANAGER), register_officer, make_user(Role.DECISION_MAKER)):
        with pytest.raises(PermissionDenied, match="only at a review or on appeal"):
            propose(alert, who, "end")
    alert.refresh_from_db()
    assert alert.status == Caution.Status.ACTIVE


def test_003_10_3_the_page_and_api_offer_no_removal(client, dover, person, register_officer):
    alert = make_caution(person, level="2")
    assert offers(alert, register_officer)["end"] is False
    client.force_login(register_officer)
    page = client.get(reverse("register:caution", args=[alert.id])).content.decode()
    assert reverse("register:caution_end", args=[alert.id]) not in page
    assert reverse("register:caution_amend", args=[alert.id]) in page
    ended = send(client, "post", f"/api/cautions/{alert.id}/end", {"version": 1, "reason": "Moved"})
    assert ended.status_code == 403


def test_003_10_2_the_manager_lowers_the_alert_level(dover, person):
    alert = make_caution(person, level="2")
    change = propose(alert, make_user(Role.MANAGER), level="1")
    assert change.status == CautionChange.Status.MADE
