"""A restriction lasts within its caution: it cannot start before the caution goes on,
outlive its expiry, or be permanent on a caution that ends."""

import dataclasses

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from caution.incidents.models import Incident
from caution.lib import clock
from caution.register.models import Decision
from tests.deciding.conftest import NAMED_CONTACT, assessed, decide, submitted, use_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(settings, reporter, person, manager):
    """Cheltenham: verbal abuse, whose caution expires after a year (002 §4.5.1)."""
    use_profile(settings, "cheltenham")
    return assessed(submitted(reporter, person, "SERIOUS_THREAT"), manager, "ABUSE")


def refused(case, by, restriction) -> str:
    with pytest.raises(ValidationError) as error:
        decide(case, by, level="ABUSE", restrictions=(restriction,))
    case.refresh_from_db()
    assert case.status == Incident.Status.ASSESSED
    assert not Decision.objects.filter(incident=case).exists()
    return " ".join(error.value.message_dict["restrictions"])


def test_a_restriction_cannot_end_after_its_caution_expires(case, second_manager):
    late = dataclasses.replace(NAMED_CONTACT, ends_on=clock.today() + relativedelta(years=2))
    assert "cannot end after the caution expires" in refused(case, second_manager, late)


def test_a_restriction_cannot_start_before_the_caution_goes_on(case, second_manager):
    early = dataclasses.replace(NAMED_CONTACT, starts_on=clock.today() - relativedelta(days=3))
    assert "cannot start before the caution goes on" in refused(case, second_manager, early)


def test_a_restriction_ending_with_its_caution_is_kept(case, second_manager):
    ends = clock.today() + relativedelta(years=1)
    within = dataclasses.replace(NAMED_CONTACT, ends_on=ends)
    caution = decide(case, second_manager, level="ABUSE", restrictions=(within,)).caution
    assert caution.restriction_set.get().ends_on == ends == caution.expires_on
