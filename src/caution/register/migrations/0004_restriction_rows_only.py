"""Restriction rows are the only record of a caution's restrictions: the text a caution
carried (from an imported register, or given when it was added) becomes a free-text
restriction row, and the text column goes. Cautions that had rows kept in that column only
the rows' words, which are now worked out when read (register/restrictions.py).

Reversed: the column comes back, holding the words of the restrictions in force, and the
free-text rows go."""

import datetime as dt

from django.db import migrations, models

FREE_TEXT = "free_text"
BATCH = 1000


def text_to_rows(apps, schema_editor):
    Caution = apps.get_model("register", "Caution")
    Restriction = apps.get_model("register", "Restriction")
    texts = (
        Caution.objects.exclude(restrictions="")
        .filter(restriction_set__isnull=True)
        .values_list("id", "restrictions", "date_added")
        .iterator(chunk_size=BATCH)
    )
    rows = []
    for caution_id, text, added in texts:
        if text.strip():
            rows.append(
                Restriction(caution_id=caution_id, type=FREE_TEXT, label=text, starts_on=added)
            )
        if len(rows) >= BATCH:
            Restriction.objects.bulk_create(rows)
            rows = []
    Restriction.objects.bulk_create(rows)
    _checked_now(schema_editor)


def _checked_now(schema_editor) -> None:
    """PostgreSQL checks foreign keys at commit; a table altered in the same transaction
    as rows were written must not have those checks pending."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _words(row) -> str:
    parts = [row.label + (f": {row.details}" if row.details else "")]
    if row.named_contact:
        parts.append(f"contact {row.named_contact}")
    if row.channels:
        parts.append(f"only by {', '.join(row.channels)}")
    if row.service_area:
        parts.append(f"{row.service_area} only")
    if row.permanent:
        parts.append("permanent")
    elif row.ends_on:
        parts.append(f"until {row.ends_on:%-d %B %Y}")
    return "; ".join(parts)


def rows_to_text(apps, schema_editor):
    Caution = apps.get_model("register", "Caution")
    Restriction = apps.get_model("register", "Restriction")
    today = dt.date.today()
    words: dict = {}
    in_force = Restriction.objects.filter(
        models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today)
    ).order_by("id")
    for row in in_force.iterator(chunk_size=BATCH):
        words.setdefault(row.caution_id, []).append(_words(row))
    for caution_id, lines in words.items():
        Caution.objects.filter(id=caution_id).update(restrictions="\n".join(lines))
    Restriction.objects.filter(type=FREE_TEXT).delete()
    _checked_now(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0003_appeals_reviews"),
    ]

    operations = [
        migrations.AlterField(
            model_name="restriction",
            name="label",
            field=models.TextField(),
        ),
        migrations.RunPython(text_to_rows, rows_to_text),
        migrations.RemoveField(
            model_name="caution",
            name="restrictions",
        ),
    ]
