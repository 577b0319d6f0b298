"""The Determination Team (seed 001): staff log an incident with their line manager, the
team investigates and decides; contact is restricted only after the customer could modify
their actions, except for threats of bodily harm or violence to premises (instant ban)."""

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from caution.accounts.roles import Role
from caution.incidents.models import Incident
from caution.incidents.selectors import assessment_queue
from caution.letters.models import Letter
from caution.lib import clock
from caution.register import deciding
from caution.register.models import Caution, Decision
from tests.factories import answered, make_user
from tests.journeys.conftest import assess, check, report

pytestmark = pytest.mark.django_db

ABUSE = "Called the officer a liar and worse, three times in one call about the same complaint."
SET_TIMES = deciding.RestrictionInput(
    type="set_times", details="Tuesdays 10:00 to 11:00", channels=("phone",)
)
ONE_OFFICER = deciding.RestrictionInput(type="named_contact", named_contact="Jo Baker, Revenues")
BAN = deciding.RestrictionInput(type="office_ban", details="All council premises")


@pytest.fixture(autouse=True)
def determination_team(settings):
    settings.CAUTION_PROFILE = "determination-team"


@pytest.fixture
def team(db):
    return [
        make_user(Role.PANEL_MEMBER, first_name="Tariq"),
        make_user(Role.PANEL_MEMBER, first_name="Tess"),
        make_user(Role.PANEL_MEMBER, first_name="Toby"),
    ]


def team_meets(case, team, register_officer, *, present: int = 2):
    called = deciding.meeting_schedule(
        starts_at=timezone.localtime(clock.now()),
        place="Civic Centre, room 4",
        cases=[case],
        invited=team,
        by=register_officer,
    )
    return deciding.meeting_attendance_record(
        called, attended=team[:present], version=called.version, by=register_officer
    )


def decide(case, at, by, outcome, *, level: str = "", restrictions=()) -> Decision:
    terms = deciding.CautionTerms(
        level=level,
        precautions="No one-to-one interviews or calls",
        restrictions=restrictions,
    )
    return deciding.decision_record(
        case,
        answers=answered(),
        outcome=outcome,
        reasons="The team listened to the call recording and read the officer's account.",
        terms=terms if outcome == Decision.Outcome.CAUTION else None,
        meeting=at,
        version=case.version,
        by=by,
    )


def abuse_reported(reporter, customer, line_manager):
    incident = report(reporter, customer, "ABUSE", what=ABUSE, channel=Incident.Channel.PHONE)
    return assess(incident, line_manager, "R", severity="medium")


def test_001_12_2_after_a_warning_the_team_restricts_contact_and_the_check_shows_it(
    reporter, customer, line_manager, team, register_officer
):
    first = abuse_reported(reporter, customer, line_manager)
    warned = decide(first, team_meets(first, team, register_officer), team[0], "warning")
    assert warned.warning_expires_on == clock.today() + relativedelta(months=6)
    assert check(reporter) == []

    again = abuse_reported(reporter, customer, line_manager)
    at = team_meets(again, team, register_officer)
    restricted = decide(
        again, at, team[1], "caution", level="R", restrictions=(SET_TIMES, ONE_OFFICER)
    )

    [shown] = check(reporter)
    assert shown.level_label == "Restricted contact"
    assert shown.precautions == "No one-to-one interviews or calls"
    assert "Telephone calls taken only at set times on set days: Tuesdays" in shown.restrictions
    assert "contact Jo Baker, Revenues" in shown.restrictions
    assert restricted.decided_by == team[1]


@pytest.mark.parametrize("category", ["ABUSE", "PERSISTENT"])
def test_001_12_2_contact_is_not_restricted_before_the_customer_could_modify_their_actions(
    reporter, customer, line_manager, team, register_officer, category
):
    case = assess(report(reporter, customer, category, what=ABUSE), line_manager, "R")
    at = team_meets(case, team, register_officer)
    with pytest.raises(ValidationError, match="warning must come before a caution"):
        decide(case, at, team[0], "caution", level="R", restrictions=(ONE_OFFICER,))
    assert not Caution.objects.exists()


@pytest.mark.parametrize(
    ("category", "what"),
    [
        ("THREAT_OF_HARM", "Said he would break the officer's legs when she left work."),
        ("VIOLENCE_TO_PREMISES", "Kicked in the glass door of the customer service centre."),
    ],
)
def test_001_12_2_threats_of_harm_and_violence_to_premises_bring_an_instant_ban(
    reporter, customer, line_manager, team, register_officer, category, what
):
    case = assess(report(reporter, customer, category, what=what), line_manager, "B")
    at = team_meets(case, team, register_officer)
    decide(case, at, team[0], "caution", level="B", restrictions=(BAN,))
    [shown] = check(reporter)
    assert shown.level_label == "Banned"
    assert shown.restrictions.startswith("Banned from council premises: All council premises")


