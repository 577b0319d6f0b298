"""Reporting through the pages: quick, in plain steps, with clear errors."""

import pytest
from django.urls import reverse
from django.utils import timezone

from caution.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_a_reporter_starts_a_report_and_fills_in_the_details(client, reporter):
    client.force_login(reporter)
    response = client.post(reverse("incidents:start"), {"kind": "incident"})
    incident = Incident.objects.get(reported_by=reporter)
    assert response["Location"] == reverse("incidents:details", args=[incident.id])
    client.post(
        reverse("incidents:details", args=[incident.id]),
        {
            "version": incident.version,
            "occurred_on_0": "3",
            "occurred_on_1": "11",
            "occurred_on_2": "2026",
            "occurred_time": "2:30pm",
            "channel": "phone",
            "category": "THREAT",
            "description": "Said he would come to my house.",
        },
    )
    incident.refresh_from_db()
    assert incident.occurred_at.strftime("%d/%m/%Y %H:%M") == "03/11/2026 14:30"
    assert incident.category == "THREAT"
    page = client.get(reverse("incidents:detail", args=[incident.id])).content.decode()
    assert "Threats or threatening aggression" in page
    assert "Find the person the report is about" in page


def test_a_date_in_the_future_shows_the_error_summary(client, reporter):
    client.force_login(reporter)
    client.post(reverse("incidents:start"), {"kind": "incident"})
    incident = Incident.objects.get()
    page = client.post(
        reverse("incidents:details", args=[incident.id]),
        {
            "version": incident.version,
            "occurred_on_0": "1",
            "occurred_on_1": "1",
            "occurred_on_2": "2999",
        },
    ).content.decode()
    assert "There is a problem" in page
    assert "The date it happened must be today or in the past" in page


def test_a_stale_form_says_the_report_changed_since_it_was_opened(client, draft, reporter):
    client.force_login(reporter)
    stale = draft.version - 1
    page = client.post(
        reverse("incidents:witness_add", args=[draft.id]),
        {"version": stale, "name": "Sam", "statement": "I saw it."},
    ).content.decode()
    assert "changed by someone else since you opened it" in page
    assert not draft.witnesses.exists()


def test_the_person_step_shows_matches_from_the_check(client, draft, reporter):
    client.force_login(reporter)
    page = client.post(
        reverse("incidents:person", args=[draft.id]),
        {"version": draft.version, "family_name": "Smith", "given_names": "Bob"},
    ).content.decode()
    assert "Is it one of these people?" in page
    assert "Robert Smith" in page
    assert "None of these: add them as someone new" in page


def test_someone_new_is_added_once_everyone_the_check_showed_is_ruled_out(
    client, draft, reporter, robert
):
    client.force_login(reporter)
    client.post(
        reverse("incidents:person", args=[draft.id]),
        {
            "version": draft.version,
            "family_name": "Smith",
            "given_names": "Bob",
            "chosen": "new",
            "shown": [str(robert.id)],
        },
    )
    draft.refresh_from_db()
    assert draft.person is not None
    assert draft.person != robert


def test_submitting_confirms_with_the_reports_reference_and_what_happens_next(
    client, draft, reporter
):
    client.force_login(reporter)
    response = client.post(
        reverse("incidents:submit", args=[draft.id]), {"version": draft.version}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("incidents:submitted", args=[draft.id])
    assert "govuk-panel--confirmation" in page
    assert f"<strong>{draft.reference}</strong>" in page
    assert "What happens next" in page
    assert "the Review Panel will decide what to do, within 5 days of your report" in page


def test_the_confirmation_of_a_draft_goes_back_to_the_draft(client, draft, reporter):
    client.force_login(reporter)
    response = client.get(reverse("incidents:submitted", args=[draft.id]))
    assert response["Location"] == reverse("incidents:detail", args=[draft.id])


def test_back_to_a_submitted_reports_form_says_it_can_no_longer_be_changed(client, draft, reporter):
    client.force_login(reporter)
    client.post(reverse("incidents:submit", args=[draft.id]), {"version": draft.version})
    response = client.get(reverse("incidents:details", args=[draft.id]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "This report can no longer be changed" in page
    draft.refresh_from_db()
    submitted_on = f"{timezone.localdate(draft.submitted_at):%-d %B %Y}"
    assert f"This report was submitted on {submitted_on} and can no longer be changed" in page
    assert reverse("incidents:detail", args=[draft.id]) in page


def test_a_violence_report_with_no_member_of_staff_affected_says_to_add_one(
    client, reporter, robert
):
    from caution.incidents import actions
    from tests.incidents.conftest import details

    incident = actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    actions.incident_update(incident, details(), version=incident.version, by=reporter)
    actions.incident_person_choose(incident, robert, version=incident.version, by=reporter)
    client.force_login(reporter)
    page = client.get(reverse("incidents:detail", args=[incident.id])).content.decode()
    assert "Add the member of staff affected: a report of violence names at least one" in page
    assert "Submit the report" not in page


def test_someone_else_cannot_open_a_report(client, draft):
    from caution.accounts.roles import Role
    from tests.factories import make_user

    client.force_login(make_user(Role.REPORTER))
    assert client.get(reverse("incidents:detail", args=[draft.id])).status_code == 404


def test_the_register_officer_sees_the_history_of_a_report(
    client, draft, reporter, register_officer
):
    client.force_login(register_officer)
    page = client.get(reverse("incidents:detail", args=[draft.id])).content.decode()
    assert "History" in page
    assert "Changed the details of a report" in page


def test_a_reporter_sees_no_history_table(client, draft, reporter):
    client.force_login(reporter)
    page = client.get(reverse("incidents:detail", args=[draft.id])).content.decode()
    assert "Who changed this record" not in page
