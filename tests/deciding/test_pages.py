"""The workflow through the pages: dashboard, assess, decide, meetings, change a caution."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from caution.incidents.models import Incident
from caution.lib import clock
from caution.people.actions import AddressInput
from caution.register.models import Caution, Meeting
from tests.deciding.conftest import assessed, submitted, use_profile
from tests.factories import answered, cautioned, make_person

pytestmark = pytest.mark.django_db


def test_the_dashboard_lists_work_with_deadlines_overdue_first(
    client, settings, reporter, person, register_officer
):
    use_profile(settings, "cheltenham")
    old = submitted(reporter, person, "ASSAULT")
    Incident.objects.filter(id=old.id).update(submitted_at=clock.now() - dt.timedelta(days=30))
    recent = submitted(reporter, person, "ASSAULT")
    client.force_login(register_officer)
    page = client.get(reverse("register:dashboard")).content.decode()
    assert "Reports awaiting assessment" in page
    old_row = page.index(reverse("incidents:detail", args=[old.id]))
    recent_row = page.index(reverse("incidents:detail", args=[recent.id]))
    assert old_row < recent_row
    assert "Overdue" in page[:recent_row]


def test_an_assessment_from_the_page_moves_the_report_on(client, reporter, person, manager):
    incident = submitted(reporter, person, "VIOLENCE")
    client.force_login(manager)
    client.post(
        reverse("register:assess", args=[incident.id]),
        {
            "version": incident.version,
            "severity": "high",
            "future_risk": "medium",
            "recommended_level": "1",
            "reasons": "Chair thrown.",
        },
    )
    incident.refresh_from_db()
    assert incident.status == Incident.Status.ASSESSED


def test_002_4_5_2_the_support_offered_to_staff_is_recorded_and_shown_on_the_report(
    client, settings, reporter, person, manager
):
    """002 §4.5.2: the manager decides "whether the Council representative needs any support
    following the incident"."""
    use_profile(settings, "cheltenham")
    incident = submitted(reporter, person, "ASSAULT")
    client.force_login(manager)
    client.post(
        reverse("register:assess", args=[incident.id]),
        {
            "version": incident.version,
            "severity": "high",
            "future_risk": "medium",
            "recommended_level": "ASSAULT",
            "reasons": "Punched the officer.",
            "staff_support": "Debrief with the line manager; counselling offered.",
        },
    )

    page = client.get(reverse("incidents:detail", args=[incident.id])).content.decode()

    assert "Staff support" in page
    assert "Debrief with the line manager; counselling offered." in page


def test_an_assessor_involved_sees_why_they_cannot_assess(client, reporter, person, manager):
    incident = submitted(reporter, person, "VIOLENCE", staff=[(manager, False)])
    client.force_login(manager)
    page = client.post(
        reverse("register:assess", args=[incident.id]),
        {
            "version": incident.version,
            "severity": "high",
            "future_risk": "high",
            "recommended_level": "1",
            "reasons": "x",
        },
    ).content.decode()
    assert "There is a problem" in page
    assert "You were involved in this incident" in page


