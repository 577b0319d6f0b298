"""Sharing under agreements (ADR 0017): a partner is told of a caution shared with it only
while a live agreement covers the caution's category; sharing ends at midnight at the end
of the agreement's end date, and the sweep tells the partner."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from caution.accounts.agreements import AgreementTerms, agreement_create
from caution.accounts.models import LawfulBasis, Organisation, SharingAgreement
from caution.accounts.roles import Role
from caution.lib import clock
from caution.notifications.models import Notification
from caution.outbox.models import OutboxMessage, WebhookSubscription
from caution.register.announcing import webhooks_publish
from caution.register.check import Query, check_run
from tests.factories import make_agreement, make_caution, make_person, make_user

pytestmark = pytest.mark.django_db

END = dt.date(2026, 3, 31)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def riverside(db) -> Organisation:
    return Organisation.objects.create(name="Riverside Homes", kind=Organisation.Kind.PARTNER)


@pytest.fixture
def pat(riverside):
    return make_user(Role.PARTNER, organisation=riverside, first_name="Pat")


def found_by(user, name: str = "Robert Smith") -> bool:
    return check_run(Query(name=name), by=user).found


def at(day: dt.date, hour: int, minute: int = 0):
    return clock.frozen_at(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON))


def sweep(as_of: dt.date) -> None:
    call_command("sweep", f"--as-of={as_of}", stdout=io.StringIO())


def test_a_partner_sees_nothing_shared_with_it_without_an_agreement(riverside, pat):
    make_caution(make_person("Robert", "Smith"), category="VIOLENCE", shared_with=[riverside])

    assert not found_by(pat)


def test_a_partner_sees_a_shared_caution_in_a_category_its_agreement_covers(riverside, pat):
    make_agreement(riverside, categories=["VIOLENCE"])
    make_caution(make_person("Robert", "Smith"), category="VIOLENCE", shared_with=[riverside])

    assert found_by(pat)


def test_a_partner_does_not_see_a_shared_caution_in_a_category_not_covered(riverside, pat):
    make_agreement(riverside, categories=["VIOLENCE"])
    make_caution(make_person("Robert", "Smith"), category="ABUSE", shared_with=[riverside])

    assert not found_by(pat)


def test_an_agreement_not_yet_in_force_shares_nothing(riverside, pat):
    tomorrow = clock.today() + dt.timedelta(days=1)
    make_agreement(riverside, starts_on=tomorrow, ends_on=tomorrow + dt.timedelta(days=30))
    make_caution(make_person("Robert", "Smith"), category="VIOLENCE", shared_with=[riverside])

    assert not found_by(pat)


def test_000_8_6_sharing_stops_at_midnight_when_the_agreement_ends(riverside, pat):
    """000 §8.6: information is shared with partners only as documented; an agreement
    that ends on 31 March shares on 31 March and nothing from midnight."""
    with at(END - dt.timedelta(days=60), 9):
        make_agreement(riverside, ends_on=END)
        make_caution(make_person("Robert", "Smith"), category="VIOLENCE", shared_with=[riverside])

    with at(END, 23, 59):
        assert found_by(pat)
    with at(END + dt.timedelta(days=1), 0, 0):
        assert not found_by(pat)


def test_the_sweep_tells_the_partner_the_day_after_the_agreement_ends(riverside, pat):
    with at(END - dt.timedelta(days=60), 9):
        agreement = make_agreement(riverside, ends_on=END)

    sweep(END)
    assert not Notification.objects.filter(user=pat).exists()

    sweep(END + dt.timedelta(days=1))
    [told] = Notification.objects.filter(user=pat)
    assert told.subject == "A sharing agreement with the council has ended"
    agreement.refresh_from_db()
    assert agreement.lapsed_on == END + dt.timedelta(days=1)


def test_the_sweep_tells_the_partner_once(riverside, pat):
    with at(END - dt.timedelta(days=60), 9):
        make_agreement(riverside, ends_on=END)

    sweep(END + dt.timedelta(days=1))
    sweep(END + dt.timedelta(days=2))

    assert Notification.objects.filter(user=pat).count() == 1


def test_a_partners_system_hears_no_more_once_the_agreement_has_ended(riverside):
    with at(END - dt.timedelta(days=60), 9):
        make_agreement(riverside, ends_on=END)
        caution = make_caution(
            make_person("Robert", "Smith"), category="VIOLENCE", shared_with=[riverside]
        )
        WebhookSubscription.objects.create(
            name="Riverside housing", url="https://hooks.example.org/x",
            events=["caution.changed"], organisation=riverside,
        )  # fmt: skip

    with at(END, 12):
        webhooks_publish(caution, "caution.changed")
    with at(END + dt.timedelta(days=1), 0, 1):
        webhooks_publish(caution, "caution.changed")

    assert OutboxMessage.objects.filter(channel=OutboxMessage.Channel.WEBHOOK).count() == 1


def terms(riverside, **changes) -> AgreementTerms:
    values = {
        "title": "Riverside tenancy sharing",
        "organisation": riverside,
        "purpose": "Keeping Riverside's staff safe on visits",
        "lawful_basis": LawfulBasis.PUBLIC_TASK,
        "categories": ("VIOLENCE",),
        "onward_disclosure": "Not to be passed on",
        "starts_on": clock.today(),
        "review_on": clock.today() + dt.timedelta(days=180),
        "ends_on": clock.today() + dt.timedelta(days=365),
    }
    return AgreementTerms(**{**values, **changes})


def test_the_data_protection_officer_records_an_agreement_and_it_is_audited(riverside, dpo):
    agreement = agreement_create(terms(riverside), by=dpo)

    assert agreement.categories == ["VIOLENCE"]
    assert agreement.organisation == riverside


def test_a_reporter_may_not_record_an_agreement(riverside, reporter):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        agreement_create(terms(riverside), by=reporter)


def test_an_agreement_that_ends_before_it_starts_is_refused(riverside, dpo):
    from django.core.exceptions import ValidationError

    bad = terms(riverside, ends_on=clock.today() - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        agreement_create(bad, by=dpo)

    assert "ends_on" in refused.value.message_dict
    assert not SharingAgreement.objects.exists()


def test_an_agreement_with_a_council_service_is_refused(dpo):
    from django.core.exceptions import ValidationError

    housing = Organisation.objects.create(name="Housing", kind=Organisation.Kind.COUNCIL)
    with pytest.raises(ValidationError, match="partner"):
        agreement_create(terms(housing), by=dpo)


def test_when_an_agreement_ends_the_partners_markers_should_come_off(riverside):
    from caution.register.markers import markers_drift

    with at(END - dt.timedelta(days=60), 9):
        make_agreement(riverside, ends_on=END)
        WebhookSubscription.objects.create(
            name="Riverside housing", url="https://hooks.example.org/x",
            events=["caution.added"], organisation=riverside,
        )  # fmt: skip
        make_caution(make_person("Robert", "Smith"), category="VIOLENCE", shared_with=[riverside])

    sweep(END + dt.timedelta(days=1))

    drift = markers_drift()
    assert (drift.removal_systems, drift.removals, drift.additions) == (1, 1, 0)
