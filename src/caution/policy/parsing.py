"""Reading a profile file into rules.Profile, one function per TOML table.

Each function reads every key of its table, then `Table.done` refuses any key left over.
"""

import dataclasses
import functools
from typing import Any

from caution.policy import vocabulary
from caution.policy.reading import Table
from caution.policy.roles import Role
from caution.policy.rules import (
    Actor,
    Appeal,
    Category,
    ChangeRoute,
    Changes,
    Deadline,
    Decision,
    Duration,
    Independence,
    Level,
    Notice,
    Notification,
    Panel,
    Precaution,
    Profile,
    Prompt,
    Reporting,
    RestrictionOption,
    Retention,
    Review,
    Seat,
    WarningRule,
)

COUNCILLOR_ACCESS = ("check", "none")


def parse(root: Table) -> Profile:
    levels = _levels(root)
    codes = [level.code for level in levels]
    categories = _categories(root, codes)
    duration = _duration(root.table("duration"), codes)
    review = _review(root.table("review"))
    profile = Profile(
        **_meta(root.table("profile")),
        **_names(root.table("names")),
        levels=levels,
        categories=categories,
        **_access(root.table("access")),
        decision=_decision(root.table("decision"), [category.code for category in categories]),
        independence=_independence(root.table("independence")),
        warning=_warning(root.table("warning"), [category.code for category in categories]),
        precautions=_precautions(root),
        restrictions=_restrictions(root),
        review=review,
        duration=duration,
        retention=_retention(root.table("retention")),
        notification=_notification(root.table("notification")),
        appeal=_appeal(root.table("appeal")),
        changes=_changes(root.table("changes")),
        reporting=_reporting(root.table("reporting")),
        notices=_notices(root),
    )
    _check_durations(root, profile)
    return root.done(profile)


@functools.cache
def _roles() -> dict[str, str]:
    return {role.value: role.label for role in Role}


def _meta(table: Table) -> dict[str, str]:
    keys = ("key", "seed", "council", "register_name")
    meta = {key: table.value(key, str) for key in keys}
    meta["document"] = table.value("document", str, f"{meta['register_name']} policy")
    return table.done(meta)


def _access(table: Table) -> dict[str, str]:
    return table.done(
        {
            "councillor_access": table.choice("councillors", COUNCILLOR_ACCESS),
            "councillor_note": table.value("councillor_note", str, ""),
        }
    )


def _actor(table: Table) -> Actor:
    fallback = table.table("fallback", required=False)
    return table.done(
        Actor(
            title=table.value("title", str),
            role=table.choice("role", _roles()),
            fallback=None if fallback is None else _actor(fallback),
        )
    )


def _deadline(table: Table, key: str) -> Deadline | None:
    found = table.table(key, required=False)
    if found is None:
        return None
    return found.done(Deadline(days=found.count("days", 1), working=found.value("working", bool)))


def _names(table: Table) -> dict[str, Any]:
    roles = _roles()
    given = table.table("roles", required=False) or Table(table.path, {}, table.key("roles"))
    names = {role: given.value(role, str, label) for role, label in roles.items()}
    given.done(None)
    return table.done(
        {"decision_body": table.value("decision_body", str), "role_names": tuple(names.items())}
    )


def _levels(root: Table) -> tuple[Level, ...]:
    levels = tuple(
        item.done(
            Level(
                code=item.value("code", str),
                label=item.value("label", str),
                severity=item.value("severity", int),
                description=item.value("description", str),
                examples=item.strings("examples"),
            )
        )
        for item in root.tables("levels")
    )
    codes = [level.code for level in levels]
    if len(set(codes)) != len(codes):
        raise root.error("levels", "level codes must be unique")
    if len({level.severity for level in levels}) != len(levels):
        raise root.error("levels", "each level needs its own severity")
    return levels


def _categories(root: Table, levels: list[str]) -> tuple[Category, ...]:
    categories = tuple(
        item.done(
            Category(
                code=item.value("code", str),
                label=item.value("label", str),
                description=item.value("description", str, ""),
                suggested_level=item.choice("suggested_level", levels),
                expiry_months=item.count("expiry_months", 1, None),
                justify_at_review=item.value("justify_at_review", bool, False),
                staff_affected_required=item.value("staff_affected_required", bool, False),
                full_report=item.value("full_report", bool, False),
                serious=item.value("serious", bool, False),
            )
        )
        for item in root.tables("categories")
    )
    codes = [category.code for category in categories]
    if len(set(codes)) != len(codes):
        raise root.error("categories", "category codes must be unique")
    return categories


