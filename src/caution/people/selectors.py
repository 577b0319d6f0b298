"""Reads that build pages about people. Each fetches through the one scoped lookup."""

from django.db.models import Prefetch
from django.http import Http404

from caution.accounts import roles
from caution.people.models import Person, PersonAddress
from caution.privacy.actions import audit_record
from caution.privacy.models import AuditEvent
from caution.register.models import Caution


def person_get_for_user(person_id, user) -> Person:
    """The full record of a person, for users who may see restricted details; 404 for
    everyone else (records outside a user's scope are not acknowledged). Audited."""
    if not user.has_perm(roles.VIEW_RESTRICTED):
        raise Http404
    try:
        person = Person.objects.prefetch_related(
            "names",
            "contact_points",
            Prefetch("address_links", queryset=PersonAddress.objects.select_related("address")),
            Prefetch(
                "cautions",
                queryset=Caution.objects.order_by("-date_added").prefetch_related("shared_with"),
            ),
        ).get(id=person_id)
    except Person.DoesNotExist:
        raise Http404 from None
    audit_record(
        by=user,
        verb=AuditEvent.Verb.VIEW,
        summary="Viewed a person's full record",
        target=person,
        people=[person],
    )
    return person
