"""The decision behind a caution: who took it, whom the behaviour was aimed at, who was
involved in the incident (an appeal's handler must be none of them), and the letter to
the person it was about."""

from caution.incidents.selectors import involved_user_ids
from caution.letters.actions import letter_prepare, letter_prepare_for_change
from caution.policy.profiles import current
from caution.register.models import Caution, Decision


def decision_of(caution: Caution) -> Decision | None:
    try:
        return caution.decision
    except Decision.DoesNotExist:
        return None


def decider_ids(caution: Caution) -> set:
    """Who took the decision: the decision maker, the approver and, for a panel, every
    member present at the meeting (they decided together)."""
    decision = decision_of(caution)
    if decision is None:
        return set()
    ids = {decision.decided_by_id, decision.approved_by_id} - {None}
    if decision.meeting_id:
        ids |= set(decision.meeting.members_present().values_list("id", flat=True))
    return ids


def target_ids(caution: Caution) -> set:
    """The staff the behaviour behind the caution was aimed at."""
    decision = decision_of(caution)
    if decision is None:
        return set()
    staff = decision.incident.staff.all()
    return {s.user_id for s in staff if s.user_id and s.threatened}


def involved_ids(caution: Caution) -> set:
    decision = decision_of(caution)
    return involved_user_ids(decision.incident) if decision else set()


def _person_written_to(caution: Caution):
    decision = decision_of(caution)
    return caution.person or (decision.person if decision else None)


def letter_on_change(event: str, caution: Caution, *, reason: str, by):
    """Draft the letter telling the person their entry was extended or removed, where the
    profile says they are told of it (`[notification] also_on`, 002 §3: "informed of any
    extension to their entry or removal from the list"), whatever made the change: a
    decision on a change, expiry, the end of a tenancy. Not for an interim alert, which
    the full decision replaces, nor where there is nobody to write to. Returns the letter,
    or None."""
    if event not in current().notification.also_on or caution.interim:
        return None
    person = _person_written_to(caution)
    if person is None:
        return None
    return letter_prepare_for_change(event, caution, person=person, reason=reason, by=by)


def letter_for(kind: str, caution: Caution, *, by, appeal=None, review=None):
    """Draft the letter to the person from the profile's template, where there is a person
    to write to: the caution's, or for a caution on an address the person whose behaviour
    the decision was about (an imported address alone gets none). Returns the letter, or
    None."""
    decision = decision_of(caution)
    person = _person_written_to(caution)
    if person is None:
        return None
    return letter_prepare(
        kind=kind,
        person=person,
        by=by,
        caution=caution,
        decision=decision,
        appeal=appeal,
        review=review,
    )