def test_001_12_1_one_member_alone_is_not_the_determination_team(
    reporter, customer, line_manager, team, register_officer
):
    case = assess(report(reporter, customer, "THREAT_OF_HARM"), line_manager, "B")
    at = team_meets(case, team, register_officer, present=1)
    with pytest.raises(ValidationError, match="not quorate"):
        decide(case, at, team[0], "caution", level="B", restrictions=(BAN,))


def test_001_13_3_the_check_shows_the_restriction_but_not_the_investigation(
    reporter, customer, line_manager, team, register_officer
):
    what = "Threatened to stab the officer; police reference KP-1234 (investigation notes)."
    case = assess(report(reporter, customer, "THREAT_OF_HARM", what=what), line_manager, "B")
    decide(case, team_meets(case, team, register_officer), team[0], "caution", level="B")
    [shown] = check(reporter)
    assert what not in str(shown)
    assert Caution.objects.get().incident_summary == what


@pytest.mark.parametrize("kind", [Incident.Kind.LOW_LEVEL, Incident.Kind.POSITIVE])
def test_001_15_3_low_level_incidents_and_positive_actions_are_logged_without_a_decision(
    reporter, customer, line_manager, kind
):
    logged = report(reporter, customer, "", kind=kind, what="Swore once; apologised at once.")
    assert logged.status == Incident.Status.RECORDED
    assert logged not in assessment_queue(line_manager)
    assert customer.incidents.get() == logged


def test_001_15_3_positive_contacts_are_shown_when_the_team_decides(
    client, reporter, customer, line_manager, team, register_officer
):
    """001 §15.3: positive actions are logged "to present a balanced picture", for the
    Team when it decides, not only at review."""
    report(reporter, customer, "", kind=Incident.Kind.POSITIVE, what="Thanked the officer warmly.")
    case = assess(report(reporter, customer, "ABUSE"), line_manager, "R")
    team_meets(case, team, register_officer)
    client.force_login(team[0])

    page = client.get(reverse("register:decide", args=[case.id])).content.decode()

    assert "Positive and neutral contacts (1)" in page
    assert "Thanked the officer warmly." in page


def test_001_13_1_the_determination_team_is_alerted_when_a_report_is_logged(
    reporter, django_capture_on_commit_callbacks
):
    from caution.accounts.roles import Role
    from caution.notifications.models import Notification
    from tests.deciding.conftest import submitted
    from tests.factories import make_person, make_user

    member = make_user(Role.PANEL_MEMBER, first_name="Tess")
    submitted(reporter, make_person("Alan", "Jones"), "ABUSE")
    assert Notification.objects.filter(user=member, subject__startswith="A report awaits").exists()


def instant_ban(case, by):
    return deciding.interim_alert_add(
        case,
        level="B",
        precautions="Do not let him into the building; call the police if he comes",
        reasons="Said he would break the officer's legs when she left work.",
        by=by,
    )


@pytest.mark.parametrize("category", ["THREAT_OF_HARM", "VIOLENCE_TO_PREMISES"])
def test_001_12_2_an_instant_ban_shows_on_the_check_at_once_before_the_team_meets(
    reporter, customer, line_manager, category
):
    """001 §12.2: threats of bodily harm and violence to premises "will result in an
    instant ban": the check shows it before the Team has met (§12.1)."""
    case = report(reporter, customer, category, what="Kicked the door and threatened staff.")
    ban = instant_ban(case, line_manager)
    [shown] = check(reporter)
    assert (shown.id, shown.level_label, shown.interim) == (str(ban.id), "Banned", True)


def test_001_12_2_the_teams_decision_replaces_the_instant_ban(
    reporter, customer, line_manager, team, register_officer
):
    """001 §12.1-12.2: the interim ban lasts until the Determination Team decides; its
    end is no removal to write to the customer about: the decision's letter tells them."""
    case = report(reporter, customer, "THREAT_OF_HARM")
    ban = instant_ban(case, line_manager)
    assess(case, line_manager, "B")
    full = decide(case, team_meets(case, team, register_officer), team[0], "caution", level="B")
    ban.refresh_from_db()
    assert ban.status == Caution.Status.REMOVED
    assert [view.id for view in check(reporter)] == [str(full.caution_id)]
    assert not Letter.objects.filter(kind="removal").exists()


def test_001_12_2_behaviour_that_gets_a_warning_first_has_no_instant_ban(
    reporter, customer, line_manager
):
    """001 §12.2: other behaviour is given "the opportunity to modify their actions" first,
    so it cannot go on the check before the Team decides."""
    case = report(reporter, customer, "ABUSE", what=ABUSE)
    with pytest.raises(ValidationError, match="only for: threat of bodily harm"):
        instant_ban(case, line_manager)
    assert check(reporter) == []
