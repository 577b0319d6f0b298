"""On PostgreSQL the audit cannot be changed or emptied even with raw SQL, by anyone with
the application's database login; only the retention purge may remove an event's details,
and even it cannot rewrite who did what."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from tests.factories import make_person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="database triggers: PostgreSQL only"
    ),
]


@pytest.fixture
def event(register_officer):
    person = make_person("Robert", "Smith")
    return audit_record(
        by=register_officer,
        verb=AuditEvent.Verb.VIEW,
        summary="Viewed a person's full record",
        details={"reason": "Before a home visit"},
        people=[person],
    )


def raw(sql: str, *params) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def summary_of(event) -> str:
    return AuditEvent.objects.values_list("summary", flat=True).get(id=event.id)


def test_raw_sql_cannot_change_an_audit_event(event):
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE privacy_auditevent SET summary = 'Nothing happened' WHERE id = %s", event.id)

    assert summary_of(event) == "Viewed a person's full record"


def test_raw_sql_cannot_delete_an_audit_event(event):
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM privacy_auditevent WHERE id = %s", event.id)

    assert AuditEvent.objects.filter(id=event.id).exists()


def test_raw_sql_cannot_empty_the_audit(event):
    # The test's own transaction has deferred foreign-key checks pending: fire them first,
    # or PostgreSQL refuses the TRUNCATE for that reason instead.
    raw("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match="append-only"):
        raw("TRUNCATE privacy_auditevent CASCADE")

    assert AuditEvent.objects.filter(id=event.id).exists()


def test_the_retention_purge_still_removes_an_events_details(event):
    AuditEvent.objects.filter(id=event.id).purge_details(on=dt.date(2027, 1, 1))

    purged = AuditEvent.objects.get(id=event.id)
    assert purged.details == {"purged_on": "2027-01-01"}
    assert purged.summary == "Viewed a person's full record"


def test_the_purge_setting_cannot_be_used_to_rewrite_who_did_what(event):
    with (
        pytest.raises(DatabaseError, match="details only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT set_config('caution.audit_purge', 'on', true)")
        cursor.execute("UPDATE privacy_auditevent SET actor_id = NULL WHERE id = %s", [event.id])

    assert AuditEvent.objects.get(id=event.id).actor_id == event.actor_id


def test_the_purge_setting_ends_with_the_purge(event):
    AuditEvent.objects.filter(id=event.id).purge_details(on=dt.date(2027, 1, 1))

    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM privacy_auditevent WHERE id = %s", event.id)
