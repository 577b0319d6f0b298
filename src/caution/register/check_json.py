"""The check result as plain JSON, shared by the API and `caution check --json`.

A plain module, not part of the API module, so that the command line does not import
django-ninja and pydantic (half a second of a check's start-up)."""


def check_result_json(result) -> dict:
    """The result of a check, as the API and `caution check --json` answer it."""
    return {
        "found": result.found,
        "searched": result.query.as_audit(),
        "people": [
            {
                "person": str(m.person.id),
                "reference": m.person.reference,
                "name": m.person.display_name,
                "other_names": [n.full for n in m.names if n.kind != "primary"],
                "date_of_birth": m.person.date_of_birth,
                "score": m.score.value,
                "band": str(m.score.band),
                "label": m.score.label,
                "warnings": m.score.warnings,
                "identity_disputed": m.identity_disputed,
                "identity_warning": m.identity_warning,
                "reasons": m.score.reasons,
                "cautions": [_caution(c) for c in m.cautions],
            }
            for m in result.people
        ],
        "addresses": [
            {
                "address": str(m.address.id),
                "one_line": m.address.one_line,
                "reasons": m.reasons,
                "cautions": [_caution(c) for c in m.cautions],
            }
            for m in result.addresses
        ],
    }


def _caution(view) -> dict:
    return {
        "id": view.id,
        "level": view.level_code,
        "level_label": view.level_label,
        "precautions": view.precautions,
        "restrictions": view.restrictions,
        "key_contact": view.key_contact,
        "reporting_service": view.reporting_service,
        "next_review": view.next_review,
        "appeal_in_progress": view.appeal_in_progress,
        "interim": view.interim,
        "held_on": view.held_on,
        "level_words": view.level_words,
        "level_rank": view.level_rank,
        "level_count": view.level_count,
        "most_serious": view.most_serious,
        "speak_to": view.speak_to,
        "ends_on": view.ends_on,
        "review_overdue": view.review_overdue,
    }
