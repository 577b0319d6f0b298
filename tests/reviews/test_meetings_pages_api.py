"""Review meetings (002 §4.7 quarterly, 000 §8.4 six-monthly), the reviews list, the
review page and the API."""

import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from caution.accounts.roles import Role
from caution.lib import clock
from caution.register.dashboard import dashboard
from caution.register.models import Caution, Review
from caution.register.reviews import (
    agenda,
    review_meeting_attendance_record,
    review_meeting_schedule,
    review_record,
)
from tests.api.conftest import send
from tests.factories import make_user, review_meeting_held
from tests.reviews.conftest import months_ago, on_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cheltenham(settings):
    settings.CAUTION_PROFILE = "cheltenham"


@pytest.fixture
def due(customer):
    return on_register(customer, level="ABUSE", category="VERBAL_ABUSE", added=months_ago(6))


def test_002_4_7_the_quarterly_meeting_agenda_lists_every_caution_due_by_its_date(
    due, register_officer
):
    later = on_register(due.person, level="ABUSE", added=months_ago(6) + dt.timedelta(days=20))
    not_yet = on_register(due.person, level="ABUSE", added=months_ago(2))

    meeting = review_meeting_schedule(
        held_on=clock.today() + dt.timedelta(days=21), by=register_officer
    )

    on_agenda = agenda(meeting)
    assert due in on_agenda and later in on_agenda
    assert not_yet not in on_agenda


def test_003_10_there_is_no_review_meeting_where_a_manager_reviews_alone(
    settings, register_officer
):
    """003 §10.1-10.2: the reviewing manager reviews each alert alone, with no meeting."""
    settings.CAUTION_PROFILE = "dover"

    with pytest.raises(ValidationError):
        review_meeting_schedule(held_on=clock.today(), by=register_officer)


def test_the_group_is_told_of_the_meeting(register_officer, governance_group):
    meeting = review_meeting_schedule(held_on=clock.today(), by=register_officer)

    note = governance_group.notifications.get()
    assert str(meeting.id) in note.url


def test_a_review_at_the_meeting_leaves_the_agenda_and_is_listed(
    client, due, register_officer, governance_group
):
    another = make_user(Role.PANEL_MEMBER, first_name="Gus")
    meeting = review_meeting_schedule(held_on=clock.today(), by=register_officer)
    review_meeting_attendance_record(
        meeting, attended=[governance_group, another], version=meeting.version, by=register_officer
    )
    review_record(
        due, outcome="remove", reasons="No new incident.", meeting=meeting, by=governance_group
    )
    client.force_login(governance_group)

    page = client.get(reverse("register:review_meeting", args=[meeting.id])).content.decode()

    assert agenda(meeting) == []
    assert "No new incident." in page


def test_the_dashboard_lists_reviews_due_overdue_first(customer, register_officer):
    overdue = on_register(customer, level="ABUSE", added=months_ago(7))
    soon = on_register(customer, level="ABUSE", added=months_ago(6) + dt.timedelta(days=5))

    sections = {section.title: section for section in dashboard(register_officer)}

    assert [item.caution for item in sections["Reviews due"].items] == [overdue, soon]
    assert sections["Reviews due"].items[0].overdue


def at_meeting(due, governance_group) -> str:
    """The review page of `due` opened from a quorate meeting's agenda."""
    meeting = review_meeting_held(governance_group)
    return f"{reverse('register:review', args=[due.id])}?meeting={meeting.id}"


def test_the_review_page_shows_the_default_and_selects_it(client, due, governance_group):
    client.force_login(governance_group)

    page = client.get(at_meeting(due, governance_group)).content.decode()

    assert "Nothing new has been reported since the last review" in page
    assert "002 §4.2" in page
    [checked] = re.findall(r'value="(\w+)"\s+checked', page)
    assert checked == "remove"


def test_a_review_recorded_on_the_page_removes_the_caution(client, due, governance_group):
    client.force_login(governance_group)

    client.post(
        at_meeting(due, governance_group),
        {
            "version": due.version,
            "outcome": "remove",
            "reasons": "No incident in six months.",
            "level": "ABUSE",
        },
    )

    assert Caution.objects.get(id=due.id).status == Caution.Status.REMOVED


def test_someone_who_does_not_review_gets_404(client, due, reporter):
    client.force_login(reporter)

    assert client.get(reverse("register:review", args=[due.id])).status_code == 404
    assert client.get(reverse("register:reviews")).status_code == 404


def test_a_review_through_the_api(client, due, governance_group):
    client.force_login(governance_group)
    seen = send(client, "get", f"/api/cautions/{due.id}/review").json()

    made = send(
        client,
        "post",
        f"/api/cautions/{due.id}/reviews",
        {
            "version": due.version,
            "outcome": "keep",
            "reasons": "Still a risk.",
            "meeting_id": str(review_meeting_held(governance_group).id),
        },
    )

    assert seen["preselected"] == "remove"
    assert made.status_code == 201, made.content
    assert made.json()["next_review"] == (clock.today() + relativedelta(months=6)).isoformat()
    assert Review.objects.get().outcome == "keep"


def test_the_api_lists_reviews_due(client, due, governance_group):
    client.force_login(governance_group)

    listed = send(client, "get", "/api/reviews").json()

    assert [row["caution_id"] for row in listed] == [str(due.id)]


def test_000_8_4_the_review_panel_meets_every_six_months_to_review(
    settings, customer, register_officer
):
    settings.CAUTION_PROFILE = "harborough"
    due = on_register(customer, level="2", added=months_ago(6))

    meeting = review_meeting_schedule(held_on=clock.today(), by=register_officer)

    assert agenda(meeting) == [due]


def test_a_reviewer_who_is_not_a_register_officer_cannot_call_the_meeting(governance_group):
    with pytest.raises(PermissionDenied):
        review_meeting_schedule(held_on=clock.today(), by=governance_group)
