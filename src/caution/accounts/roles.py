"""Roles (DESIGN.md §5) as Django groups, each with the permissions its work needs.

The groups are kept in step with this table after every `migrate`; a role's permissions
are changed here, never by hand.

A user's roles and permissions are read in one query, once per user object (so once per
request), and every question about them is answered from that: `roles_of` and
`RoleBackend` (Django's `has_perm`, `{% if perms.… %}`), where Django would make two
permission queries and the roles a third.
"""

import dataclasses

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value
from django.db.models.signals import m2m_changed

from caution.policy.roles import Role

CHECK = "register.run_check"
VIEW_RESTRICTED = "register.view_restricted_caution"
IMPORT = "register.import_register"
VIEW_AUDIT = "audit.view_auditevent"
PROTECT_DATA = "privacy.protect_data"
VIEW_PROFILE = "accounts.view_policy_profile"
REPORT = "incidents.add_incident"
VIEW_INCIDENTS = "incidents.view_incident"
ASSESS = "incidents.assess_incident"
DECIDE = "register.decide_caution"
MANAGE_USERS = "accounts.change_user"
# Merging two records of the same person (a duplicate created from a report).
MERGE_PEOPLE = "people.change_person"
# Correcting a person's names, date of birth, addresses and contacts (people/correcting.py).
CORRECT_PEOPLE = "people.correct_person"
ADD_USER = "accounts.add_user"
# Recording and ending a person's reasonable adjustments, and reading the need each meets
# (special-category data): those who decide, and the data protection officer (ADR 0024).
RECORD_ADJUSTMENTS = "people.record_adjustment"
# Client systems that call the API with tokens (caution.accounts.clients).
MANAGE_CLIENTS = "accounts.change_client"
# Webhook subscribers and the outbox's delivery log (caution.outbox).
MANAGE_WEBHOOKS = "outbox.change_webhooksubscription"
# Information-sharing agreements with partners (caution.accounts.agreements).
MANAGE_AGREEMENTS = "accounts.change_sharingagreement"
# Letter templates of the policy profile (caution.letters).
EDIT_LETTER_TEMPLATES = "letters.change_lettertemplate"

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.REPORTER: (CHECK, REPORT),
    Role.MANAGER: (CHECK, REPORT, VIEW_INCIDENTS, ASSESS),
    Role.REGISTER_OFFICER: (
        CHECK,
        REPORT,
        VIEW_RESTRICTED,
        IMPORT,
        VIEW_INCIDENTS,
        ASSESS,
        DECIDE,
        MERGE_PEOPLE,
        CORRECT_PEOPLE,
        RECORD_ADJUSTMENTS,
    ),
    Role.PANEL_MEMBER: (CHECK, REPORT, VIEW_RESTRICTED, VIEW_INCIDENTS),
    Role.DECISION_MAKER: (
        CHECK,
        REPORT,
        VIEW_RESTRICTED,
        VIEW_INCIDENTS,
        ASSESS,
        DECIDE,
        RECORD_ADJUSTMENTS,
    ),
    Role.DATA_PROTECTION_OFFICER: (
        CHECK,
        REPORT,
        VIEW_RESTRICTED,
        VIEW_AUDIT,
        VIEW_INCIDENTS,
        PROTECT_DATA,
        # Rectification (UK GDPR Art. 16) is theirs to see through.
        CORRECT_PEOPLE,
        MANAGE_AGREEMENTS,
        RECORD_ADJUSTMENTS,
    ),
    # Whether a councillor's check is answered depends on the policy profile as well.
    Role.COUNCILLOR: (CHECK, REPORT),
    # A partner's check shows only cautions shared with their organisation.
    Role.PARTNER: (CHECK, REPORT),
    # Reports incidents but may not search the register (002 §5, 003 §15.6): names the
    # person a report is about without being shown who is on it (register/reporting.py).
    Role.REPORT_ONLY: (REPORT,),
    Role.ADMINISTRATOR: (
        CHECK,
        REPORT,
        VIEW_PROFILE,
        MANAGE_USERS,
        ADD_USER,
        MANAGE_WEBHOOKS,
        MANAGE_CLIENTS,
        MANAGE_AGREEMENTS,
        EDIT_LETTER_TEMPLATES,
    ),
}


