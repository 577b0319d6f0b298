"""Roles (DESIGN.md §5) as Django groups, each with the permissions its work needs.

The groups are kept in step with this table after every `migrate`; a role's permissions
are changed here, never by hand.
"""

import enum

from django.apps import apps
from django.contrib.auth.models import Group, Permission


class Role(enum.StrEnum):
    REPORTER = "reporter"
    MANAGER = "manager"
    REGISTER_OFFICER = "register_officer"
    PANEL_MEMBER = "panel_member"
    DECISION_MAKER = "decision_maker"
    DATA_PROTECTION_OFFICER = "data_protection_officer"
    COUNCILLOR = "councillor"
    PARTNER = "partner"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.REPORTER: "Reporter",
    Role.MANAGER: "Manager",
    Role.REGISTER_OFFICER: "Register officer",
    Role.PANEL_MEMBER: "Panel member",
    Role.DECISION_MAKER: "Decision maker",
    Role.DATA_PROTECTION_OFFICER: "Data protection officer",
    Role.COUNCILLOR: "Councillor",
    Role.PARTNER: "Partner",
    Role.ADMINISTRATOR: "Administrator",
}

CHECK = "register.run_check"
VIEW_RESTRICTED = "register.view_restricted_caution"
IMPORT = "register.import_register"
VIEW_AUDIT = "privacy.view_auditevent"
PROTECT_DATA = "privacy.protect_data"
VIEW_PROFILE = "accounts.view_policy_profile"
REPORT = "incidents.add_incident"
VIEW_INCIDENTS = "incidents.view_incident"
ASSESS = "incidents.assess_incident"
DECIDE = "register.decide_caution"
MANAGE_USERS = "accounts.change_user"
# Merging two records of the same person (a duplicate created from a report).
MERGE_PEOPLE = "people.change_person"
ADD_USER = "accounts.add_user"
# Webhook subscribers and the outbox's delivery log (caution.outbox).
MANAGE_WEBHOOKS = "outbox.change_webhooksubscription"
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
    ),
    Role.PANEL_MEMBER: (CHECK, REPORT, VIEW_RESTRICTED, VIEW_INCIDENTS),
    Role.DECISION_MAKER: (CHECK, REPORT, VIEW_RESTRICTED, VIEW_INCIDENTS, ASSESS, DECIDE),
    Role.DATA_PROTECTION_OFFICER: (
        CHECK,
        REPORT,
        VIEW_RESTRICTED,
        VIEW_AUDIT,
        VIEW_INCIDENTS,
        PROTECT_DATA,
    ),
    # Whether a councillor's check is answered depends on the policy profile as well.
    Role.COUNCILLOR: (CHECK, REPORT),
    # A partner's check shows only cautions shared with their organisation.
    Role.PARTNER: (CHECK, REPORT),
    Role.ADMINISTRATOR: (
        CHECK,
        REPORT,
        VIEW_PROFILE,
        MANAGE_USERS,
        ADD_USER,
        MANAGE_WEBHOOKS,
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


def roles_of(user) -> list[Role]:
    """The user's roles, read once per user object (so once per request)."""
    if not hasattr(user, "_caution_roles"):
        labels = {group.name for group in user.groups.all()}
        user._caution_roles = [role for role in Role if role.label in labels]
    return user._caution_roles


def has_role(user, role: Role) -> bool:
    return user.groups.filter(name=role.label).exists()


def role_group(role: Role) -> Group:
    return Group.objects.get(name=role.label)
