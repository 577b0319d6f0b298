"""A profile's rules in plain words, for the administrator's profile page."""

from caution.policy import vocabulary
from caution.policy.roles import Role
from caution.policy.rules import Actor, Deadline, Profile

Row = tuple[str, list[str]]


def sections(profile: Profile) -> list[tuple[str, list[Row]]]:
    return [
        ("Decision", _decision(profile)),
        ("Posts told of reports", _notices(profile)),
        ("Warning first", _warning(profile)),
        ("Review, duration and deletion", _review(profile)),
        ("Telling the person", _notification(profile)),
        ("Appeal", _appeal(profile)),
        ("Changes after the decision", _changes(profile)),
    ]


def role_names(profile: Profile) -> list[tuple[str, str]]:
    """Each role's product name beside this council's name for it."""
    return [(Role(role).label, name) for role, name in profile.role_names]


def categories(profile: Profile) -> list[tuple[str, str, str, str]]:
    """Each incident category: label, description, suggested level, default expiry."""
    return [
        (
            category.label,
            category.description,
            _level(profile, category.suggested_level),
            _months(category.expiry_months, "No expiry"),
        )
        for category in profile.categories
    ]


def _level(profile: Profile, code: str) -> str:
    level = profile.level(code)
    return code if level is None or level.label == code else f"{code} {level.label}"


def _actor(actor: Actor | None) -> str:
    if actor is None:
        return "Nobody"
    if actor.fallback is None:
        return actor.title
    return f"{actor.title} (otherwise {actor.fallback.title})"


def _due(deadline: Deadline | None, event: str) -> str:
    return "No deadline set" if deadline is None else f"Within {deadline} of {event}"


def _notices(profile: Profile) -> list[Row]:
    """Who is told of which reports, whatever their notification choices."""
    rows: list[Row] = [
        (notice.title, [vocabulary.NOTICE_TRIGGERS[trigger] for trigger in notice.when])
        for notice in profile.notices
    ]
    full = [category.label for category in profile.categories if category.full_report]
    if full:
        rows.append(("Refused on the low-level form", full))
    return rows or [("Told of reports", ["Nobody beyond the assessors"])]


def _interim(profile: Profile) -> list[str]:
    decision = profile.decision
    if not decision.interim_alert:
        return ["Not used"]
    if not decision.interim_categories:
        return ["Allowed"]
    labels = [profile.category(code).label for code in decision.interim_categories]
    return ["Allowed only for:", *labels]


def _decision(profile: Profile) -> list[Row]:
    decision, panel = profile.decision, profile.decision.panel
    rows: list[Row] = [
        ("Decided by", [f"{profile.decision_body}: {vocabulary.DECISION_BODIES[decision.body]}"]),
        ("Decision due", [_due(decision.deadline, "the incident report")]),
    ]
    if panel is not None:
        seats = [f"{seat.title}{' (chair)' if seat.chair else ''}" for seat in panel.seats]
        rows.append(("Quorum", [f"{panel.quorum} members", *seats]))
        rows.append(("Meeting due", [_due(panel.meeting_deadline, "the incident report")]))
    rows.append(("Complex cases approved by", [_actor(decision.approval)]))
    rows.append(("Urgent interim alert", _interim(profile)))
    if decision.line_manager:
        rows.append(
            ("Assessed and decided by", ["The line manager of the officer who reported it"])
        )
    rows.append(("Independence", _independence(profile)))
    return rows


def _independence(profile: Profile) -> list[str]:
    rules = profile.independence
    lines = [
        (rules.exclude_involved, "Nobody involved in the incident assesses or decides it"),
        (rules.exclude_targets, "A target of the behaviour does not decide, approve or appeal"),
        (rules.exclude_deciders_from_appeal, "Whoever decided does not hear the appeal"),
    ]
    return [text for applies, text in lines if applies] or ["No rules"]