def test_a_decision_from_the_page_puts_a_caution_with_restrictions_on_the_register(
    client, settings, reporter, person, manager, second_manager
):
    use_profile(settings, "cheltenham")
    incident = assessed(submitted(reporter, person, "ASSAULT"), manager, "ASSAULT")
    client.force_login(second_manager)
    response = client.post(
        reverse("register:decide", args=[incident.id]),
        {
            "version": incident.version,
            "outcome": "caution",
            "reasons": "Assault on an officer.",
            "level": "ASSAULT",
            "precautions": ["Officers visit the customer's home only in pairs"],
            "restriction-0-type": "set_times",
            "restriction-0-details": "Tuesdays 10:00 to 12:00",
            "restriction-0-channels": ["phone"],
            **answered_on_the_page(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    caution = Caution.objects.get(person=person)
    assert caution.restriction_set.get().details == "Tuesdays 10:00 to 12:00"


def test_003_15_2_the_decision_page_offers_the_persons_addresses_for_the_caution(
    client, settings, reporter, manager, second_manager
):
    use_profile(settings, "dover")
    tenant = make_person(
        "Robert", "Smith", address=AddressInput("4 Mill Lane", postcode="LE17 4BN")
    )
    home = tenant.address_links.get().address
    incident = assessed(submitted(reporter, tenant, "PROPERTY_RISK"), manager, "3")
    client.force_login(second_manager)
    url = reverse("register:decide", args=[incident.id])
    assert "4 Mill Lane" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "version": incident.version,
            "outcome": "caution",
            "reasons": "A dog at the property bit the engineer.",
            "level": "3",
            "on_address": str(home.id),
            **answered_on_the_page(),
        },
    )

    assert response.status_code == 302, response.content.decode()
    assert Caution.objects.get(address=home).person is None


def test_a_panel_meeting_is_scheduled_from_the_page(
    client, reporter, person, manager, register_officer
):
    from caution.accounts.roles import Role
    from tests.factories import make_user

    members = [
        make_user(Role.DECISION_MAKER),
        make_user(Role.DATA_PROTECTION_OFFICER),
        make_user(Role.PANEL_MEMBER),
    ]
    incident = assessed(submitted(reporter, person, "VIOLENCE"), manager, "1")
    day = timezone.localdate() + dt.timedelta(days=1)
    client.force_login(register_officer)
    response = client.post(
        reverse("register:meeting_new"),
        {
            "day_0": day.day,
            "day_1": day.month,
            "day_2": day.year,
            "time": "10:00",
            "place": "Room 1",
            "cases": [incident.id],
            "invited": [m.id for m in members],
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("register:meeting", args=[meeting.id])
    page = client.get(response["Location"]).content.decode()
    assert "once it has been held" in page


def test_000_8_2_a_caution_page_shows_a_change_proposed_for_the_panel_with_its_reason(
    client, register_officer
):
    caution = cautioned("Robert", "Smith").cautions.get()
    client.force_login(register_officer)
    client.post(
        reverse("register:caution_amend", args=[caution.id]),
        {
            "version": caution.version,
            "level": "2",
            "precautions": "Visit in pairs",
            "key_contact": "",
            "reason": "Calmer since",
        },
    )
    page = client.get(reverse("register:caution", args=[caution.id])).content.decode()
    assert "Proposed a change to a caution, for the Review Panel" in page
    assert "Changes proposed" in page
    assert "Calmer since" in page


def test_a_stale_change_to_a_caution_is_refused_on_the_page(client, register_officer):
    caution = cautioned("Robert", "Smith").cautions.get()
    client.force_login(register_officer)
    page = client.post(
        reverse("register:caution_end", args=[caution.id]),
        {"version": caution.version - 1, "reason": "x"},
    ).content.decode()
    assert "changed by someone else since you opened it" in page
    caution.refresh_from_db()
    assert caution.status == Caution.Status.ACTIVE


def test_anyone_who_can_check_records_a_breach(client, reporter):
    caution = cautioned("Robert", "Smith").cautions.get()
    today = timezone.localdate()
    client.force_login(reporter)
    response = client.post(
        reverse("register:breach", args=[caution.id]),
        {
            "occurred_on_0": today.day,
            "occurred_on_1": today.month,
            "occurred_on_2": today.year,
            "occurred_time": "9am",
            "description": "Phoned the office.",
        },
    )
    assert response.status_code == 302
    assert caution.breaches.count() == 1


def test_a_reporter_cannot_open_the_full_caution(client, reporter):
    caution = cautioned("Robert", "Smith").cautions.get()
    client.force_login(reporter)
    assert client.get(reverse("register:caution", args=[caution.id])).status_code == 404


def _complex_case(settings, reporter, person, manager, second_manager):
    from caution.register import deciding

    use_profile(settings, "cheltenham")
    incident = assessed(submitted(reporter, person, "ASSAULT"), manager, "ASSAULT")
    return deciding.decision_record(
        incident,
        answers=answered(),
        outcome="caution",
        reasons="Complex: the person has a support worker.",
        complex_case=True,
        terms=deciding.CautionTerms(level="ASSAULT"),
        version=incident.version,
        by=second_manager,
    )


def test_002_4_5_1_the_approval_page_offers_a_different_expiry_and_refuses_a_past_one(
    client, settings, reporter, person, manager, second_manager, decision_maker
):
    decision = _complex_case(settings, reporter, person, manager, second_manager)
    client.force_login(decision_maker)
    url = reverse("register:approve", args=[decision.id])
    assert "Expiry date, if different" in client.get(url).content.decode()

    page = client.post(
        url, {"expires_on_0": "1", "expires_on_1": "1", "expires_on_2": "2020"}
    ).content.decode()

    assert "govuk-error-summary" in page
    assert "The expiry date must be in the future" in page
    assert not Caution.objects.filter(person=person).exists()


def test_the_approval_page_approves_as_proposed_when_no_date_is_given(
    client, settings, reporter, person, manager, second_manager, decision_maker
):
    decision = _complex_case(settings, reporter, person, manager, second_manager)
    client.force_login(decision_maker)
    client.post(reverse("register:approve", args=[decision.id]), {})
    assert Caution.objects.get(person=person).expires_on.year == clock.today().year + 4


def answered_on_the_page() -> dict[str, str]:
    """The profile's questions for the decider, each answered, as the page posts them."""
    return {f"prompt_{code}": given.answer for code, given in answered().items()}


def test_the_assess_page_shows_the_account_and_chooses_no_level(
    client, settings, reporter, person, manager
):
    use_profile(settings, "cheltenham")
    incident = submitted(reporter, person, "ASSAULT")
    client.force_login(manager)

    page = client.get(reverse("register:assess", args=[incident.id])).content.decode()

    assert "Threw a chair at the officer." in page
    assert "The policy suggests level ASSAULT" in page
    levels = page.split('name="recommended_level"')[1].split("</select>")[0]
    assert '<option value="" selected>Choose a level</option>' in levels
    assert levels.count("selected") == 1


def test_an_assessment_without_a_level_is_refused(client, reporter, person, manager):
    incident = submitted(reporter, person, "VIOLENCE")
    client.force_login(manager)

    page = client.post(
        reverse("register:assess", args=[incident.id]),
        {"version": incident.version, "severity": "high", "future_risk": "high", "reasons": "R"},
    ).content.decode()

    assert "Choose the recommended level" in page
    assert Incident.objects.get().status == Incident.Status.SUBMITTED
