"""The roles of DESIGN.md §5. Named here, in the policy layer, because a policy profile says
which role decides, assesses and signs; what each role may do in the service is granted in
accounts/roles.py."""

import enum


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
    # Files reports and nothing more: no check, no person pages (002 §5 "need to know",
    # 003 §15.6 "restricted"). Last, so the other roles' demo users keep their names.
    REPORT_ONLY = "report_only"

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
    Role.REPORT_ONLY: "Report only",
}
