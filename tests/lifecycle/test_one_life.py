"""One life for a caution (ADR 0008): however a caution ends (ended by an officer, an appeal
upheld, removed at review, expired, the person leaving the tenancy, an interim alert
replaced by the full decision), it ends through `caution_close` and so the same way: its
version moves on, one audit row per caution says why, no review is left to come, and
subscribers and staff are told once."""

import dataclasses
from collections.abc import Callable

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.notifications import events
from caution.notifications.models import RegisterChange
from caution.outbox.models import OutboxMessage, WebhookSubscription
from caution.register import deciding
from caution.register.appeals import appeal_decide, appeal_record
from caution.register.cautions import caution_close
from caution.register.cautions_expiry import cautions_end_on_leaving, cautions_expire
from caution.register.changing import caution_correct
from caution.register.models import Appeal, Caution, Review
from caution.register.reviews import review_record
from tests.deciding.conftest import assessed, decide, submitted
from tests.factories import change_made, make_caution, make_user, review_meeting_held

pytestmark = pytest.mark.django_db


@dataclasses.dataclass
class Cast:
    customer: object
    reporter: object
    officer: object  # the register officer
    manager: object  # the reporter's line manager (003 §8.1)
    handler: object  # hears appeals: a decision maker who took no part


@dataclasses.dataclass(frozen=True)
class Way:
    """A way a caution ends: the profile it runs under, and how to get there: the cautions
    it will end and the step that ends them."""

    name: str
    profile: str
    start: Callable[[Cast], tuple[list[Caution], Callable[[], object]]]


def _ended_by_an_officer(cast: Cast):
    caution = make_caution(cast.customer)
    return [caution], lambda: change_made(caution, "end", reason="Moved away", by=cast.officer)


def _appeal_upheld(cast: Cast):
    caution = make_caution(cast.customer, level="ASSAULT")
    appeal = appeal_record(
        caution,
        channel=Appeal.Channel.LETTER,
        received_on=clock.today(),
        grounds="I did not push anyone.",
        handler=cast.handler,
        by=cast.officer,
    )
    return [caution], lambda: appeal_decide(
        appeal,
        outcome=Appeal.Outcome.UPHELD,
        reasons="CCTV shows no contact.",
        version=appeal.version,
        by=cast.handler,
    )


def _removed_at_review(cast: Cast):
    caution = make_caution(cast.customer)
    meeting = review_meeting_held()
    return [caution], lambda: review_record(
        caution,
        outcome=Review.Outcome.REMOVE,
        reasons="No incident in six months.",
        meeting=meeting,
        version=caution.version,
        by=cast.officer,
    )


def _expired(cast: Cast):
    ends = clock.today() + relativedelta(months=6)
    cautions = [make_caution(cast.customer, level=level, expires_on=ends) for level in "12"]
    return cautions, lambda: cautions_expire(as_of=ends)


def _tenancy_ended(cast: Cast):
    cautions = [make_caution(cast.customer, level=level) for level in "13"]
    return cautions, lambda: cautions_end_on_leaving(
        cast.customer, left_on=clock.today(), by=cast.officer
    )


def _interim_alert_replaced(cast: Cast):
    incident = submitted(cast.reporter, cast.customer, "THREAT_OF_HARM")
    alert = deciding.interim_alert_add(
        incident, level="3", precautions="No home visits", reasons="Threat to kill", by=cast.manager
    )
    assessed(incident, cast.manager, "3")
    return [alert], lambda: decide(incident, cast.manager, level="3")


WAYS = (
    Way("ended by an officer", "harborough", _ended_by_an_officer),
    Way("appeal upheld", "cheltenham", _appeal_upheld),
    Way("removed at review", "harborough", _removed_at_review),
    Way("expired", "harborough", _expired),
    Way("tenancy ended", "dover", _tenancy_ended),
    Way("interim alert replaced", "dover", _interim_alert_replaced),
)


@dataclasses.dataclass
class Ending:
    before: list[Caution]
    after: list[Caution]


