"""A decision can hold its caution on the person's address instead of on the person
(003 §15.2: "Customer Alerts are kept on the addresses of individuals who are considered
to represent a possible threat ... from an individual or premises")."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from caution.letters.models import Letter
from caution.lib import clock
from caution.people.actions import AddressInput, address_find_or_create
from caution.people.matching import Query
from caution.register import deciding
from caution.register.check import check_run
from caution.register.reviews import since_last_review
from tests.deciding.conftest import assessed, submitted, use_profile
from tests.factories import answered, make_person

pytestmark = pytest.mark.django_db

MILL_LANE = AddressInput(line1="4 Mill Lane", town="Lutterworth", postcode="LE17 4BN")


@pytest.fixture
def tenant(db):
    return make_person("Robert", "Smith", born=dt.date(1975, 3, 14), address=MILL_LANE)


def decide_on(incident, by, address):
    return deciding.decision_record(
        incident,
        answers=answered(),
        outcome="caution",
        reasons="A dog at the property attacked the gas engineer.",
        terms=deciding.CautionTerms(level="3", precautions="No lone visits", on_address=address),
        version=incident.version,
        by=by,
    )


def test_003_15_2_a_decision_holds_the_caution_on_the_persons_address(
    settings, reporter, tenant, manager, second_manager
):
    use_profile(settings, "dover")
    incident = assessed(submitted(reporter, tenant, "PROPERTY_RISK"), manager, "3")
    home = address_find_or_create(MILL_LANE)

    caution = decide_on(incident, second_manager, home).caution

    assert (caution.person, caution.address) == (None, home)


def test_003_15_2_a_check_of_the_postcode_shows_the_decided_address_caution(
    settings, reporter, tenant, manager, second_manager
):
    use_profile(settings, "dover")
    incident = assessed(submitted(reporter, tenant, "PROPERTY_RISK"), manager, "3")
    decide_on(incident, second_manager, address_find_or_create(MILL_LANE))

    result = check_run(Query(postcode="le17 4bn"), by=reporter)

    assert [c.precautions for c in result.addresses[0].cautions] == ["No lone visits"]


def test_003_15_2_an_address_that_is_not_the_persons_is_refused(
    settings, reporter, tenant, manager, second_manager
):
    use_profile(settings, "dover")
    incident = assessed(submitted(reporter, tenant, "PROPERTY_RISK"), manager, "3")
    elsewhere = address_find_or_create(AddressInput(line1="1 High Street", postcode="CT16 1AA"))

    with pytest.raises(ValidationError) as refused:
        decide_on(incident, second_manager, elsewhere)

    assert "on_address" in refused.value.message_dict


def test_003_9_1_the_letter_for_an_address_caution_goes_to_the_person_decided_about(
    settings, reporter, tenant, manager, second_manager
):
    use_profile(settings, "dover")
    incident = assessed(submitted(reporter, tenant, "PROPERTY_RISK"), manager, "3")

    decision = decide_on(incident, second_manager, address_find_or_create(MILL_LANE))

    assert Letter.objects.get(decision=decision).person == tenant


def test_003_15_2_the_review_of_an_address_caution_shows_new_reports_about_the_person(
    settings, reporter, tenant, manager, second_manager
):
    use_profile(settings, "dover")
    incident = assessed(submitted(reporter, tenant, "PROPERTY_RISK"), manager, "3")
    caution = decide_on(incident, second_manager, address_find_or_create(MILL_LANE)).caution

    with clock.frozen_at(clock.now() + dt.timedelta(days=30)):
        later = submitted(reporter, tenant, "THREAT_OF_HARM")
        assert since_last_review(caution).incidents == [later]
