"""Every check is audited: who, when, what was asked, which people were shown."""

import pytest
from django.urls import reverse

from caution.audit.models import AuditEvent
from caution.people.matching import Query
from caution.register.check import check_run
from tests.factories import cautioned

pytestmark = pytest.mark.django_db


def test_a_check_records_who_asked_what_and_who_was_shown(reporter):
    robert = cautioned("Robert", "Smith")
    check_run(Query(name="Bob Smith", postcode="LE16 7AG"), by=reporter)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CHECK)
    assert event.actor == reporter
    assert event.details["asked"] == {"name": "Bob Smith", "postcode": "LE16 7AG"}
    assert event.details["people_shown"] == [str(robert.id)]
    assert list(event.people.all()) == [robert]
    assert event.at is not None


def test_a_check_that_finds_nothing_is_audited_too(reporter):
    check_run(Query(name="Nobody Atall"), by=reporter)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CHECK)
    assert event.details["people_shown"] == []


def test_a_check_from_the_page_is_audited(client, reporter):
    cautioned("Robert", "Smith")
    client.force_login(reporter)
    client.post(reverse("register:check"), {"name": "Robert Smith"})
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK, actor=reporter).count() == 1


def test_the_data_protection_officer_sees_each_check_on_the_audit_page(client, reporter, dpo):
    cautioned("Robert", "Smith", reference="HDC-7")
    check_run(Query(name="Robert Smith"), by=reporter)
    client.force_login(dpo)
    page = client.get(reverse("privacy:audit"), {"verb": "check"}).content.decode()
    assert reporter.display_name in page
    assert "name: Robert Smith" in page
    assert "Robert Smith (HDC-7)" in page


def test_an_audit_event_cannot_be_changed(reporter):
    check_run(Query(name="Robert Smith"), by=reporter)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CHECK)
    event.summary = "Nothing happened"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.update(summary="Nothing happened")


def test_an_audit_event_cannot_be_deleted(reporter):
    check_run(Query(name="Robert Smith"), by=reporter)
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.get(verb=AuditEvent.Verb.CHECK).delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK).count() == 1
