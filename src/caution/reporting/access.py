"""Who may read the committee report: it holds counts only, never a name, so everyone who
manages, decides, keeps the register, sits on a panel or committee, protects data or runs
the service; not reporters, partners' staff or report-only users, whose work it is not."""

from django.core.exceptions import PermissionDenied

from caution.accounts import roles
from caution.audit.operator import CommandLineOperator
from caution.policy.roles import Role

READERS = (
    Role.MANAGER,
    Role.REGISTER_OFFICER,
    Role.PANEL_MEMBER,
    Role.DECISION_MAKER,
    Role.DATA_PROTECTION_OFFICER,
    Role.COUNCILLOR,
    Role.ADMINISTRATOR,
)


def may_see_committee_report(user) -> bool:
    """Readers by role; and the command line, which already holds the whole database."""
    if isinstance(user, CommandLineOperator):
        return True
    return user is not None and user.is_authenticated and roles.holds(user, *READERS)


def require_committee_report_reader(user) -> None:
    if not may_see_committee_report(user):
        raise PermissionDenied("Your role does not include the committee report.")
