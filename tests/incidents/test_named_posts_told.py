"""The posts a policy names are told of the reports it names, whatever their notification
choices: police involvement, injury, RIDDOR and serious incidents to senior managers
(000 §2.2, §5, §7; 001 §13.4), low-level reports to the line manager and, under 001, the
Determination Team (001 §6.1, §13.1; 003 §5.1-5.3); a RIDDOR queue for those who lead or
advise on the investigation; threats and violence refused on the low-level form
(001 §13.4). Issue 15, finding 3."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caution.accounts.roles import Role
from caution.incidents import actions
from caution.incidents.models import Incident
from caution.lib import clock
from caution.notifications import events
from caution.notifications.actions import preferences_update
from caution.notifications.models import Notification
from caution.policy.profiles import current
from tests.api.conftest import send
from tests.factories import make_person, make_user
from tests.notifications.conftest import emails_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return make_person("Gary", "Pratt")


@pytest.fixture
def line_manager(db):
    return make_user(Role.MANAGER, first_name="Lena")


@pytest.fixture
def officer(line_manager):
    """A reporter whose line manager is recorded."""
    user = make_user(Role.REPORTER, first_name="Rita")
    user.manager = line_manager
    user.save(update_fields=["manager"])
    return user


def draft(officer, person, category: str, *, kind=Incident.Kind.INCIDENT, **flags) -> Incident:
    incident = actions.incident_start(kind=kind, by=officer)
    actions.incident_update(
        incident,
        actions.IncidentDetails(
            occurred_at=clock.now() - dt.timedelta(hours=1),
            location="Council offices, reception",
            channel=Incident.Channel.FACE_TO_FACE,
            service_area="Revenues",
            category=category,
            description="Shouted at the officer across the counter.",
            **flags,
        ),
        version=incident.version,
        by=officer,
    )
    actions.incident_person_choose(incident, person, version=incident.version, by=officer)
    actions.staff_add(
        incident, user=officer, threatened=False, version=incident.version, by=officer
    )
    return incident


def submitted(officer, person, category: str = "", **options) -> Incident:
    incident = draft(officer, person, category, **options)
    return actions.incident_submit(incident, version=incident.version, by=officer)


def told(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, event=events.REPORT_NOTICE))


# Harborough (000): the CMT, the Corporate Health and Safety Officer, the Service Manager.


@pytest.fixture
def harborough(settings):
    settings.CAUTION_PROFILE = "harborough"


@pytest.fixture
def cmt(harborough):
    return make_user(Role.DECISION_MAKER, first_name="Claire")


@pytest.fixture
def health_and_safety(harborough):
    return make_user(Role.REGISTER_OFFICER, first_name="Terry")


def test_000_7_the_cmt_is_told_of_every_report_with_police_involvement(cmt, officer, person):
    """000 §7: "The CMT should always be notified where there are any incidences of Police
    involvement"."""
    report = submitted(officer, person, "ABUSE", police_involved=True, police_reference="LE-42")
    [notice] = told(cmt)
    assert notice.subject == "A report you are told of: police involved"
    assert notice.url == reverse("incidents:detail", args=[report.id])
    assert notice.about == person
    assert "Pratt" not in notice.subject + notice.body


def test_000_7_the_cmt_cannot_switch_the_notice_off(cmt, officer, person):
    """000 §7 "always be notified": the notice goes by e-mail and in the service even to a
    member who turned every optional notification off."""
    cmt.email = "claire@harborough.example"
    cmt.save(update_fields=["email"])
    preferences_update(cmt, chosen={}, by=cmt)
    submitted(officer, person, "ABUSE", police_involved=True, police_reference="LE-42")
    assert told(cmt)
    [email] = emails_to(cmt)
    assert email.subject == "A report you are told of: police involved"
    with pytest.raises(ValidationError):
        preferences_update(cmt, chosen={events.REPORT_NOTICE: set()}, by=cmt)


@pytest.mark.parametrize(
    ("category", "flags"),
    [("VIOLENCE", {}), ("ABUSE", {"injury": True})],
    ids=["serious category", "injury"],
)
def test_000_5_a_serious_incident_goes_to_the_cmt_and_the_corporate_hs_officer(
    cmt, health_and_safety, officer, person, category, flags
):
    """000 §2.3, §5: a serious incident is reported "immediately to the Corporate
    Management Team and Corporate Health and Safety Officer"."""
    submitted(officer, person, category, **flags)
    assert told(cmt) and told(health_and_safety)


