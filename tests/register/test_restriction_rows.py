"""Restriction rows are the only record of a caution's restrictions (issue 10, item 3): the
words the check, the caution page, letters and the subject access export show are worked
out from the rows when read, so a restriction leaves the check the day after it ends, and
text from an old register or given with a caution is a free-text row."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from caution.lib import clock
from caution.people.matching import Query
from caution.register.check import check_run
from caution.register.models import Caution, Restriction
from caution.register.restrictions import restrictions_words
from tests.factories import make_caution, make_person
from tests.register.test_import import GOOD_ROWS, HEADER, write


def yesterday() -> dt.date:
    return clock.today() - dt.timedelta(days=1)


def restriction(caution: Caution | None = None, **fields) -> Restriction:
    values = {
        "type": "writing_only",
        "label": "Contact in writing only",
        "starts_on": clock.today() - dt.timedelta(days=30),
        **fields,
    }
    if caution is None:
        return Restriction(**values)
    return Restriction.objects.create(caution=caution, **values)


def unrestricted_caution() -> Caution:
    return make_caution(make_person("Robert", "Smith"), restrictions="")


def shown_on_the_check(user) -> str:
    [match] = check_run(Query(name="Robert Smith"), by=user).people
    [caution] = match.cautions
    return caution.restrictions


def test_the_words_come_from_the_rows_fields():
    row = restriction(
        type="set_times",
        label="Telephone calls only at set times",
        details="Tuesdays 10:00 to 12:00",
        named_contact="Jo Baker",
        channels=["phone", "email"],
        service_area="Housing",
        ends_on=dt.date(2027, 3, 2),
    )
    permanent = restriction(label="No contact except through a solicitor", permanent=True)

    assert restrictions_words([row, permanent], on=clock.today()) == [
        "Telephone calls only at set times: Tuesdays 10:00 to 12:00; contact Jo Baker; "
        "only by phone, e-mail; Housing only; until 2 March 2027",
        "No contact except through a solicitor; permanent",
    ]


@pytest.mark.django_db
def test_the_check_shows_the_rows_as_they_are_now_with_nothing_rebuilt(reporter):
    row = restriction(unrestricted_caution(), details="Letters to the Housing Team")

    Restriction.objects.filter(id=row.id).update(details="Letters to the Revenues Team")

    assert shown_on_the_check(reporter) == "Contact in writing only: Letters to the Revenues Team"


@pytest.mark.django_db
def test_a_restriction_is_on_the_check_on_the_day_it_ends(reporter):
    today = clock.today()
    restriction(unrestricted_caution(), ends_on=today)

    assert shown_on_the_check(reporter) == f"Contact in writing only; until {today:%-d %B %Y}"


@pytest.mark.django_db
def test_a_restriction_that_ended_yesterday_is_not_on_the_check(reporter):
    caution = unrestricted_caution()
    restriction(caution, ends_on=yesterday())
    restriction(caution, type="office_ban", label="Banned from council offices")

    assert shown_on_the_check(reporter) == "Banned from council offices"


@pytest.mark.django_db
def test_a_restriction_that_ended_yesterday_is_not_in_the_caution_pages_current_list(
    client, register_officer
):
    caution = unrestricted_caution()
    restriction(caution, ends_on=yesterday())
    restriction(caution, type="office_ban", label="Banned from council offices")
    client.force_login(register_officer)

    page = client.get(reverse("register:caution", args=[caution.id])).content.decode()

    current, ended = page.split("Restrictions that have ended")
    assert "Banned from council offices" in current
    assert "Contact in writing only" not in current
    assert f"Contact in writing only; until {yesterday():%-d %B %Y}" in ended


@pytest.mark.django_db
def test_restriction_text_given_when_a_caution_is_added_is_a_free_text_row():
    caution = make_caution(make_person("Robert", "Smith"), restrictions=" Writing only ")

    row = caution.restriction_set.get()
    assert (row.type, row.label, row.starts_on, row.ends_on, row.permanent) == (
        Restriction.FREE_TEXT,
        "Writing only",
        caution.date_added,
        None,
        False,
    )


@pytest.mark.django_db
def test_an_imported_restriction_text_is_a_free_text_row(tmp_path):
    call_command("import_register", write(tmp_path, HEADER + GOOD_ROWS))

    [row] = Restriction.objects.all()
    caution = Caution.objects.get(person__reference="HDC-001")
    assert (row.caution, row.type, row.label, row.starts_on, row.ends_on) == (
        caution,
        Restriction.FREE_TEXT,
        "Writing only",
        dt.date(2026, 2, 1),
        None,
    )
