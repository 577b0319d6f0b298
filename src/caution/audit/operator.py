"""Whoever runs `caution` at the server's command line.

Command-line access already means access to the database and its files, so the operator
may do what a register officer may; every action is still audited, naming the operating
system account. `--user NAME` runs a command as a named user instead, with their scope.
"""

import dataclasses
import getpass


@dataclasses.dataclass
class CommandLineOperator:
    username: str = dataclasses.field(default_factory=getpass.getuser)
    is_authenticated: bool = True
    pk: None = None
    organisation_id: None = None
    _caution_roles: tuple = ()

    @property
    def display_name(self) -> str:
        return f"{self.username} (command line)"

    def has_perm(self, permission: str) -> bool:
        return True


@dataclasses.dataclass
class SystemOperator(CommandLineOperator):
    """The service itself, when the daily sweep expires cautions and deletes records: it
    acts on the policy profile's rules, not on anyone's decision, and is audited so."""

    username: str = "daily sweep"

    @property
    def display_name(self) -> str:
        return "The daily sweep"


SYSTEM = SystemOperator()


def recorded_user(by):
    """The User to record as creator: None for the command-line operator or the system."""
    # A saved user has a primary key; the operators and an anonymous user have none.
    return by if getattr(by, "pk", None) is not None else None
