from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from caution.accounts import roles
from caution.privacy.models import AuditEvent
from caution.privacy.selectors import audit_events


@permission_required(roles.VIEW_AUDIT, raise_exception=True)
def audit(request):
    """The audit, newest first, for the data protection officer. Read-only: nothing on this
    page or anywhere else changes an event. Filtering is by GET, and carries no personal data."""
    verb = request.GET.get("verb", "")
    if verb not in AuditEvent.Verb.values:
        verb = ""
    page = Paginator(audit_events(verb=verb), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/audit.html",
        {"page": page, "verb": verb, "verbs": AuditEvent.Verb.choices},
    )
