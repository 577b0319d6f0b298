"""The main journey in the browser (issue 3): a reporter reports an incident, a manager
who was not involved assesses it, the decision body decides, and the check shows the
caution at once. axe-core checks every page on the way (DESIGN.md §5: WCAG 2.2 AA).

The reports that only set the scene for a page are made with the actions, as the service
tests make them; everything the story is about is done in the browser."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.factories import make_caution, make_person, make_user

from caution.accounts.roles import Role
from caution.incidents import actions as reporting
from caution.incidents.models import Incident
from caution.register import deciding
from e2e.steps import assert_accessible, check, fill_date, go_to, sign_in_as, sign_out

pytestmark = pytest.mark.e2e

WHAT_HAPPENED = "He pushed the officer against the counter and left the building."


@pytest.fixture
def cheltenham(settings):
    """Seed 002: one manager who was not involved decides."""
    settings.CAUTION_PROFILE = "cheltenham"


@pytest.fixture
def harborough(settings):
    """Seed 000: the Review Panel decides at a quorate meeting (000 §8.2-8.4)."""
    settings.CAUTION_PROFILE = "harborough"


@pytest.fixture
def reporter(transactional_db):
    return make_user(Role.REPORTER, first_name="Rita", last_name="Reed")


@pytest.fixture
def assessor(transactional_db):
    return make_user(Role.MANAGER, first_name="Mo", last_name="Assessor")


# The whole journey, under a single decider.


@pytest.fixture
def robert_smith(transactional_db):
    """Already on the register, for his personal circumstances."""
    person = make_person("Robert", "Smith", born=dt.date(1975, 3, 14))
    make_caution(person, level="CIRCUMSTANCES", precautions="Take care in contact")
    return person


def test_a_report_becomes_a_caution_that_the_check_shows(
    page, cheltenham, reporter, assessor, robert_smith
):
    colleague = make_user(Role.REPORTER, first_name="Sam", last_name="Carter")
    decider = make_user(Role.MANAGER, first_name="Max", last_name="Decider")

    # The reporter reports the assault on a colleague.
    sign_in_as(page, reporter)
    go_to(page, "Reports")
    assert_accessible(page)
    page.get_by_role("button", name="Report something").click()
    assert_accessible(page)
    page.get_by_label("Incident", exact=True).check()
    page.get_by_role("button", name="Start the report").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Details")
    assert_accessible(page)
    fill_in_the_details(page, category="Physical assault")
    expect(page.get_by_text("Your report is saved as a draft")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Find the person").click()
    assert_accessible(page)
    page.get_by_label("Given names").fill("Bob")
    page.get_by_label("Family name").fill("Smith")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_role("group", name="Is it one of these people?")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Robert Smith, born 14 March 1975").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("link", name="Add a member of staff").click()
    assert_accessible(page)
    page.get_by_label("Name of the member of staff").fill("Sam Carter")
    page.get_by_label("Their username, if they use this service").fill(colleague.username)
    page.get_by_role("button", name="Add member of staff").click()

    page.get_by_role("link", name="Add a witness").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Priya Shah")
    page.get_by_label("Statement").fill("I saw him push Sam into the counter.")
    page.get_by_role("button", name="Add witness").click()

    report = page.get_by_role("main")
    expect(report).to_contain_text("Robert Smith")
    expect(report).to_contain_text("Sam Carter")
    expect(report).to_contain_text("Priya Shah")
    assert_accessible(page)
    page.get_by_role("button", name="Submit the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report submitted")
    expect(page.get_by_text("Your reference is")).to_contain_text(re.compile(r"R-[0-9A-F]{8}"))
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # A manager who was not involved finds it waiting and assesses it.
    sign_in_as(page, assessor)
    go_to(page, "Dashboard")
    waiting = page.get_by_role("table", name="Reports awaiting assessment")
    expect(waiting.get_by_role("link", name="Assess the report about Robert Smith")).to_be_visible()
    assert_accessible(page)
    waiting.get_by_role("link", name="Robert Smith: incident").click()
    expect(page.get_by_text("Not yet assessed")).to_be_visible()
    page.get_by_role("link", name="Assess the report").click()
    assert_accessible(page)
    page.get_by_role("group", name="Severity of the incident").get_by_label("High").check()
    page.get_by_role("group", name="Future risk the person poses").get_by_label("High").check()
    # The account is beside the questions; no level is chosen for the assessor.
    expect(page.get_by_role("main")).to_contain_text(WHAT_HAPPENED)
    expect(page.get_by_label("Recommended level")).to_have_value("")
    page.get_by_label("Recommended level").select_option(label="ASSAULT: Physical assault")
    page.get_by_label("Reasons").fill("Violence against an officer; it may happen again.")
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_text("The assessment has been saved")).to_be_visible()
    sign_out(page)

    # Another manager decides: a caution, with a precaution and a restriction.
    sign_in_as(page, decider)
    go_to(page, "Dashboard")
    page.get_by_role("table", name="Decisions due").get_by_role(
        "link", name="Robert Smith: incident"
    ).click()
    expect(page.get_by_text("Not yet decided")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record the decision").click()
    decide_a_caution_through_the_questions(page)
    expect(page.get_by_text("The decision has been recorded")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Caution, level ASSAULT")
    expect(page.get_by_role("main")).to_contain_text("current formal complaint with the council?")
    assert_accessible(page)
    sign_out(page)

    # Any reporter's check shows the new caution at once, beside the one he had.
    sign_in_as(page, make_user(Role.REPORTER))
    check(page, name="Robert Smith")
    caution = page.locator(".govuk-summary-card").filter(
        has=page.get_by_role("heading", name="Level ASSAULT: Physical assault")
    )
    expect(caution.locator(".govuk-summary-list__row")).to_contain_text(
        [
            "Precautions Officers visit the customer's home only in pairs",
            "Restrictions Banned from visiting any Council offices and Customer Service "
            "points: Includes the Municipal Offices",
        ]
    )
    assert_accessible(page)


def decide_a_caution_through_the_questions(page: Page, keep=lambda name: None) -> None:
    """Cheltenham's decider: a caution with a precaution and a restriction, one question
    page after another, each with the report's account beside it, then checked. `keep`
    takes a screenshot of a page by name, if wanted."""
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record the decision")
    assert_accessible(page)
    page.get_by_role("button", name="Start").click()

    expect(page.get_by_role("complementary")).to_contain_text(WHAT_HAPPENED)
    page.get_by_label("Caution", exact=True).check()
    page.get_by_label("Reasons (minuted)").fill("Assault on an officer at the front desk.")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("ASSAULT: Physical assault").check()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Officers visit the customer's home only in pairs").check()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    # Restrictions one at a time: "Yes" reveals the restriction's particulars.
    expect(page.get_by_label("Particulars")).to_be_hidden()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Restriction", exact=True).select_option(
        label="Banned from visiting any Council offices and Customer Service points"
    )
    page.get_by_label("Particulars").fill("Includes the Municipal Offices")
    assert_accessible(page)
    keep("decision-restriction")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Restriction 1", exact=True)).to_be_visible()
    expect(
        page.get_by_role("group", name="Do you want to add another restriction?")
    ).to_be_visible()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    # The questions Cheltenham's policy asks before restricting (002 §2.3, §4.5).
    page.get_by_role(
        "group", name="Can the person still reach the essential services"
    ).get_by_label("Yes").check()
    page.get_by_role("group", name="current formal complaint").get_by_label("No").check()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before recording the decision"
    )
    answers = page.get_by_role("main")
    expect(answers).to_contain_text("Banned from visiting any Council offices")
    expect(answers).to_contain_text("A letter setting out the restrictions is drafted at once")
    assert_accessible(page)
    keep("decision-check")
    page.get_by_role("button", name="Record the decision").click()


def fill_in_the_details(page: Page, *, category: str) -> None:
    fill_date(page, "Date", timezone.localdate() - dt.timedelta(days=1))
    page.get_by_label("Time").fill("14:30")
    page.get_by_label("Where it happened").fill("Municipal Offices, front desk")
    page.get_by_label("How the contact happened").select_option(label="Face to face")
    page.get_by_label("Service area").fill("Housing")
    page.get_by_label("Kind of behaviour").select_option(label=category)
    page.get_by_label("What happened").fill(WHAT_HAPPENED)
    page.get_by_role("button", name="Save and continue").click()


# The Review Panel.


@pytest.fixture
def register_officer(transactional_db):
    return make_user(Role.REGISTER_OFFICER, first_name="Regan", last_name="Officer")


@pytest.fixture
def panel(transactional_db):
    """The chair, the Data Protection Officer and two more members."""
    return [
        make_user(Role.DECISION_MAKER, first_name="Chris", last_name="Chair"),
        make_user(Role.DATA_PROTECTION_OFFICER, first_name="Dana", last_name="Privacy"),
        make_user(Role.PANEL_MEMBER, first_name="Pat", last_name="Member"),
        make_user(Role.PANEL_MEMBER, first_name="Alex", last_name="Away"),
    ]


@pytest.fixture
def assessed_report(harborough, reporter, assessor):
    report = submitted_report(reporter, category="VIOLENCE")
    return assessed(report, assessor, level="1")


def test_the_panel_decides_at_a_quorate_meeting(page, register_officer, panel, assessed_report):
    sign_in_as(page, register_officer)
    go_to(page, "Meetings")
    assert_accessible(page)
    page.get_by_role("button", name="Schedule a meeting").click()
    assert_accessible(page)
    fill_date(page, "Date", timezone.localdate())
    page.get_by_label("Time").fill("10:00")
    page.get_by_label("Place").fill("Committee Room 2")
    page.get_by_role("group", name="Reports to decide").get_by_label("Robert Smith").check()
    invited = page.get_by_role("group", name="Members invited")
    for member in ("Chris Chair", "Dana Privacy", "Pat Member", "Alex Away"):
        invited.get_by_label(member).check()
    page.get_by_role("button", name="Schedule the meeting").click()

    expect(page.get_by_text("The meeting has been scheduled")).to_be_visible()
    cases = page.get_by_role("table", name="Cases")
    expect(cases).to_contain_text("not quorate")
    assert_accessible(page)

    record_attendance(page, "Chris Chair", "Dana Privacy", "Pat Member")
    expect(page.get_by_text("Attendance has been recorded")).to_be_visible()
    assert_accessible(page)
    cases.get_by_role("link", name="Record the decision on Robert Smith").click()

    # Held and quorate: the one meeting that can decide it is taken.
    expect(page.get_by_text("Ready to decide")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Caution", exact=True).check()
    page.get_by_label("Reasons (minuted)").fill("Violence at reception; the Panel agreed.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("1: Violent").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Meet or visit with a colleague").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Before the caution goes on")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before recording the decision"
    )
    expect(page.get_by_role("main")).to_contain_text("Committee Room 2")
    page.get_by_role("button", name="Record the decision").click()

    expect(page.get_by_text("The decision has been recorded")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Caution, level 1")
    expect(page.get_by_role("main")).to_contain_text("at the meeting of")
    assert_accessible(page)


def test_a_meeting_without_a_quorum_says_why_it_cannot_decide(
    page, register_officer, panel, assessed_report
):
    deciding.meeting_schedule(
        starts_at=timezone.now(),
        place="Committee Room 2",
        cases=[assessed_report],
        invited=panel,
        by=register_officer,
    )
    sign_in_as(page, register_officer)
    go_to(page, "Meetings")
    page.get_by_role("link", name=re.compile(r"\d{4}, \d\d:\d\d$")).click()

    record_attendance(page, "Chris Chair", "Dana Privacy")

    cases = page.get_by_role("table", name="Cases")
    expect(cases).to_contain_text(
        "not quorate for this case: 2 eligible member(s) present, 3 needed"
    )
    expect(cases.get_by_role("link", name=re.compile("Record the decision"))).to_have_count(0)
    assert_accessible(page)


def record_attendance(page: Page, *present: str) -> None:
    attendance = page.get_by_role("group", name="Present")
    for member in present:
        attendance.get_by_label(member).check()
    page.get_by_role("button", name="Record attendance").click()


# Mistakes on the workflow pages show GOV.UK's error summary.


def test_an_empty_assessment_shows_the_error_summary(page, harborough, reporter, assessor):
    report = submitted_report(reporter, category="VIOLENCE")
    sign_in_as(page, assessor)
    page.goto(f"/reports/{report.id}/assess/")

    page.get_by_role("button", name="Save the assessment").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Assess the report – "))
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Choose the severity",
            "Choose the future risk",
            "Choose the recommended level",
            "Give the reasons for the assessment",
        ]
    )
    summary.get_by_role("link", name="Give the reasons for the assessment").click()
    expect(page.get_by_label("Reasons")).to_be_focused()
    assert_accessible(page)


def test_a_mistake_in_a_restriction_shows_in_the_error_summary(
    page, cheltenham, reporter, assessor
):
    report = assessed(submitted_report(reporter, category="ASSAULT"), assessor, level="ASSAULT")
    sign_in_as(page, make_user(Role.MANAGER))
    page.goto(f"/reports/{report.id}/decide/")
    page.get_by_label("Caution", exact=True).check()
    page.get_by_label("Reasons (minuted)").fill("Assault on an officer.")
    page.get_by_label("Level of the caution").select_option(label="ASSAULT: Physical assault")
    restriction = page.get_by_role("group", name="Restriction 1 (optional)")
    restriction.get_by_label("Restriction", exact=True).select_option(
        label="Banned from visiting any Council offices and Customer Service points"
    )
    ends = "Ends (leave empty: when the caution ends)"
    fill_date(restriction, ends, dt.date(2027, 2, 1))
    restriction.get_by_role("group", name=ends, exact=True).get_by_label("Day", exact=True).fill(
        "31"
    )

    page.get_by_role("button", name="Record the decision").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Record the decision – "))
    expect(summary.get_by_role("link")).to_have_text(
        ["Restriction 1: The end date must be a real date"]
    )
    # To the part of the date that is wrong, the only one highlighted.
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_restriction-0-ends_on_0")
    expect(page.locator(".govuk-input--error")).to_have_count(1)
    assert_accessible(page)


def submitted_report(reporter, *, category: str) -> Incident:
    """A report about Robert Smith, submitted yesterday."""
    person = make_person("Robert", "Smith", born=dt.date(1975, 3, 14))
    report = reporting.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    details = reporting.IncidentDetails(
        occurred_at=timezone.now() - dt.timedelta(days=1),
        location="Council offices, reception",
        channel=Incident.Channel.FACE_TO_FACE,
        service_area="Housing",
        category=category,
        description=WHAT_HAPPENED,
    )
    reporting.incident_update(report, details, version=report.version, by=reporter)
    reporting.incident_person_choose(report, person, version=report.version, by=reporter)
    reporting.staff_add(
        report, user=reporter, name="", threatened=False, version=report.version, by=reporter
    )
    reporting.incident_submit(report, version=report.version, by=reporter)
    return report


def assessed(report: Incident, assessor, *, level: str) -> Incident:
    deciding.assessment_record(
        report,
        severity="high",
        future_risk="high",
        recommended_level=level,
        reasons="Violence at the front desk; it may happen again.",
        version=report.version,
        by=assessor,
    )
    return report
