"""Information-sharing agreements with partners (ADR 0017): recorded and changed by the
data protection officer or an administrator, every change audited. What an agreement
lets a partner see is read by `register.access.caution_scope_for`; its end is found by
the sweep (`register.sharing.agreements_lapse`)."""

import dataclasses
import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from caution.accounts import roles
from caution.accounts.models import LawfulBasis, Organisation, SharingAgreement
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib.uploads import DOCUMENTS, UploadRefused, check_upload
from caution.policy.profiles import current

# The longest an agreement may run before it must be renewed: five years.
LONGEST_DAYS = 5 * 366


@dataclasses.dataclass(frozen=True)
class AgreementTerms:
    """What an agreement says: the fields an officer fills in."""

    title: str
    organisation: Organisation
    purpose: str
    lawful_basis: str
    categories: tuple[str, ...]
    onward_disclosure: str
    starts_on: dt.date
    review_on: dt.date
    ends_on: dt.date
    condition: str = ""


def may_manage_agreements(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(roles.MANAGE_AGREEMENTS)


def require_agreement_manager(user) -> None:
    if not may_manage_agreements(user):
        raise PermissionDenied("Your role does not include managing sharing agreements.")


def category_choices() -> list[tuple[str, str]]:
    """The profile's categories, and the entries with none (imported from an old register)."""
    choices = [(category.code, category.label) for category in current().categories]
    return [*choices, (SharingAgreement.UNCATEGORISED, "Entries with no category (imported)")]


def terms_problems(terms: AgreementTerms) -> dict[str, str]:
    problems = {}
    if terms.organisation.kind != Organisation.Kind.PARTNER:
        problems["organisation"] = "Choose a partner organisation"
    if terms.lawful_basis not in LawfulBasis.values:
        problems["lawful_basis"] = "Choose the lawful basis from the list"
    known = {code for code, _ in category_choices()}
    if not terms.categories:
        problems["categories"] = "Choose at least one category the partner is told of"
    elif not known.issuperset(terms.categories):
        problems["categories"] = "Choose categories from the list"
    if terms.ends_on < terms.starts_on:
        problems["ends_on"] = "The end date must be on or after the start date"
    elif (terms.ends_on - terms.starts_on).days > LONGEST_DAYS:
        problems["ends_on"] = "An agreement runs at most five years: renew it after that"
    if not terms.starts_on <= terms.review_on <= terms.ends_on:
        problems["review_on"] = "The review date must fall between the start and the end"
    for field in ("title", "purpose", "onward_disclosure"):
        if not getattr(terms, field).strip():
            problems[field] = "Enter the " + field.replace("_", " ")
    return problems


def _document(data: bytes) -> ContentFile:
    """The signed agreement, a PDF or text checked by its content (lib/uploads.py)."""
    try:
        checked = check_upload(
            data,
            allowed=DOCUMENTS,
            max_bytes=settings.CAUTION_EVIDENCE_MAX_MB * 1_000_000,
            clamd_socket=settings.CLAMD_SOCKET,
        )
    except UploadRefused as refusal:
        raise ValidationError({"document": str(refusal)}) from None
    return ContentFile(checked.content, name=f"agreement.{checked.extension}")


def _apply(agreement: SharingAgreement, terms: AgreementTerms, document: bytes | None) -> None:
    problems = terms_problems(terms)
    if problems:
        raise ValidationError(problems)
    for field, value in dataclasses.asdict(terms).items():
        setattr(agreement, field, value.strip() if isinstance(value, str) else value)
    agreement.organisation = terms.organisation
    agreement.categories = list(dict.fromkeys(terms.categories))
    if document is not None:
        agreement.document = _document(document)
    agreement.full_clean(exclude=["document"])
    agreement.save()


def _details(agreement: SharingAgreement) -> dict:
    return {
        "organisation": agreement.organisation.name,
        "lawful_basis": agreement.lawful_basis,
        "categories": agreement.categories,
        "starts_on": agreement.starts_on.isoformat(),
        "review_on": agreement.review_on.isoformat(),
        "ends_on": agreement.ends_on.isoformat(),
    }


@transaction.atomic
def agreement_create(
    terms: AgreementTerms, *, document: bytes | None = None, by
) -> SharingAgreement:
    """Record an agreement: from its start date the partner is told of cautions in its
    categories that the decision shared with it, until its end date."""
    require_agreement_manager(by)
    agreement = SharingAgreement(created_by=by)
    _apply(agreement, terms, document)
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary=f"Recorded the sharing agreement {agreement.title} with {terms.organisation}",
        target=agreement,
        details=_details(agreement),
    )
    return agreement


@transaction.atomic
def agreement_change(
    agreement: SharingAgreement, terms: AgreementTerms, *, document: bytes | None = None, by
) -> SharingAgreement:
    """Change an agreement (renewed, ended early, a category added or taken out): what
    the partner sees follows at once."""
    require_agreement_manager(by)
    agreement = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
    _apply(agreement, terms, document)
    if agreement.lapsed_on and agreement.ends_on >= agreement.lapsed_on:
        # Renewed after it had lapsed: the next end will be announced again.
        agreement.lapsed_on = None
        agreement.save(update_fields=["lapsed_on"])
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary=f"Changed the sharing agreement {agreement.title}",
        target=agreement,
        details=_details(agreement),
    )
    return agreement
