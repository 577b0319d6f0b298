"""The dashboard's queues hold at a real council's volume: counts and the most urgent rows
on the dashboard, the rest a page at a time, in a number of queries that does not grow
with the register."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.register.dashboard import SHOWN
from caution.register.models import Caution
from tests.factories import make_caution, make_person, make_user

pytestmark = pytest.mark.django_db


def reviews_overdue(count: int, *, days: int = 30) -> list[Caution]:
    """Cautions whose review was due `days` ago, the oldest first."""
    made = []
    for number in range(count):
        caution = make_caution(make_person("Pat", f"Overdue{number:03d}"))
        Caution.objects.filter(id=caution.id).update(
            next_review=clock.today() - dt.timedelta(days=days + count - number)
        )
        made.append(caution)
    return made


def queries_for(client, url: str) -> int:
    """Statements for a page, after a first request has renewed the session."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_dashboard_costs_the_same_queries_however_many_reviews_are_overdue(
    client, register_officer
):
    client.force_login(register_officer)
    reviews_overdue(2)
    few = queries_for(client, reverse("register:dashboard"))
    reviews_overdue(40)
    assert queries_for(client, reverse("register:dashboard")) == few


def test_a_queue_page_costs_the_same_queries_however_long_the_queue(client, register_officer):
    client.force_login(register_officer)
    url = reverse("register:queue", args=["reviews"])
    reviews_overdue(3)
    few = queries_for(client, url)
    reviews_overdue(60)
    assert queries_for(client, url) == few


def test_the_dashboard_counts_the_whole_queue_and_shows_the_most_overdue(client, register_officer):
    reviews_overdue(SHOWN + 3)
    soon = make_caution(make_person("Sam", "Soon"))
    Caution.objects.filter(id=soon.id).update(next_review=clock.today() + dt.timedelta(days=5))
    client.force_login(register_officer)

    page = client.get(reverse("register:dashboard")).content.decode()

    reviews = page[page.index("Reviews due") :]
    assert f"({SHOWN + 4})" in reviews[:200]
    assert f"{SHOWN + 3} overdue" in reviews
    assert "1 due in the next 14 days" in reviews
    assert "Overdue000" in reviews  # the most overdue is among the first shown
    assert "Sam Soon" not in reviews.split("See all")[0]
    assert f"See all {SHOWN + 4}" in reviews


def test_the_queue_page_lists_the_rest_a_page_at_a_time(client, register_officer):
    reviews_overdue(30)
    client.force_login(register_officer)
    url = reverse("register:queue", args=["reviews"])

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    assert "Showing 1 to 25 of 30" in first
    assert "Pat Overdue000" in first and "Pat Overdue029" not in first
    assert "Pat Overdue029" in second
    assert client.get(url, {"page": 3}).status_code == 404


def test_a_queue_page_audits_the_people_it_names(client, register_officer):
    reviews_overdue(2)
    client.force_login(register_officer)

    client.get(reverse("register:queue", args=["reviews"]))

    viewed = AuditEvent.objects.filter(summary="Viewed the queue ‘Reviews due’").get()
    assert viewed.people.count() == 2


def test_a_queue_the_user_does_not_work_on_is_not_found(client, reporter, register_officer):
    client.force_login(register_officer)
    assert client.get(reverse("register:queue", args=["nothing"])).status_code == 404
    client.force_login(reporter)
    assert client.get(reverse("register:queue", args=["reviews"])).status_code == 403


def test_the_api_gives_each_queue_its_counts_and_pages(client, register_officer):
    reviews_overdue(SHOWN + 1)
    client.force_login(register_officer)

    sections = {s["key"]: s for s in client.get("/api/dashboard").json()}
    full = client.get("/api/dashboard/reviews").json()

    assert (sections["reviews"]["total"], sections["reviews"]["overdue"]) == (SHOWN + 1, SHOWN + 1)
    assert len(sections["reviews"]["items"]) == SHOWN
    assert (len(full["items"]), full["page"], full["pages"]) == (SHOWN + 1, 1, 1)
    assert client.get("/api/dashboard/reviews?page=2").status_code == 404


def test_the_reviews_page_lists_reviews_due_a_page_at_a_time(client, register_officer):
    reviews_overdue(30)
    client.force_login(register_officer)
    url = reverse("register:reviews")

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    assert "(30)" in first
    assert first.count("Pat Overdue0") == 2 * 25  # each row names the person twice
    assert "Pat Overdue029" in second
    assert 'aria-label="Pages of reviews due"' in first


def test_the_users_page_lists_users_a_page_at_a_time(client, administrator):
    for number in range(30):
        make_user(Role.REPORTER, username=f"user{number:02d}")
    client.force_login(administrator)

    page = client.get(reverse("accounts:users")).content.decode()

    assert "31 users" in page
    assert 'aria-label="Pages of users"' in page


def cautions_imported(count: int, *, first: int = 0) -> None:
    """`count` cautions written as the import writes a register (lib/bulk.py), each
    review long overdue: a council's register on its first day."""
    from caution.audit.operator import CommandLineOperator
    from caution.register.importing.mapping import validate_rows
    from caution.register.importing.writing import rows_write

    records = (
        (number + 2, {
            "reference": f"Q{number:06d}",
            "given_name": "Pat",
            "family_name": f"Imported{number:06d}",
            "date_of_birth": "01/02/1970",
            "address_line_1": f"{number} High Street",
            "postcode": "LE16 7AG",
            "level": "2",
            "precautions": "Visit in pairs",
            "date_added": "01/02/2025",
        })
        for number in range(first, first + count)
    )  # fmt: skip
    rows, problems = validate_rows(records)
    assert not problems
    rows_write(rows, CommandLineOperator("test"))
    Caution.objects.update(next_review=clock.today() - dt.timedelta(days=90))


def test_each_queue_page_costs_the_same_queries_with_5000_cautions(client, register_officer):
    """Issue 12's done-when: every queue the register officer works, at 5,000 cautions."""
    from caution.register.dashboard import queues

    client.force_login(register_officer)
    cautions_imported(5)
    keys = [queue.key for queue in queues(register_officer)]
    urls = [reverse("register:dashboard")]
    urls += [reverse("register:queue", args=[key]) for key in keys]
    few = {url: queries_for(client, url) for url in urls}

    cautions_imported(4995, first=5)

    assert Caution.objects.count() == 5000
    assert {url: queries_for(client, url) for url in urls} == few
    last_page = client.get(reverse("register:queue", args=["reviews"]), {"page": 200})
    assert "Showing 4976 to 5000 of 5000" in last_page.content.decode()
    assert len(last_page.content) < 200_000
