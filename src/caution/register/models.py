import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from caution.accounts.models import SharingAgreement
from caution.lib import clock
from caution.people.models import IdentifiedBy, IdentityConfidence
from caution.policy.profiles import current
from caution.register.restrictions import restrictions_words


class CautionQuerySet(models.QuerySet):
    def active(self) -> "CautionQuerySet":
        return self.filter(status=Caution.Status.ACTIVE)

    def visible_to(self, user) -> "CautionQuerySet":
        """The cautions this user may see: a partner's users see only cautions shared with
        their organisation; council staff see all (000 §8.1 "accessible to all employees");
        a councillor sees them only where the policy profile allows."""
        from caution.register.access import caution_scope_for

        return caution_scope_for(user, self)

    def shared_under_agreement(self, organisation_id, *, on) -> "CautionQuerySet":
        """The cautions a decision shared with this partner whose category a sharing
        agreement live on `on` covers (ADR 0017): what the partner is told of that day."""
        covered: set[str] = set()
        agreements = SharingAgreement.objects.filter(organisation_id=organisation_id)
        for categories in agreements.live_on(on).values_list("categories", flat=True):
            covered.update(categories)
        return self.filter(shared_with=organisation_id, category__in=covered)


class Caution(models.Model):
    """An entry on the register: what `000 §8.5` lists, on a person or an address."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REMOVED = "removed", "Removed"

    class Notified(models.TextChoices):
        YES = "yes", "Notified"
        NO = "no", "Not notified"
        PENDING = "pending", "Not yet notified"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="cautions"
    )
    address = models.ForeignKey(
        "people.Address", null=True, blank=True, on_delete=models.CASCADE, related_name="cautions"
    )
    # A level code of the policy profile (policy/profiles/*.toml).
    level = models.CharField(max_length=20)
    precautions = models.TextField("Recommended precautions", blank=True)
    # Its restrictions are its `restriction_set` rows; `restrictions` gives them in words.
    key_contact = models.CharField(max_length=200, blank=True)
    reporting_service = models.CharField(max_length=200, blank=True)
    notified = models.CharField(max_length=10, choices=Notified.choices, default=Notified.PENDING)
    # When the person was told (the letter delivered): the appeal window runs from it.
    notified_on = models.DateField(null=True, blank=True)
    date_added = models.DateField(default=clock.today)
    last_reviewed = models.DateField(null=True, blank=True)
    next_review = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    appeal_in_progress = models.BooleanField(default=False)
    # What happened, in the reporter's and investigator's words. Restricted: never shown by
    # the check (001 §13.3 "details of the investigation are kept in a restricted area").
    incident_summary = models.TextField(blank=True)
    shared_with = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="shared_cautions"
    )
    # Why the decision shared it with those partners (000 §8.2 step 6: "the justification
    # for doing so must be documented"); required whenever it is shared.
    sharing_justification = models.TextField(blank=True)
    # A profile category code; blank for entries imported from an old register.
    category = models.CharField(max_length=40, blank=True)
    # None: no expiry (only where the profile allows permanent entries, 004 §5).
    expires_on = models.DateField(null=True, blank=True)
    # An urgent alert added pending a full assessment (003 §8.7); flagged until decided.
    interim = models.BooleanField(default=False)
    # Taken from a partner's own register (000 §8.6: at most a year unless level 1).
    partner_sourced = models.BooleanField(default=False)
    # For a partner-sourced entry: the day the partner says it told the person (000 §8.6).
    partner_told_person_on = models.DateField(null=True, blank=True)
    # The agreement under which the partner gave it (a report sent with its token).
    source_agreement = models.ForeignKey(
        "accounts.SharingAgreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sourced_cautions",
    )
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.TextField(blank=True)
    # Incremented by every change: a form carries the version it was opened at.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CautionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, address__isnull=True)
                | Q(person__isnull=True, address__isnull=False),
                name="caution_on_person_or_address",
            )
        ]
        indexes = [
            models.Index(fields=["person", "status"]),
            models.Index(fields=["address", "status"]),
        ]
        permissions = [
            ("decide_caution", "Can decide, change and end cautions"),
            ("run_check", "Can check a person or address before contact"),
            ("view_restricted_caution", "Can see the incident details behind a caution"),
            ("import_register", "Can import a register spreadsheet"),
        ]

    def __str__(self) -> str:
        return f"Caution {self.id}"

    @property
    def restriction_words(self) -> list[str]:
        """Its restrictions in force today, in words, one a line (register/restrictions.py).
        Prefetch `restriction_set` to read them for many cautions in one query."""
        return restrictions_words(self.restriction_set.all(), on=clock.today())

    @property
    def restrictions(self) -> str:
        """The same words as one text, a restriction a line: what the check shows."""
        return "\n".join(self.restriction_words)

    @property
    def case_by_case(self) -> bool:
        """A partner's entry at a level the partner maximum does not cap (Harborough's
        marker 1): kept under review case by case (000 §8.6)."""
        return current().duration.case_by_case(self.level, partner=self.partner_sourced)


class Restriction(models.Model):
    """What the person may do, structured so it can be shown, checked and breached:
    writing only, one named contact, set days and times, an office ban... (001 §10,
    002 §4.5.2, 003 §7.1, 004 §5). The types a council offers are in its profile; a
    restriction written as free text (an imported register's column, or text given to
    `caution_add`) is of type FREE_TEXT, its text the label. The rows are the only record
    of a caution's restrictions: register/restrictions.py puts them into words."""

    FREE_TEXT = "free_text"

    # The public identifier (the API, the breach form); the integer key keeps the order
    # the rows were added in, and never leaves the server.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    caution = models.ForeignKey(Caution, on_delete=models.CASCADE, related_name="restriction_set")
    type = models.CharField(max_length=40)
    # The profile's name for the type; for free text, the text itself, however long.
    label = models.TextField()
    details = models.CharField(
        max_length=500, blank=True, help_text="Days and times, addresses, topics: the particulars"
    )
    named_contact = models.CharField(max_length=200, blank=True)
    channels = models.JSONField(default=list, blank=True)  # contact channels still allowed
    service_area = models.CharField(
        max_length=120, blank=True, help_text="Applies only to this service (002 §4.5)"
    )
    starts_on = models.DateField()
    # None with permanent: no end (004 §5); None without: as long as the caution lasts.
    ends_on = models.DateField(null=True, blank=True)
    permanent = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label