def test_000_2_2_the_service_manager_and_the_hs_officer_are_told_of_a_riddor_report(
    cmt, health_and_safety, line_manager, officer, person
):
    """000 §2.2: Service Managers lead the investigation of RIDDOR-reportable incidents,
    the Corporate Health and Safety Officer advises; the CMT is not told of RIDDOR alone."""
    submitted(officer, person, "ABUSE", riddor=True)
    assert [n.subject for n in told(line_manager)] == [
        "A report you are told of: RIDDOR-reportable, an incident form"
    ]
    assert told(health_and_safety)
    assert not told(cmt)


def test_000_7_a_report_with_nothing_the_policy_names_tells_no_senior_post(
    cmt, health_and_safety, officer, person
):
    """000 §7: an incident not serious enough to involve the police is reported internally,
    to the assessors, the line manager and the Corporate Health and Safety Officer, not to
    the CMT."""
    submitted(officer, person, "ABUSE")
    assert not told(cmt)


def test_000_2_4_the_line_manager_is_told_of_every_incident_form_whatever_they_chose(
    harborough, line_manager, officer, person
):
    """000 §2.4: "Ensure that any incidents involving unacceptable customer behaviour are
    reported to their Line Manager", even one who switched off the assessors' message."""
    preferences_update(line_manager, chosen={}, by=line_manager)
    report = submitted(officer, person, "ABUSE")
    [notice] = told(line_manager)
    assert notice.subject == "A report you are told of: an incident form"
    assert notice.url == reverse("incidents:detail", args=[report.id])


def test_000_8_2_every_incident_form_goes_to_the_manager_and_the_corporate_hs_officer(
    health_and_safety, line_manager, officer, person
):
    """000 §8.2 steps 1-2: "Send the form to your Manager and the Corporate Health and
    Safety Officer"."""
    submitted(officer, person, "ABUSE")
    assert [n.subject for n in told(health_and_safety)] == [
        "A report you are told of: an incident form"
    ]
    assert told(line_manager)


def test_000_2_2_the_riddor_queue_lists_riddor_reports_a_page_at_a_time(
    client, health_and_safety, officer, person
):
    """000 §2.2: the Corporate Health and Safety Officer finds every RIDDOR-reportable
    report in one place."""
    for _ in range(26):
        Incident.objects.create(
            reported_by=officer,
            person=person,
            riddor=True,
            status=Incident.Status.SUBMITTED,
            submitted_at=clock.now(),
        )
    Incident.objects.create(reported_by=officer, riddor=False, status=Incident.Status.SUBMITTED)
    client.force_login(health_and_safety)
    row = '<tr class="govuk-table__row">'
    first = client.get(reverse("incidents:riddor")).content.decode()
    assert "26 reports" in first
    assert first.count(row) == 1 + 25  # the head, then a page of reports
    second = client.get(reverse("incidents:riddor") + "?page=2").content.decode()
    assert second.count(row) == 1 + 1


@pytest.mark.parametrize("role", [Role.REPORTER, Role.PANEL_MEMBER])
def test_000_2_2_the_riddor_queue_is_only_for_the_posts_that_investigate(client, harborough, role):
    client.force_login(make_user(role))
    assert client.get(reverse("incidents:riddor")).status_code == 403


def test_000_2_2_the_reports_page_links_the_riddor_queue_for_its_posts(
    client, health_and_safety, officer
):
    client.force_login(health_and_safety)
    assert reverse("incidents:riddor") in client.get(reverse("incidents:index")).content.decode()
    client.force_login(officer)
    assert (
        reverse("incidents:riddor") not in client.get(reverse("incidents:index")).content.decode()
    )


# The Determination Team (001).


@pytest.fixture
def determination_team(settings):
    settings.CAUTION_PROFILE = "determination-team"


def test_001_6_1_the_line_manager_is_told_of_a_low_level_report(
    determination_team, line_manager, officer, person
):
    """001 §6.1, §13.1: unacceptable actions "should always be reported to your line
    manager"."""
    submitted(officer, person, kind=Incident.Kind.LOW_LEVEL)
    [notice] = told(line_manager)
    assert notice.subject == "A report you are told of: a low-level incident"


def test_001_13_1_the_line_manager_is_told_of_every_incident_form(
    determination_team, line_manager, officer, person
):
    """001 §6.1, §13.1: "Unacceptable actions by a customer should always be reported to
    your line manager", on the Health and Safety Incident form as on the low-level one."""
    preferences_update(line_manager, chosen={}, by=line_manager)
    submitted(officer, person, "ABUSE")
    [notice] = told(line_manager)
    assert notice.subject == "A report you are told of: an incident form"


def test_001_13_1_the_determination_team_is_alerted_when_a_low_level_form_is_logged(
    determination_team, officer, person
):
    """001 §13.1: "Alerts are sent to member of the determination team following logging
    of these forms"."""
    member = make_user(Role.PANEL_MEMBER, first_name="Tess")
    submitted(officer, person, kind=Incident.Kind.LOW_LEVEL)
    assert told(member)


