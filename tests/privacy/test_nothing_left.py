"""After deletion nothing of the person is left: no table holds their names, date of
birth, postcode, phone number or e-mail address, and their files are gone from storage."""

import datetime as dt
import json

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models

from caution.accounts.roles import Role
from caution.letters import actions as letters
from caution.letters.models import Letter
from caution.lib import clock
from caution.people.models import Person
from caution.privacy.retention import retention_purge
from caution.register import deciding
from caution.register.cautions import breach_record
from caution.register.reviews import review_record
from tests.factories import answered, make_user, review_meeting_held
from tests.journeys.conftest import assess, check
from tests.privacy.conftest import reported
from tests.signing_in import SignedInClient

pytestmark = pytest.mark.django_db

# The customer's details, in the forms they are typed and the forms they are stored in
# (match keys keep lower-cased, normalised forms).
HIS_DETAILS = (
    "gary",
    "pratt",
    "gaz",
    "1979-06-21",
    "21/06/1979",
    "gl53 8qt",
    "gl538qt",
    "mill lane",
    "07700 900461",
    "7700900461",
    "gary.pratt@example.net",
)


def text_columns(model) -> list[str]:
    kinds = (models.CharField, models.TextField, models.JSONField)
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, kinds)]


def where_his_details_remain() -> list[str]:
    return where_details_remain(HIS_DETAILS)


def where_details_remain(details: tuple[str, ...]) -> list[str]:
    """Every model's text and JSON columns, read through the ORM, searched for `details`
    (lower case)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        columns = text_columns(model) if model is not Session else []
        if not columns:
            continue
        for row in model._default_manager.values_list("pk", *columns):
            text = json.dumps(row[1:], default=str, ensure_ascii=False).lower()
            found += [f"{model.__name__} {row[0]}: {d}" for d in details if d in text]
    return found + where_details_remain_in_sessions(details)


def where_details_remain_in_sessions(details: tuple[str, ...]) -> list[str]:
    """Sessions are read as they decode: their stored form is signed and encoded, where
    three letters such as "gaz" turn up by chance."""
    found = []
    for session in Session.objects.all():
        text = json.dumps(session.get_decoded(), default=str, ensure_ascii=False).lower()
        found += [f"Session {session.pk}: {d}" for d in details if d in text]
    return found


@pytest.fixture
def full_record(caution, reporter, register_officer, dpo, line_manager, other_manager):
    """Checked for, viewed, reported on twice, breached, and removed at a review."""
    letter = Letter.objects.get(caution=caution)
    letters.letter_submit(letter, by=register_officer)
    letters.letter_sign(letter, by=make_user(Role.DECISION_MAKER, first_name="Cass"))
    check(reporter, "Gary Pratt")
    check(reporter, "Gaz Prat")
    client = SignedInClient()
    client.force_login(dpo)
    assert client.get(f"/people/{caution.person_id}/").status_code == 200
    breach_record(
        caution,
        restriction=None,
        occurred_at=clock.now(),
        description="Gary Pratt phoned the housing team from 07700 900461.",
        by=reporter,
    )
    again = reported(reporter, caution.person, category="VERBAL_ABUSE", witness="Ben Ode")
    assess(again, line_manager, "ABUSE")
    deciding.decision_record(
        again,
        answers=answered(),
        outcome="no_action",
        reasons="Gary Pratt apologised the next day.",
        version=again.version,
        by=other_manager,
    )
    caution.refresh_from_db()
    review_record(
        caution,
        outcome="remove",
        reasons="No new incident since Gary Pratt was added.",
        meeting=review_meeting_held(),
        by=register_officer,
        version=caution.version,
    )
    return caution


def test_002_4_7_after_deletion_no_personal_data_remains_in_any_table(
    full_record, django_capture_on_commit_callbacks
):
    assert where_his_details_remain()  # the search finds them while they are held

    with django_capture_on_commit_callbacks(execute=True):
        deleted = retention_purge(as_of=clock.today() + relativedelta(months=6))

    assert deleted == 1
    assert not Person.objects.exists()
    assert where_his_details_remain() == []


def test_after_deletion_no_file_of_theirs_remains_in_storage(
    full_record, private_files, django_capture_on_commit_callbacks
):
    stored = {path.parent.parts[-3] for path in private_files.rglob("*") if path.is_file()}
    assert stored == {"evidence", "letters"}

    with django_capture_on_commit_callbacks(execute=True):
        retention_purge(as_of=clock.today() + relativedelta(months=6))

    assert [path for path in private_files.rglob("*") if path.is_file()] == []


def test_nothing_is_deleted_a_day_early(full_record):
    retention_purge(as_of=clock.today() + relativedelta(months=6) - dt.timedelta(days=1))

    assert Person.objects.exists()