class Assessment(models.Model):
    """The risk assessment of a submitted report: severity of the incident and future risk
    (003 §8.1), in context (003 §8.3), with reasons (003 §8.4)."""

    class Rating(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.OneToOneField(
        "incidents.Incident", on_delete=models.CASCADE, related_name="assessment"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    severity = models.CharField(max_length=10, choices=Rating.choices)
    future_risk = models.CharField(max_length=10, choices=Rating.choices)
    suggested_level = models.CharField(max_length=20, blank=True)
    recommended_level = models.CharField(max_length=20, blank=True)
    reasons = models.TextField()
    context = models.TextField(
        blank=True, help_text="Circumstances unlikely to be repeated lower the level (003 §8.3)"
    )
    staff_support = models.TextField(blank=True)
    police_referral = models.BooleanField(default=False)
    assessed_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"Assessment {self.id}"


class Meeting(models.Model):
    """A meeting of the decision panel (000 §8.2-8.4): scheduled within the profile's
    deadline, members invited, attendance taken, each case minuted with its reasons."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cases = models.ManyToManyField("incidents.Incident", related_name="meetings")
    invited = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="meetings_invited")
    attended = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="meetings_attended", blank=True
    )
    # Invited to inform the panel but not to decide: the manager of the department involved
    # (000 §8.2 step 4). Never counted towards the quorum.
    non_voting = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="meetings_attended_non_voting", blank=True
    )
    minutes = models.TextField(blank=True)
    # Changes to cautions proposed after their decision, for the body that decides them
    # (register/changing.py).
    changes = models.ManyToManyField("CautionChange", blank=True, related_name="meetings")
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"Meeting {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    def members_present(self) -> models.QuerySet:
        """Those present who sit on the body: the attendees who do not vote left out."""
        return self.attended.exclude(id__in=self.non_voting.values("id"))


class Decision(models.Model):
    """What the decision body decided about a report, with its minuted reasons."""

    class Outcome(models.TextChoices):
        NO_ACTION = "no_action", "No further action"
        INFORMAL_WORD = "informal_word", "Informal word (noted on the person)"
        WARNING = "warning", "Warning"
        CAUTION = "caution", "Caution"

    class Status(models.TextChoices):
        FINAL = "final", "Decided"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, related_name="decisions"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.FINAL)
    reasons = models.TextField()
    category = models.CharField(max_length=40, blank=True)
    level = models.CharField(max_length=20, blank=True)
    warning_expires_on = models.DateField(null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=clock.now)
    # A complex or sensitive case waits for the profile's approver (002 §3.4).
    complex_case = models.BooleanField(default=False)
    # The profile's questions the decider answered before a caution, as asked then:
    # [{"code", "question", "answer": "yes" | "no", "note"}] (register/deciding.py).
    prompt_answers = models.JSONField(default=list, blank=True)
    # Why a restriction is still proportionate where it works against a reasonable
    # adjustment agreed with the person (register/adjustments.py, ADR 0024).
    adjustment_reason = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    caution = models.OneToOneField(
        Caution, null=True, blank=True, on_delete=models.SET_NULL, related_name="decision"
    )
    # The caution's proposed content while it waits for approval.
    proposal = models.JSONField(default=dict, blank=True)
    # How the decider knows the report is about this person (the report's answer unless
    # changed), and, for a caution on someone with neither a date of birth nor a current
    # address on record, why one identifier is enough (register/identity.py).
    identified_by = models.CharField(max_length=20, choices=IdentifiedBy.choices, blank=True)
    identity_confidence = models.CharField(
        max_length=20, choices=IdentityConfidence.choices, blank=True
    )
    identity_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.id}"


class Breach(models.Model):
    """The person broke a restriction: phoned when only writing is allowed, say."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    caution = models.ForeignKey(Caution, on_delete=models.CASCADE, related_name="breaches")
    restriction = models.ForeignKey(
        Restriction, null=True, blank=True, on_delete=models.SET_NULL, related_name="breaches"
    )
    occurred_at = models.DateTimeField()
    description = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name_plural = "breaches"
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"Breach {self.occurred_at:%d/%m/%Y}"


class LegalAction(models.Model):
    """Legal action considered or taken against the person over a caution: an injunction,
    possession of their home, or other (003 §6.2, §7.1, §8.4; 004 §5). Each row is what
    was so on its date; a later step (sought, then granted) is a new row, so the record
    keeps every step."""

    class Kind(models.TextChoices):
        INJUNCTION = "injunction", "Injunction"
        POSSESSION = "possession", "Possession"
        OTHER = "other", "Other legal action"

    class Status(models.TextChoices):
        CONSIDERED = "considered", "Considered"
        SOUGHT = "sought", "Sought"
        GRANTED = "granted", "Granted"
        REFUSED = "refused", "Refused"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    caution = models.ForeignKey(Caution, on_delete=models.CASCADE, related_name="legal_actions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-on", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_status_display().lower()}"


class Correspondence(models.Model):
    """Correspondence received from the person while a caution restricts their contact:
    reviewed and kept on file, and acknowledged or answered only if it gives significant
    new information (001 §11)."""

    class Channel(models.TextChoices):
        LETTER = "letter", "Letter"
        EMAIL = "email", "E-mail"
        PHONE = "phone", "Phone"
        OTHER = "other", "Other"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    caution = models.ForeignKey(Caution, on_delete=models.CASCADE, related_name="correspondence")
    received_on = models.DateField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    summary = models.TextField()
    significant_new_information = models.BooleanField(default=False)
    acknowledged = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name_plural = "correspondence"
        ordering = ["-received_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} received {self.received_on:%d/%m/%Y}"


class Appeal(models.Model):
    """The person's appeal against a caution (000 §8.8, 002 §4.6, 003 §9, 004 §6): how and
    when it came in, who handles it, and the outcome with its reasons."""

    class Channel(models.TextChoices):
        LETTER = "letter", "Letter"
        EMAIL = "email", "E-mail"
        PHONE = "phone", "Phone"
        COMPLAINT_FORM = "complaint_form", "Complaint form"

    class Status(models.TextChoices):
        OPEN = "open", "In progress"
        DECIDED = "decided", "Decided"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld: the caution is removed"
        PARTLY_UPHELD = "partly_upheld", "Partly upheld: the caution is changed"
        REFUSED = "refused", "Refused: the caution stays as it is"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    caution = models.ForeignKey(Caution, on_delete=models.CASCADE, related_name="appeals")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    received_on = models.DateField()
    grounds = models.TextField()
    # Where the profile's appeal window starts: when the person was told of the caution.
    notified_on = models.DateField()
    window_ends_on = models.DateField(null=True, blank=True)
    late_reason = models.TextField(blank=True)
    # The formal complaint it was logged as, where the profile says so (000 §8.8).
    complaint_reference = models.CharField(max_length=60, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals_handled"
    )
    # The post the handler acts in: the profile's handler, or its fallback (002 §3.4 *).
    handler_title = models.CharField(max_length=200)
    answer_due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    reasons = models.TextField(blank=True)
    # Where the person may go next, as the outcome letter names it (000 §8.8, 002 §4.6).
    external_route = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_on", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["caution"],
                condition=Q(status="open"),
                name="one_open_appeal_per_caution",
            )
        ]

    def __str__(self) -> str:
        return f"Appeal {self.id}"

    @property
    def late(self) -> bool:
        return self.window_ends_on is not None and self.received_on > self.window_ends_on

    @property
    def overdue(self) -> bool:
        return (
            self.status == self.Status.OPEN
            and self.answer_due is not None
            and self.answer_due < clock.today()
        )


class ReviewMeeting(models.Model):
    """A standing review meeting (002 §4.7 quarterly Governance Group, 000 §8.4 six-monthly
    Review Panel): its agenda is every caution whose review falls due by its date. The
    group invited, who was present, and so whether it is quorate to approve each review
    (register/reviews.py `review_quorum_problem`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    held_on = models.DateField()
    place = models.CharField(max_length=200, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="review_meetings_invited", blank=True
    )
    attended = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="review_meetings_attended", blank=True
    )
    # Asked to attend to inform the group, not to approve: a department's manager (000 §2.1
    # "attend any Review Panel, as requested"). Never counted towards the quorum.
    non_voting = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="review_meetings_attended_non_voting", blank=True
    )
    # Set when attendance is first recorded: reviews are approved only after that.
    attendance_recorded = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"Review meeting {self.held_on:%d/%m/%Y}"

    def members_present(self) -> models.QuerySet:
        """Those present who sit on the group: the attendees who do not vote left out."""
        return self.attended.exclude(id__in=self.non_voting.values("id"))


class Review(models.Model):
    """A periodic review of a caution (000 §8.4, 002 §4.7, 003 §10) and its outcome."""

    class Outcome(models.TextChoices):
        KEEP = "keep", "Keep the caution"
        CHANGE = "change", "Change the level, precautions or restrictions"
        REMOVE = "remove", "Remove the caution"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    caution = models.ForeignKey(Caution, on_delete=models.CASCADE, related_name="reviews")
    meeting = models.ForeignKey(
        ReviewMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    due_on = models.DateField(null=True, blank=True)
    reviewed_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reasons = models.TextField()
    # The service's written case for keeping an entry held for circumstances (002 §4.7).
    justification = models.TextField(blank=True)
    # Nothing new (no incident, no breach) since the last review: the profile's default
    # outcome applied (002 §4.2, 003 §10.4).
    nothing_new = models.BooleanField(default=False)
    next_review = models.DateField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-reviewed_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"Review {self.reviewed_on:%d/%m/%Y}"


class DeadlineNotice(models.Model):
    """A reminder or escalation the sweep has sent, so that each goes once."""

    class Kind(models.TextChoices):
        REVIEW_NEAR = "review_near", "Review falling due"
        REVIEW_MISSED = "review_missed", "Review overdue"
        APPEAL_MISSED = "appeal_missed", "Appeal answer overdue"

    caution = models.ForeignKey(Caution, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_on = models.DateField()
    sent_on = models.DateField(default=clock.today)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["caution", "kind", "due_on"], name="one_notice_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%d/%m/%Y}"


class CautionChange(models.Model):
    """A change to a caution after the decision that put it on: its level, terms, period,
    an extension or its removal, proposed with a reason and decided by the route the
    profile names for it (`[changes]`): the body that decided, at a quorate meeting where
    it meets (000 §8.2, 001 §12.1, 004 §5), a named post or group (002 §3, §4.5.1), or
    only at a review or appeal (003 §10.3). `register/changing.py` holds the rules."""

    class Action(models.TextChoices):
        AMEND = "amend", "Change the level, precautions or contact"
        EXTEND = "extend", "Change the expiry"
        END = "end", "Remove from the register"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        MADE = "made", "Made"
        REFUSED = "refused", "Refused"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    caution = models.ForeignKey(Caution, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=Action.choices)
    # The kinds of change it makes (policy vocabulary.CHANGE_KINDS), each with its route.
    kinds = models.JSONField(default=list)
    # What it changes, as the action takes it: level, precautions, key_contact, lift,
    # expires_on (ISO date).
    proposal = models.JSONField(default=dict, blank=True)
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    # The caution's version when proposed: a change decided after the caution moved on is
    # refused, to be proposed again.
    caution_version = models.PositiveIntegerField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=clock.now)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="changes_decided"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"Change {self.id}"


class MarkerState(models.Model):
    """Whether a person's marker in another system should be on, and what that system (a
    webhook subscriber) or team (a member of staff following markers, who switches it by
    hand) last confirmed: the ledger that shows drift (docs/operators/webhooks.md)."""

    subscription = models.ForeignKey(
        "outbox.WebhookSubscription",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="marker_states",
    )
    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="marker_states",
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="marker_states"
    )
    # The marker reference: what the system is told to keep beside its marker, so that it
    # can be told to switch the marker off with nothing else (after sharing has ended).
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    should_be_on = models.BooleanField()
    # When it should last have changed: a confirmation older than this is out of date.
    since = models.DateTimeField(default=clock.now)
    confirmed_on = models.BooleanField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last day the sweep chased it (once a day at most).
    chased_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(subscription__isnull=False, follower__isnull=True)
                | Q(subscription__isnull=True, follower__isnull=False),
                name="marker_state_for_a_system_or_a_follower",
            ),
            models.UniqueConstraint(
                fields=["subscription", "person"],
                condition=Q(subscription__isnull=False),
                name="one_marker_state_per_system",
            ),
            models.UniqueConstraint(
                fields=["follower", "person"],
                condition=Q(follower__isnull=False),
                name="one_marker_state_per_follower",
            ),
        ]

    def __str__(self) -> str:
        return f"Marker {'on' if self.should_be_on else 'off'} for {self.person_id}"

    @property
    def agrees(self) -> bool:
        return (
            self.confirmed_on == self.should_be_on
            and self.confirmed_at is not None
            and self.confirmed_at >= self.since
        )


class IdentityDispute(models.Model):
    """The person, or an officer, says the register has the wrong person, or the wrong
    details for them. While it is open the check says so plainly on the person's card;
    it is resolved by the register officer, a decision maker or the data protection
    officer (register/identity.py)."""

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed: the same person"
        WRONG_PERSON = "wrong_person", "The wrong person: their cautions are ended"
        CORRECTED = "corrected", "The details were wrong and are corrected"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="identity_disputes"
    )
    # What the person or the officer says: why this is not them, or what is wrong.
    account = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(default=clock.now)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_identity_dispute_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Identity dispute {self.id}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
