"""Profiles where one person decides: Cheltenham's manager (002 §4.5.2), Dover's line
manager (003 §8)."""

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError

from caution.incidents.selectors import assessment_queue, assessors_for
from caution.lib import clock
from caution.people.matching import Query
from caution.register import deciding
from caution.register.check import check_run
from caution.register.models import Caution, Decision
from tests.deciding.conftest import NAMED_CONTACT, assessed, decide, submitted, use_profile
from tests.factories import answered

pytestmark = pytest.mark.django_db


def test_a_caution_decided_by_the_manager_shows_in_the_check_at_once(
    settings, reporter, person, manager, second_manager
):
    use_profile(settings, "cheltenham")
    incident = assessed(submitted(reporter, person, "ASSAULT"), manager, "ASSAULT")
    decide(incident, second_manager, restrictions=(NAMED_CONTACT,))
    match = check_run(Query(name="Robert Smith"), by=reporter).people[0]
    assert match.person == person
    assert match.cautions[0].level_code == "ASSAULT"


def test_002_4_5_1_an_assault_caution_expires_after_4_years(
    settings, reporter, person, manager, second_manager
):
    use_profile(settings, "cheltenham")
    incident = assessed(submitted(reporter, person, "ASSAULT"), manager, "ASSAULT")
    caution = decide(incident, second_manager).caution
    assert caution.expires_on == clock.today() + relativedelta(years=4)


def test_002_4_5_1_verbal_abuse_expires_after_1_year(
    settings, reporter, person, manager, second_manager
):
    use_profile(settings, "cheltenham")
    incident = assessed(submitted(reporter, person, "SERIOUS_THREAT"), manager, "ABUSE")
    caution = decide(incident, second_manager, level="ABUSE").caution
    assert caution.expires_on == clock.today() + relativedelta(years=1)


def test_a_caution_carries_its_structured_restrictions(
    settings, reporter, person, manager, second_manager
):
    use_profile(settings, "cheltenham")
    incident = assessed(submitted(reporter, person, "ASSAULT"), manager, "ASSAULT")
    scoped = deciding.RestrictionInput(
        type="set_times",
        details="Tuesdays 10:00-12:00",
        channels=("phone",),
        service_area="Housing",
    )
    caution = decide(incident, second_manager, restrictions=(NAMED_CONTACT, scoped)).caution
    kept = list(caution.restriction_set.values_list("type", "service_area", "channels"))
    assert kept == [("named_contact", "", []), ("set_times", "Housing", ["phone"])]


def test_002_4_5_2_the_decider_may_not_be_involved(
    settings, reporter, person, manager, second_manager
):
    use_profile(settings, "cheltenham")
    incident = assessed(
        submitted(reporter, person, "ASSAULT", staff=[(second_manager, False)]), manager, "ASSAULT"
    )
    with pytest.raises(PermissionDenied, match="involved"):
        decide(incident, second_manager)


def test_only_the_profiles_decider_decides(settings, reporter, person, manager, register_officer):
    use_profile(settings, "dover")
    incident = assessed(submitted(reporter, person, "THREAT_OF_HARM"), manager, "3")
    with pytest.raises(PermissionDenied, match=r"(?i)line manager"):
        decide(incident, register_officer, level="3")


def test_002_4_4_a_warning_comes_before_restrictions_for_persistent_contact(
    settings, reporter, person, manager, second_manager
):
    use_profile(settings, "cheltenham")
    incident = assessed(submitted(reporter, person, "PERSISTENT"), manager, "PERSISTENT")
    with pytest.raises(ValidationError, match="warning must come before"):
        decide(incident, second_manager, level="PERSISTENT")
    decide(incident, second_manager, outcome="warning")
    again = assessed(submitted(reporter, person, "PERSISTENT"), manager, "PERSISTENT")
    assert decide(again, second_manager, level="PERSISTENT").caution is not None


def test_002_4_4_the_warning_is_skipped_for_violence(
    settings, reporter, person, manager, second_manager
):
    use_profile(settings, "cheltenham")
    incident = assessed(submitted(reporter, person, "ASSAULT"), manager, "ASSAULT")
    assert decide(incident, second_manager).outcome == Decision.Outcome.CAUTION


def test_002_3_4_a_complex_case_waits_for_the_cssm(
    settings, reporter, person, manager, second_manager
):
    from caution.accounts.roles import Role
    from tests.factories import make_user

    use_profile(settings, "cheltenham")
    approval_role = Role(
        __import__("caution.policy.profiles", fromlist=["current"]).current().decision.approval.role
    )
    cssm = make_user(approval_role, first_name="Cass")
    incident = assessed(submitted(reporter, person, "ASSAULT"), manager, "ASSAULT")
    decision = deciding.decision_record(
        incident,
        answers=answered(),
        outcome="caution",
        reasons="Complex: mental health.",
        complex_case=True,
        terms=deciding.CautionTerms(level="ASSAULT", restrictions=(NAMED_CONTACT,)),
        version=incident.version,
        by=second_manager,
    )
    assert decision.status == Decision.Status.AWAITING_APPROVAL
    assert not Caution.objects.filter(person=person).exists()
    caution = deciding.decision_approve(decision, by=cssm)
    assert caution.restriction_set.get().type == "named_contact"


