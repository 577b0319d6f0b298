"""Cautions to appeal against, decided the way each council decides, and the people who
record and handle appeals."""

import pytest

from caution.accounts.roles import Role
from caution.register import deciding
from caution.register.models import Caution, Decision
from tests.factories import answered, make_user
from tests.journeys import conftest as journeys
from tests.journeys.conftest import assess, report

# The journeys' fixtures, shared: customer, line_manager, monday_morning, other_manager.
customer = journeys.customer
line_manager = journeys.line_manager
monday_morning = journeys.monday_morning
other_manager = journeys.other_manager


@pytest.fixture
def senior(line_manager):
    """A decision maker above the line manager in the management line."""
    user = make_user(Role.DECISION_MAKER, first_name="Sienna")
    line_manager.manager = user
    line_manager.save(update_fields=["manager"])
    return user


@pytest.fixture
def elsewhere(db):
    """A decision maker in another part of the council, nobody's manager here."""
    return make_user(Role.DECISION_MAKER, first_name="Elliot")


def caution_decided(
    reporter, customer, decider, category: str, level: str, *, threatened=False, restrictions=()
) -> Caution:
    """A report about the customer, assessed and decided by `decider` alone (002 §4.5.2,
    003 §8.1): the caution it put on the register."""
    case = report(reporter, customer, category, threatened=threatened)
    assess(case, decider, level)
    decision = deciding.decision_record(
        case,
        answers=answered(),
        outcome=Decision.Outcome.CAUTION,
        reasons="Staff need to know before contact.",
        terms=deciding.CautionTerms(
            level=level, precautions="Visit in pairs", restrictions=tuple(restrictions)
        ),
        version=case.version,
        by=decider,
    )
    return decision.caution