@pytest.fixture(params=WAYS, ids=[way.name for way in WAYS])
def ending(request, settings, customer, reporter, register_officer) -> Ending:
    way: Way = request.param
    settings.CAUTION_PROFILE = way.profile
    manager = make_user(Role.MANAGER, first_name="Lena")
    reporter.manager = manager
    reporter.save(update_fields=["manager"])
    cast = Cast(
        customer=customer,
        reporter=reporter,
        officer=register_officer,
        manager=manager,
        handler=make_user(Role.DECISION_MAKER, first_name="Elliot"),
    )
    WebhookSubscription.objects.create(
        name="Housing system", url="https://housing.example/hooks", events=["caution.removed"]
    )
    cautions, end = way.start(cast)
    before = [Caution.objects.get(id=caution.id) for caution in cautions]
    end()
    return Ending(before=before, after=[Caution.objects.get(id=c.id) for c in cautions])


def test_every_way_a_caution_ends_takes_it_off_the_register_with_its_date_and_reason(ending):
    for caution in ending.after:
        assert caution.status != Caution.Status.ACTIVE
        assert caution.ended_on and caution.ended_reason


def test_every_way_a_caution_ends_moves_its_version_on(ending):
    for before, after in zip(ending.before, ending.after, strict=True):
        assert after.version > before.version


def test_every_way_a_caution_ends_writes_one_audit_row_per_caution(ending):
    for caution in ending.after:
        rows = AuditEvent.objects.filter(target_id=str(caution.id), verb=AuditEvent.Verb.CHANGE)
        ended = [row for row in rows if row.details.get("reason") == caution.ended_reason]
        assert len(ended) == 1
        assert ended[0].details["changes"] == {"status": ["active", caution.status]}


def test_every_way_a_caution_ends_leaves_no_review_to_come(ending):
    assert all(caution.next_review for caution in ending.before)
    assert [caution.next_review for caution in ending.after] == [None] * len(ending.after)


def test_every_way_a_caution_ends_tells_subscribers_once(ending):
    webhooks = OutboxMessage.objects.filter(channel=OutboxMessage.Channel.WEBHOOK)
    removed = [
        m.payload["caution"]["id"] for m in webhooks if m.payload["event"] == "caution.removed"
    ]
    assert sorted(removed) == sorted(str(caution.id) for caution in ending.after)


def test_every_way_a_caution_ends_tells_staff_once(ending):
    for caution in ending.after:
        told = RegisterChange.objects.filter(caution=caution, event=events.CAUTION_REMOVED)
        assert told.count() == 1


def test_a_caution_that_has_ended_cannot_be_closed_again(customer, register_officer):
    caution = make_caution(customer)
    change_made(caution, "end", reason="Moved away", by=register_officer)

    with pytest.raises(ValidationError, match="ended already"):
        caution_close(caution, status=Caution.Status.EXPIRED, reason="Again", by=register_officer)


def test_a_caution_is_closed_only_into_a_status_that_ends_it(customer, register_officer):
    caution = make_caution(customer)

    with pytest.raises(ValueError, match="not a status a caution ends in"):
        caution_close(
            caution, status=Caution.Status.ACTIVE, reason="Still here", by=register_officer
        )


def test_an_amendment_changes_the_terms_as_an_appeal_or_a_review_does(customer, register_officer):
    """One way to change terms (lifecycle.terms_change): the text is stored as every other
    change stores it, new lines from a browser's text box included."""
    caution = make_caution(customer, precautions="Visit in pairs")

    change_made(
        caution,
        "amend",
        level="1",
        precautions="  Visit in pairs\r\nTell reception  ",
        key_contact=" Housing Team Leader ",
        reason="New information",
        by=register_officer,
    )

    caution.refresh_from_db()
    assert caution.precautions == "Visit in pairs\nTell reception"
    event = AuditEvent.objects.get(summary="Changed a caution")
    assert event.details["changes"] == {
        "precautions": ["Visit in pairs", "Visit in pairs\nTell reception"]
    }


def test_an_amendment_that_changes_nothing_announces_nothing(customer, register_officer):
    caution = make_caution(customer)
    told = RegisterChange.objects.count()

    caution_correct(
        caution,
        precautions=caution.precautions,
        key_contact=caution.key_contact,
        reason="Checked: still right",
        version=caution.version,
        by=register_officer,
    )

    assert RegisterChange.objects.count() == told