def test_003_8_7_an_urgent_interim_alert_shows_until_the_full_decision(
    settings, reporter, person, manager, second_manager
):
    use_profile(settings, "dover")
    incident = submitted(reporter, person, "THREAT_OF_HARM")
    alert = deciding.interim_alert_add(
        incident, level="3", precautions="No home visits", reasons="Threat to kill", by=manager
    )
    assert check_run(Query(name="Robert Smith"), by=reporter).people[0].cautions[0].id == str(
        alert.id
    )
    assessed(incident, manager, "3")
    caution = decide(incident, second_manager, level="3").caution
    alert.refresh_from_db()
    assert alert.status == Caution.Status.REMOVED
    assert [
        c.id for c in check_run(Query(name="Robert Smith"), by=reporter).people[0].cautions
    ] == [str(caution.id)]


def test_interim_alerts_exist_only_where_the_profile_has_them(settings, reporter, person, manager):
    use_profile(settings, "cheltenham")
    incident = submitted(reporter, person, "ASSAULT")
    with pytest.raises(ValidationError, match="no interim alerts"):
        deciding.interim_alert_add(
            incident, level="ASSAULT", precautions="", reasons="x", by=manager
        )


def test_a_decision_needs_minuted_reasons(settings, reporter, person, manager, second_manager):
    use_profile(settings, "cheltenham")
    incident = assessed(submitted(reporter, person, "ASSAULT"), manager, "ASSAULT")
    with pytest.raises(ValidationError, match="reasons"):
        deciding.decision_record(
            incident,
            answers=answered(),
            outcome="no_action",
            reasons="",
            version=incident.version,
            by=second_manager,
        )


def test_an_unassessed_report_cannot_be_decided(settings, reporter, person, second_manager):
    use_profile(settings, "cheltenham")
    incident = submitted(reporter, person, "ASSAULT")
    with pytest.raises(ValidationError, match="assessed"):
        decide(incident, second_manager)


def test_an_informal_word_is_noted_on_the_person(
    settings, reporter, person, manager, second_manager
):
    """002 §4.4: an informal word before a warning."""
    use_profile(settings, "cheltenham")
    incident = assessed(submitted(reporter, person, "PERSISTENT"), manager, "PERSISTENT")
    decide(incident, second_manager, outcome="informal_word")
    assert person.decisions.get().get_outcome_display().startswith("Informal word")
    assert not Caution.objects.filter(person=person).exists()


def test_003_8_7_the_check_flags_an_interim_alert_as_pending_assessment(
    client, settings, reporter, person, manager
):
    from django.urls import reverse

    use_profile(settings, "dover")
    incident = submitted(reporter, person, "THREAT_OF_HARM")
    deciding.interim_alert_add(
        incident, level="3", precautions="No home visits", reasons="Threat to kill", by=manager
    )
    client.force_login(reporter)
    page = client.post(reverse("register:check"), {"name": "Robert Smith"}).content.decode()
    assert "Interim alert pending full assessment" in page


@pytest.fixture
def managed_reporter(reporter, manager):
    reporter.manager = manager
    reporter.save(update_fields=["manager"])
    return reporter


def test_003_8_1_only_the_reporters_line_manager_assesses(
    settings, managed_reporter, person, manager, second_manager
):
    use_profile(settings, "dover")
    incident = submitted(managed_reporter, person, "THREAT_OF_HARM")
    with pytest.raises(PermissionDenied, match="Mo"):
        assessed(incident, second_manager, "3")
    assessed(incident, manager, "3")
    assert incident.status == "assessed"


def test_003_8_1_only_the_reporters_line_manager_decides(
    settings, managed_reporter, person, manager, second_manager
):
    use_profile(settings, "dover")
    incident = assessed(submitted(managed_reporter, person, "THREAT_OF_HARM"), manager, "3")
    with pytest.raises(PermissionDenied, match="line manager"):
        decide(incident, second_manager, level="3")
    assert decide(incident, manager, level="3").caution.level == "3"


def test_003_8_1_another_managers_queue_leaves_out_the_report(
    settings, managed_reporter, person, manager, second_manager
):
    use_profile(settings, "dover")
    incident = submitted(managed_reporter, person, "THREAT_OF_HARM")
    assert list(assessment_queue(second_manager)) == []
    assert list(assessment_queue(manager)) == [incident]
    assert list(assessors_for(incident)) == [manager]


def test_003_8_2_information_from_an_external_source_is_for_any_manager(
    settings, managed_reporter, person, manager, second_manager
):
    use_profile(settings, "dover")
    incident = submitted(
        managed_reporter, person, "AGENCY_INFORMATION", kind="third_party", agency="Kent Police"
    )
    assert list(assessment_queue(second_manager)) == [incident]
    assessed(incident, second_manager, "2")


def test_003_8_1_a_line_manager_who_was_involved_leaves_it_to_another_manager(
    settings, managed_reporter, person, manager, second_manager
):
    use_profile(settings, "dover")
    incident = submitted(managed_reporter, person, "THREAT_OF_HARM", staff=[(manager, True)])
    assert list(assessment_queue(second_manager)) == [incident]
    assessed(incident, second_manager, "3")
    assert incident.status == "assessed"


def test_000_8_2_other_profiles_let_any_manager_not_involved_decide(
    settings, managed_reporter, person, manager, second_manager
):
    """Only 000 §8.2 needs the Review Panel's approval; elsewhere (here 002 §4.5.2) one
    manager who was not involved decides alone."""
    use_profile(settings, "cheltenham")
    incident = assessed(submitted(managed_reporter, person, "ASSAULT"), second_manager, "ASSAULT")
    assert decide(incident, manager).caution is not None