def test_001_13_4_actual_violence_against_a_person_is_refused_on_the_low_level_form(
    determination_team, officer, person
):
    """001 §13.4: "threats of, or actual violence": violence against a person has a kind
    of its own, which needs the Health and Safety Incident form."""
    with pytest.raises(ValidationError) as refused:
        draft(officer, person, "VIOLENCE", kind=Incident.Kind.LOW_LEVEL)
    [message] = refused.value.message_dict["category"]
    assert message.startswith("Violence against a person cannot be logged as a low-level")


def test_001_13_4_actual_violence_is_assessed_and_the_hs_officer_is_told(
    determination_team, officer, person
):
    """001 §13.4: the form is "for the council's Health and Safety officer"."""
    health_and_safety = make_user(Role.REGISTER_OFFICER)
    report = submitted(officer, person, "VIOLENCE")
    assert report.status == Incident.Status.SUBMITTED
    assert [n.subject for n in told(health_and_safety)] == [
        "A report you are told of: a serious incident"
    ]


@pytest.mark.parametrize(
    ("profile", "category"),
    [
        ("harborough", "VIOLENCE"),
        ("determination-team", "VIOLENCE"),
        ("cheltenham", "ASSAULT"),
        ("dover", "VIOLENCE"),
        ("workington", "PHYSICAL_THREAT"),
    ],
)
def test_001_13_4_every_profile_refuses_actual_violence_on_the_low_level_form(
    settings, profile, category
):
    """001 §13.4, which the other profiles follow (our choice): each has a kind of
    behaviour for violence against a person, refused on the low-level form."""
    settings.CAUTION_PROFILE = profile
    assert actions.low_level_refusal(Incident.Kind.LOW_LEVEL, category).startswith(
        f"{current().category(category).label} cannot be logged as a low-level incident"
    )


@pytest.mark.parametrize("category", ["THREAT_OF_HARM", "VIOLENCE_TO_PREMISES", "SELF_HARM_THREAT"])
def test_001_13_4_a_threat_or_violence_is_refused_on_the_low_level_form(
    determination_team, officer, person, category
):
    """001 §13.4: "In all cases of threats of, or actual violence, including self-harm
    threats, staff should always complete a Health and Safety Incident form"."""
    with pytest.raises(ValidationError) as refused:
        draft(officer, person, category, kind=Incident.Kind.LOW_LEVEL)
    [message] = refused.value.message_dict["category"]
    assert "cannot be logged as a low-level incident: start a new report and choose Incident" in (
        message
    )


def test_001_13_4_the_low_level_form_shows_a_govuk_error_to_use_the_full_report(
    client, determination_team, officer
):
    client.force_login(officer)
    incident = actions.incident_start(kind=Incident.Kind.LOW_LEVEL, by=officer)
    page = client.post(
        reverse("incidents:details", args=[incident.id]),
        {"version": incident.version, "category": "SELF_HARM_THREAT", "description": "x"},
    ).content.decode()
    assert "govuk-error-summary" in page
    assert "Threat of self-harm cannot be logged as a low-level incident" in page
    incident.refresh_from_db()
    assert incident.category == ""


def test_001_13_4_the_api_refuses_a_threat_on_a_low_level_report_naming_the_field(
    client, determination_team, officer
):
    client.force_login(officer)
    incident = actions.incident_start(kind=Incident.Kind.LOW_LEVEL, by=officer)
    response = send(
        client, "put", f"/api/reports/{incident.id}", {"version": 1, "category": "THREAT_OF_HARM"}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["category"]


def test_001_13_4_a_self_harm_threat_is_assessed_and_the_hs_officer_is_told(
    determination_team, officer, person
):
    """001 §2.1, §13.4: a threat of self-harm is reported in full, for assessment, and goes
    to the council's Health and Safety officer."""
    health_and_safety = make_user(Role.REGISTER_OFFICER)
    report = submitted(officer, person, "SELF_HARM_THREAT")
    assert report.status == Incident.Status.SUBMITTED
    assert [n.subject for n in told(health_and_safety)] == [
        "A report you are told of: a serious incident"
    ]


# Dover (003).


def test_003_5_1_the_line_manager_is_told_of_a_low_level_report(
    settings, line_manager, officer, person
):
    """003 §5.1-5.3: an ended call or meeting, or abusive correspondence, is brought to the
    attention of the line Manager."""
    settings.CAUTION_PROFILE = "dover"
    submitted(officer, person, kind=Incident.Kind.LOW_LEVEL)
    assert told(line_manager)