def roles_sync() -> None:
    """Create each role's group and give it exactly the permissions in ROLE_PERMISSIONS."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.label)
        group.permissions.set([_permission(name) for name in names])


def roles_sync_after_migrate(sender, **kwargs: object) -> None:
    # Django creates each app's permissions on that app's post_migrate signal, so the
    # groups are synced on the last app's, when every permission exists. Django sends the
    # signal only for apps that have a models module.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        roles_sync()


def _permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@dataclasses.dataclass(frozen=True)
class Grants:
    """A user's roles, the permissions they give, and any given to the user directly."""

    roles: frozenset[Role]
    by_roles: frozenset[str]
    own: frozenset[str]

    @property
    def permissions(self) -> frozenset[str]:
        return self.by_roles | self.own


# Where a user object keeps its Grants once read.
_GRANTS = "_caution_grants"


def grants_of(user) -> Grants:
    """The user's roles and permissions, read in one query once per user object, and read
    again after the user's roles or own permissions change (`_grants_forget`)."""
    # getattr, not vars(): request.user is a lazy object that passes attributes on.
    grants = getattr(user, _GRANTS, None)
    if grants is None:
        grants = _grants_read(user)
        setattr(user, _GRANTS, grants)
    return grants


def _grants_read(user) -> Grants:
    no_role = Value("", output_field=CharField())
    by_roles = Group.objects.filter(user=user).values_list(
        "name", "permissions__content_type__app_label", "permissions__codename"
    )
    own = Permission.objects.filter(user=user).values_list(
        no_role, "content_type__app_label", "codename"
    )
    names, given, own_permissions = set(), set(), set()
    for name, app_label, codename in by_roles.order_by().union(own.order_by(), all=True):
        names.add(name)
        if codename:
            (given if name else own_permissions).add(f"{app_label}.{codename}")
    return Grants(
        frozenset(role for role in Role if role.label in names),
        frozenset(given),
        frozenset(own_permissions),
    )


def _grants_forget(sender, instance, action: str, **kwargs: object) -> None:
    """A user whose roles or own permissions were just changed reads them again."""
    if action.startswith("post_") and isinstance(instance, get_user_model()):
        vars(instance).pop(_GRANTS, None)


m2m_changed.connect(_grants_forget, dispatch_uid="caution.accounts.roles.grants_forget")


def roles_of(user) -> list[Role]:
    """The user's roles (none for anyone signed out; the command-line operator's own)."""
    if isinstance(user, get_user_model()):
        return [role for role in Role if role in grants_of(user).roles]
    return list(getattr(user, "_caution_roles", ()))


def holds(user, *wanted: Role | str) -> bool:
    """Whether the user holds any of these roles: the one question every rule asks about
    roles, answered from the one cache (`grants_of`). A profile names a role by its value
    ("register_officer")."""
    held = roles_of(user)
    return any(Role(role) in held for role in wanted)


class RoleBackend(ModelBackend):
    """Django's ModelBackend (sign-in by password, inactive users refused, superusers hold
    every permission), with an active user's permissions answered from `grants_of`.

    It replaces ModelBackend in AUTHENTICATION_BACKENDS: Django asks every backend about a
    permission the user lacks, so ModelBackend left beside it would still query."""

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        if _from_roles(user_obj, obj):
            return set(grants_of(user_obj).own)
        return super().get_user_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        if _from_roles(user_obj, obj):
            return set(grants_of(user_obj).by_roles)
        return super().get_group_permissions(user_obj, obj)

    def get_all_permissions(self, user_obj, obj=None) -> frozenset[str] | set[str]:
        if _from_roles(user_obj, obj):
            return grants_of(user_obj).permissions
        return super().get_all_permissions(user_obj, obj)


def _from_roles(user, obj) -> bool:
    """Whether `grants_of` answers: an active user who is not a superuser, about no object
    in particular. ModelBackend answers the rest as before (mostly with nothing)."""
    return obj is None and user.is_active and not user.is_anonymous and not user.is_superuser


def role_group(role: Role) -> Group:
    return Group.objects.get(name=role.label)
