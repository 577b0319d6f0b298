"""The scoped lookups for appeals and reviews, used by the pages and the API alike: the one
answer to "may this user open this appeal, or review this caution?"."""

from django.http import Http404

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.register import reviews, selectors
from caution.register.models import Appeal, Caution


def appeal_get_for_user(appeal_id, user) -> Appeal:
    """The appeal, for those who may see the caution's restricted details (the opening is
    audited there); 404 for everyone else."""
    appeal = Appeal.objects.filter(id=appeal_id).select_related("handler").first()
    if appeal is None:
        raise Http404
    appeal.caution = selectors.caution_get_for_user(appeal.caution_id, user)
    return appeal


def require_reviewer(user) -> None:
    """Reviews are for the profile's reviewer and the register officer; 404 for others."""
    if not reviews.may_review(user):
        raise Http404


def review_caution_get(caution_id, user) -> Caution:
    """A caution for its reviewer; 404 for everyone else. Every opening is audited."""
    require_reviewer(user)
    caution = Caution.objects.filter(id=caution_id).select_related("person", "address").first()
    if caution is None:
        raise Http404
    audit_record(
        by=user,
        verb=AuditEvent.Verb.VIEW,
        summary="Opened a caution for review",
        target=caution,
        people=[caution.person] if caution.person_id else [],
    )
    return caution
