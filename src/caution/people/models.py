import uuid

from django.conf import settings
from django.db import models

from caution.lib import clock


class IdentifiedBy(models.TextChoices):
    """How staff knew who the person was, asked at a report and at a decision: the wrong
    person put on the register is a case councils lose (issue 16)."""

    KNOWN_TO_STAFF = "known_to_staff", "Named by staff who know them"
    ID_SEEN = "id_seen", "Identity document seen"
    CCTV = "cctv", "CCTV or photograph"
    ACCOUNT = "account", "Account or reference number"
    PARTNER = "partner", "Information from a partner"
    OTHER = "other", "The person said so, or another way"


class IdentityConfidence(models.TextChoices):
    CERTAIN = "certain", "Certain"
    FAIRLY_SURE = "fairly_sure", "Fairly sure"
    NOT_SURE = "not_sure", "Not sure"


class Person(models.Model):
    """Someone whose behaviour towards staff the council records (DESIGN.md §2 "person")."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The identifier the council's old register used, kept from import and shown in checks.
    reference = models.CharField(max_length=64, null=True, blank=True, unique=True)
    date_of_birth = models.DateField(null=True, blank=True)
    no_fixed_address = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Moved on by every correction, so two people correcting at once never overwrite each
    # other (lib/concurrency.py).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "people"
        permissions = [("correct_person", "Can correct a person's details")]

    def __str__(self) -> str:
        return self.reference or str(self.id)

    @property
    def primary_name(self) -> "PersonName | None":
        names = list(self.names.all())
        return next((n for n in names if n.kind == PersonName.Kind.PRIMARY), None) or (
            names[0] if names else None
        )

    @property
    def display_name(self) -> str:
        name = self.primary_name
        return name.full if name else "(name not known)"


class PersonName(models.Model):
    """One name a person uses or has used. The check searches all of them."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", "Name"
        KNOWN_AS = "known_as", "Known as"
        PREVIOUS = "previous", "Previous name"
        ALIAS = "alias", "Alias"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRIMARY)
    given_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["person", "id"]

    def __str__(self) -> str:
        return self.full

    @property
    def full(self) -> str:
        return " ".join(part for part in (self.given_names, self.family_name) if part)


class Address(models.Model):
    """A place. Several people can be linked to one address (household, regular visitors:
    003 §3.2), and a caution can be held on the address itself (003 §15.2)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    line1 = models.CharField("Address line 1", max_length=200)
    line2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    uprn = models.CharField("UPRN", max_length=12, blank=True, db_index=True)
    # Normalised forms the check looks up by index (see people/normalise.py).
    postcode_key = models.CharField(max_length=8, blank=True, db_index=True)
    line_key = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return self.one_line

    @property
    def one_line(self) -> str:
        parts = (self.line1, self.line2, self.town, self.postcode)
        return ", ".join(part for part in parts if part)


class PersonAddress(models.Model):
    class Relation(models.TextChoices):
        RESIDENT = "resident", "Lives here"
        HOUSEHOLD = "household", "Household member"
        VISITOR = "visitor", "Regular visitor"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="address_links")
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="person_links")
    relation = models.CharField(max_length=20, choices=Relation.choices, default=Relation.RESIDENT)
    current = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "address"], name="person_address_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()}: {self.address}"


class ContactPoint(models.Model):
    class Kind(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "E-mail"
        SOCIAL = "social", "Social media"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_points")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=254)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class MatchKey(models.Model):
    """An indexed key the check finds candidates by: name tokens, their sound and letters,
    nickname groups, date of birth, phone, e-mail and social handles (people/matching.py).

    Derived from the person's details by `person_keys_rebuild`, never edited by hand.
    """

    # Keyed by what the check reads, (key, person), with no id: one B-tree fewer to write
    # for each of a person's twenty-odd keys, and on SQLite (a WITHOUT ROWID table, made by
    # people/0004) each key is stored once. The foreign key's index deletes a person's keys.
    pk = models.CompositePrimaryKey("key", "person")
    key = models.CharField(max_length=120)
    # No constraint in the database: keys are written and deleted with their person by the
    # application (the ORM cascades the delete), and checking the constraint for each of a
    # person's twenty-odd keys made a PostgreSQL import several times slower.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="match_keys", db_constraint=False
    )

    def __str__(self) -> str:
        return self.key


class Adjustment(models.Model):
    """A reasonable adjustment agreed with the person (Equality Act 2010 s.20): what staff
    do differently, and the need it meets. The need is special-category data (health,
    disability): shown only to those who may record adjustments; the agreed text is shown
    to everyone who checks, beside the restrictions it qualifies (ADR 0024)."""

    class Kind(models.TextChoices):
        CONTACT_ROUTE = "contact_route", "Contact route"
        LETTERS_FORMAT = "letters_format", "Letters format"
        LARGE_PRINT = "large_print", "Letters in large print"
        MEETINGS = "meetings", "Meetings"
        OTHER = "other", "Other"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    agreed = models.TextField(help_text="What staff do differently")
    need = models.TextField(help_text="The need it meets (special category)")
    agreed_on = models.DateField()
    # Who agreed it with the person (a name or post): not always the one recording it.
    agreed_by = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when it stops applying; an ended adjustment is kept for the record, never shown
    # in the check.
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agreed_on", "id"]
        permissions = [("record_adjustment", "Can record reasonable adjustments")]

    def __str__(self) -> str:
        return self.agreed