def _decision(table: Table, categories: list[str]) -> Decision:
    body = table.choice("body", vocabulary.DECISION_BODIES)
    panel = table.table("panel", required=False)
    if (body == "panel") != (panel is not None):
        raise table.error("panel", 'needed when, and only when, body = "panel"')
    approval = table.table("approval", required=False)
    interim_alert = table.value("interim_alert", bool)
    interim_categories = table.strings("interim_categories", categories)
    if interim_categories and not interim_alert:
        raise table.error("interim_categories", "only means something when interim_alert = true")
    return table.done(
        Decision(
            body=body,
            decider_role=table.choice("decider_role", _roles()),
            deadline=_deadline(table, "deadline"),
            panel=None if panel is None else _panel(panel),
            approval=None if approval is None else _actor(approval),
            approver_may_change_expiry=table.value("approver_may_change_expiry", bool, False),
            interim_alert=interim_alert,
            line_manager=table.value("line_manager", bool, False),
            interim_categories=interim_categories,
            prompts=_prompts(table),
        )
    )


def _prompts(table: Table) -> tuple[Prompt, ...]:
    prompts = tuple(
        item.done(
            Prompt(
                code=item.value("code", str),
                question=item.value("question", str),
                hint=item.value("hint", str, ""),
            )
        )
        for item in table.tables("prompts", required=False)
    )
    codes = [prompt.code for prompt in prompts]
    if len(set(codes)) != len(codes):
        raise table.error("prompts", "each prompt needs its own code")
    return prompts


def _panel(table: Table) -> Panel:
    seats = tuple(
        item.done(
            Seat(
                title=item.value("title", str),
                role=item.choice("role", _roles()),
                chair=item.value("chair", bool, False),
            )
        )
        for item in table.tables("seats", required=False)
    )
    if sum(seat.chair for seat in seats) > 1:
        raise table.error("seats", "only one seat can be the chair")
    return table.done(
        Panel(
            quorum=table.count("quorum", 1),
            seats=seats,
            meeting_deadline=_deadline(table, "meeting_deadline"),
        )
    )


def _independence(table: Table) -> Independence:
    return table.done(
        Independence(
            exclude_involved=table.value("exclude_involved", bool),
            exclude_targets=table.value("exclude_targets", bool),
            exclude_deciders_from_appeal=table.value("exclude_deciders_from_appeal", bool),
        )
    )


def _warning(table: Table, categories: list[str]) -> WarningRule:
    rule = WarningRule(
        first=table.value("first", bool),
        informal_first=table.value("informal_first", bool),
        skip_categories=table.strings("skip_categories", categories),
        expiry_months=table.count("expiry_months", 1, None),
    )
    if rule.skip_categories and not rule.first:
        raise table.error("skip_categories", "only means something when first = true")
    return table.done(rule)


def _precautions(root: Table) -> tuple[Precaution, ...]:
    precautions = tuple(
        item.done(Precaution(code=item.value("code", str), label=item.value("label", str)))
        for item in root.tables("precautions")
    )
    if len({precaution.code for precaution in precautions}) != len(precautions):
        raise root.error("precautions", "precaution codes must be unique")
    return precautions


def _restrictions(root: Table) -> tuple[RestrictionOption, ...]:
    options = tuple(
        item.done(
            RestrictionOption(
                type=item.choice("type", vocabulary.RESTRICTION_TYPES),
                label=item.value("label", str),
            )
        )
        for item in root.tables("restrictions")
    )
    if len({option.type for option in options}) != len(options):
        raise root.error("restrictions", "each restriction type may be offered once")
    return options


def _review(table: Table) -> Review:
    return table.done(
        Review(
            interval_months=table.count("interval_months", 1),
            by=_actor(table.table("by")),
            meeting_interval_months=table.count("meeting_interval_months", 1, None),
            default_outcome=table.choice("default_outcome", vocabulary.REVIEW_OUTCOMES),
            quorum=table.count("quorum", 1, None),
        )
    )


def _duration(table: Table, levels: list[str]) -> Duration:
    return table.done(
        Duration(
            maximum_months=table.count("maximum_months", 1, None),
            permanent_allowed=table.value("permanent_allowed", bool),
            partner_maximum_months=table.count("partner_maximum_months", 1, None),
            partner_exempt_levels=table.strings("partner_exempt_levels", levels),
            partner_must_tell_person=table.value("partner_must_tell_person", bool, False),
        )
    )


def _retention(table: Table) -> Retention:
    return table.done(
        Retention(
            after_removal_months=table.count("after_removal_months", 0),
            remove_when_tenancy_ends=table.value("remove_when_tenancy_ends", bool),
        )
    )


