"""A caution comes off the register at the end of its period, and when a person leaves
the service where the policy says so (003 §10.3)."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.notifications.models import Notification
from caution.outbox.models import OutboxMessage, WebhookSubscription
from caution.register.announcing import marker_subscribe
from caution.register.cautions_expiry import cautions_end_on_leaving, cautions_expire
from caution.register.models import Caution
from tests.factories import make_caution, make_person, make_user
from tests.journeys.conftest import check

pytestmark = pytest.mark.django_db

FOUR_YEARS = relativedelta(years=4)


def test_002_4_5_1_an_assault_caution_expires_after_4_years_and_leaves_the_check(caution, reporter):
    assert caution.expires_on == clock.today() + FOUR_YEARS
    assert cautions_expire(as_of=caution.expires_on - dt.timedelta(days=1)) == 0
    assert check(reporter)

    assert cautions_expire(as_of=caution.expires_on) == 1

    caution.refresh_from_db()
    assert caution.status == Caution.Status.EXPIRED
    assert caution.ended_on == caution.expires_on
    assert "Expired" in caution.ended_reason
    assert check(reporter) == []


def test_expiring_twice_on_the_same_day_changes_nothing_more(caution):
    cautions_expire(as_of=caution.expires_on)
    events = AuditEvent.objects.count()

    assert cautions_expire(as_of=caution.expires_on) == 0
    assert AuditEvent.objects.count() == events


def test_an_expiry_is_audited_as_the_daily_sweep(caution):
    cautions_expire(as_of=caution.expires_on)

    event = AuditEvent.objects.get(target_id=str(caution.id), summary="A caution expired")
    assert event.actor is None
    assert event.details["operator"] == "daily sweep"
    assert list(event.people.all()) == [caution.person]


def test_subscribers_are_told_by_webhook_when_a_caution_expires(caution):
    WebhookSubscription.objects.create(
        name="Housing system", url="https://housing.example/hooks", events=["caution.removed"]
    )

    cautions_expire(as_of=caution.expires_on)

    [message] = OutboxMessage.objects.filter(channel=OutboxMessage.Channel.WEBHOOK)
    assert message.payload["event"] == "caution.removed"


def test_register_officers_are_told_without_personal_data(caution, register_officer):
    cautions_expire(as_of=caution.expires_on)

    [note] = Notification.objects.filter(user=register_officer)
    assert note.subject == "A caution has been removed from the register"
    assert "Gary" not in note.subject + note.body
    assert str(caution.id) in note.url


def test_teams_that_keep_a_marker_are_told_to_switch_it_off(caution, reporter):
    marker_subscribe(system="Housing system", by=reporter)

    cautions_expire(as_of=caution.expires_on)

    [note] = Notification.objects.filter(user=reporter, event="marker")
    assert note.subject.startswith("Switch off your marker")


def test_003_10_3_a_register_officer_ends_the_cautions_of_a_person_who_has_left(
    settings, register_officer, reporter
):
    settings.CAUTION_PROFILE = "dover"
    person = make_person("Gary", "Pratt")
    make_caution(person, level="3")

    ended = cautions_end_on_leaving(
        person, left_on=clock.today() - dt.timedelta(days=3), by=register_officer
    )

    assert ended == 1
    [caution] = person.cautions.all()
    assert caution.status == Caution.Status.REMOVED
    assert "tenancy or licence ended" in caution.ended_reason
    assert check(reporter) == []


def test_003_10_3_leaving_the_service_ends_nothing_where_the_policy_does_not_say_so(
    register_officer,
):
    person = make_person("Gary", "Pratt")
    make_caution(person, level="ASSAULT")

    with pytest.raises(ValidationError, match="does not end"):
        cautions_end_on_leaving(person, left_on=clock.today(), by=register_officer)


def test_a_reporter_cannot_end_the_cautions_of_someone_who_has_left(settings):
    settings.CAUTION_PROFILE = "dover"
    person = make_person("Gary", "Pratt")
    make_caution(person, level="3")

    with pytest.raises(Exception, match="role"):
        cautions_end_on_leaving(person, left_on=clock.today(), by=make_user(Role.REPORTER))