def _warning(profile: Profile) -> list[Row]:
    warning = profile.warning
    if not warning.first:
        return [("Warning first", ["No: restrictions may be decided at once"])]
    skipped = [profile.category(code).label for code in warning.skip_categories]
    months = warning.expiry_months
    return [
        ("Warning first", ["Yes, after an informal request" if warning.informal_first else "Yes"]),
        ("Except for", skipped or ["No exceptions"]),
        ("A warning lasts", [f"{months} months" if months else "No expiry"]),
    ]


def _review(profile: Profile) -> list[Row]:
    review, duration, retention = profile.review, profile.duration, profile.retention
    meets = review.meeting_interval_months
    rows: list[Row] = [
        ("Review", [f"Every {review.interval_months} months, by {_actor(review.by)}"]),
        ("Review meeting", [f"Every {meets} months" if meets else "No standing meeting"]),
        ("Nothing new at review", [vocabulary.REVIEW_OUTCOMES[review.default_outcome]]),
        ("Longest entry", [_months(duration.maximum_months, "No maximum")]),
        ("Permanent entries", ["Allowed" if duration.permanent_allowed else "Not allowed"]),
    ]
    if duration.partner_maximum_months:
        exempt = ", ".join(duration.partner_exempt_levels) or "none"
        text = f"At most {duration.partner_maximum_months} months, except levels: {exempt}"
        rows.append(("Entries from a partner", [text]))
    after = [f"History kept {retention.after_removal_months} months, then deleted"]
    if retention.remove_when_tenancy_ends:
        after.append("Removed when the tenancy or licence ends")
    rows.append(("After removal", after))
    return rows


def _months(months: int | None, otherwise: str) -> str:
    return otherwise if months is None else f"{months} months"


def _notification(profile: Profile) -> list[Row]:
    notice = profile.notification
    delivery = vocabulary.DELIVERY_METHODS[notice.delivery]
    if notice.record_delivery_time:
        delivery += "; date and time of delivery recorded"
    exemptions = [vocabulary.NOTIFICATION_EXEMPTIONS[code] for code in notice.exemptions]
    return [
        ("Letter due", [_due(notice.deadline, "the decision")]),
        ("Signed by", [_actor(notice.signatory)]),
        ("Delivery", [delivery]),
        ("Not told when", exemptions or ["Always told"]),
        ("Also told when", [vocabulary.NOTIFIED_EVENTS[code] for code in notice.also_on] or ["-"]),
        ("The letter says", [vocabulary.LETTER_ELEMENTS[code] for code in notice.elements]),
    ]


def _appeal(profile: Profile) -> list[Row]:
    appeal = profile.appeal
    if not appeal.allowed:
        return [("Appeal", [appeal.route]), ("Then", [appeal.external or "-"])]
    handler = _actor(appeal.handler)
    if appeal.more_senior:
        handler += ", more senior than whoever decided"
    window = appeal.window
    return [
        ("How", [appeal.route]),
        ("Window", ["No time limit" if window is None else f"Within {window} of notification"]),
        ("Heard by", [handler]),
        ("Answer due", [_due(appeal.answer_deadline, "receiving the appeal")]),
        ("Meanwhile", ["The entry stays" if appeal.caution_stays else "The entry is suspended"]),
        ("Then", [appeal.external or "-"]),
    ]


def _changes(profile: Profile) -> list[Row]:
    """Who decides each kind of change to a caution after its decision (`[changes]`)."""
    rows: list[Row] = []
    for kind, label in vocabulary.CHANGE_KINDS.items():
        route = profile.changes.route(kind)
        if route.way == "decision":
            words = f"{profile.decision_body}, as the first decision"
        elif route.way == "group":
            words = f"{route.actor.title}, at a meeting of at least {route.quorum}"
        elif route.way == "post":
            words = route.actor.title
        else:
            words = vocabulary.CHANGE_ROUTES[route.way]
        rows.append((label, [words]))
    rows.append(("Typing errors", ["Corrected by the register officer, recorded as corrections"]))
    return rows