def _reporting(table: Table) -> Reporting:
    reporting = Reporting(
        committee=table.value("committee", str).strip(),
        prepared_by=table.value("prepared_by", str).strip(),
    )
    for key, given in dataclasses.asdict(reporting).items():
        if not given:
            raise table.error(key, "must name a body or post, not be blank")
    return table.done(reporting)


def _notification(table: Table) -> Notification:
    return table.done(
        Notification(
            deadline=_deadline(table, "deadline"),
            signatory=_actor(table.table("signatory")),
            signatory_attended=table.value("signatory_attended", bool, False),
            delivery=table.choice("delivery", vocabulary.DELIVERY_METHODS),
            record_delivery_time=table.value("record_delivery_time", bool),
            exemptions=table.strings("exemptions", vocabulary.NOTIFICATION_EXEMPTIONS),
            also_on=table.strings("also_on", vocabulary.NOTIFIED_EVENTS),
            elements=_elements(table),
        )
    )


def _elements(table: Table) -> tuple[str, ...]:
    elements = table.strings("elements", vocabulary.LETTER_ELEMENTS)
    if not elements:
        raise table.error("elements", "a letter must say something: list its elements")
    return elements


def _appeal(table: Table) -> Appeal:
    handler = table.table("handler", required=False)
    appeal = Appeal(
        allowed=table.value("allowed", bool),
        route=table.value("route", str),
        window=_deadline(table, "window"),
        handler=None if handler is None else _actor(handler),
        more_senior=table.value("more_senior", bool, False),
        answer_deadline=_deadline(table, "answer_deadline"),
        caution_stays=table.value("caution_stays", bool),
        external=table.value("external", str, ""),
        channels=table.strings("channels", vocabulary.APPEAL_CHANNELS)
        or tuple(vocabulary.APPEAL_CHANNELS),
        complaint_reference=table.value("complaint_reference", bool, False),
    )
    if appeal.allowed and appeal.handler is None:
        raise table.error("handler", "missing: needed when appeals are allowed")
    return table.done(appeal)


def _notices(root: Table) -> tuple[Notice, ...]:
    """The senior posts told of reports of a kind (000 §2.2, §5, §7; 001 §13.1)."""
    recipients = [*_roles(), vocabulary.LINE_MANAGER]
    notices = []
    for item in root.tables("notices", required=False):
        when = item.strings("when", vocabulary.NOTICE_TRIGGERS)
        if not when:
            raise item.error("when", "a notice needs at least one trigger")
        notices.append(
            item.done(
                Notice(when=when, title=item.value("title", str), to=item.choice("to", recipients))
            )
        )
    return tuple(notices)


def _changes(table: Table) -> Changes:
    """Each kind of change after the decision: a route word, or a post or group table."""
    return table.done(Changes(**{kind: _route(table, kind) for kind in vocabulary.CHANGE_KINDS}))


def _route(table: Table, kind: str) -> ChangeRoute:
    given = table.value(kind, object)
    if isinstance(given, str):
        return ChangeRoute(way=table.choice(kind, vocabulary.CHANGE_ROUTES))
    if not isinstance(given, dict):
        raise table.error(kind, f"must be a route word or a table, not {given!r}")
    post = table.table(kind)
    quorum = post.count("quorum", 2, None)
    actor = Actor(title=post.value("title", str), role=post.choice("role", _roles()))
    return post.done(
        ChangeRoute(way="post" if quorum is None else "group", actor=actor, quorum=quorum)
    )


def _check_durations(root: Table, profile: Profile) -> None:
    """Durations that contradict each other, named by the key that breaks the rule."""
    duration = profile.duration
    # The longest any entry may last, as every action measures it (rules.expiry_limit).
    maximum = duration.longest_months()
    if maximum is not None and maximum < profile.review.interval_months:
        raise root.error("duration.maximum_months", "must be no less than review.interval_months")
    if maximum is not None and duration.permanent_allowed:
        raise root.error("duration.permanent_allowed", "cannot be true with a maximum_months")
    for index, category in enumerate(profile.categories):
        key = f"categories[{index}].expiry_months"
        if category.expiry_months is None and not duration.permanent_allowed:
            raise root.error(key, "missing: needed unless duration.permanent_allowed = true")
        if maximum is not None and (category.expiry_months or 0) > maximum:
            raise root.error(key, f"longer than duration.maximum_months ({maximum})")
    if maximum is not None and (profile.warning.expiry_months or 0) > maximum:
        raise root.error(
            "warning.expiry_months", f"longer than duration.maximum_months ({maximum})"
        )
