"""Every date in the service says what is wrong as the GOV.UK date input does: one message
per date, in its words, with only the wrong part highlighted; never Python's own text."""

import datetime as dt
from pathlib import Path

import pytest
from django import forms

from caution.lib import clock
from caution.lib.forms import DateField


class BirthForm(forms.Form):
    date_of_birth = DateField(label="Date of birth", past=True, earliest=dt.date(1900, 1, 1))


class NextReviewForm(forms.Form):
    next_review = DateField(required=False, label="Next review", future=True)


def refused(day: str, month: str, year: str, form_class=BirthForm) -> tuple[list[str], tuple]:
    name = next(iter(form_class.base_fields))
    form = form_class({f"{name}_0": day, f"{name}_1": month, f"{name}_2": year})
    assert not form.is_valid()
    return form.errors[name], form.fields[name].widget.wrong


def test_an_empty_required_date_says_enter_it():
    assert refused("", "", "") == (["Enter the date of birth"], (0, 1, 2))


def test_an_empty_optional_date_is_no_date():
    form = NextReviewForm({"next_review_0": "", "next_review_1": "", "next_review_2": ""})
    assert form.is_valid()
    assert form.cleaned_data["next_review"] is None


def test_a_missing_month_is_named_and_only_the_month_highlighted():
    assert refused("14", "", "1975") == (["The date of birth must include a month"], (1,))


def test_a_missing_day_and_month_are_named_together_in_one_message():
    assert refused("", "", "1975") == (["The date of birth must include a day and month"], (0, 1))


def test_a_31st_of_february_must_be_a_real_date_with_the_day_highlighted():
    assert refused("31", "2", "1975") == (["The date of birth must be a real date"], (0,))


def test_a_13th_month_must_be_a_real_date_with_the_month_highlighted():
    assert refused("1", "13", "1975") == (["The date of birth must be a real date"], (1,))


def test_letters_in_a_part_must_be_a_real_date():
    assert refused("1", "March", "1975") == (["The date of birth must be a real date"], (1,))


def test_a_two_digit_year_must_include_4_numbers():
    assert refused("14", "3", "75") == (["Year must include 4 numbers"], (2,))


def test_a_date_of_birth_in_the_future_is_refused_as_a_whole():
    tomorrow = clock.today() + dt.timedelta(days=1)
    errors, wrong = refused(str(tomorrow.day), str(tomorrow.month), str(tomorrow.year))
    assert errors == ["The date of birth must be today or in the past"]
    assert wrong == (0, 1, 2)


def test_a_date_of_birth_before_1900_is_a_slip():
    assert refused("1", "1", "1875")[0] == [
        "The date of birth must be the same as or after 1 January 1900"
    ]


def test_a_next_review_in_the_past_is_refused():
    errors, _ = refused("1", "1", "2020", form_class=NextReviewForm)
    assert errors == ["The next review must be today or in the future"]


def test_a_real_date_is_a_date():
    form = BirthForm({"date_of_birth_0": "14", "date_of_birth_1": "3", "date_of_birth_2": "1975"})
    assert form.is_valid()
    assert form.cleaned_data["date_of_birth"] == dt.date(1975, 3, 14)


@pytest.mark.parametrize(
    "day,month,year", [("31", "2", "2020"), ("1", "13", "2020"), ("0", "1", "2020")]
)
def test_pythons_own_words_never_reach_the_user(day, month, year):
    errors, _ = refused(day, month, year)
    text = " ".join(errors)
    assert "out of range" not in text and "must be in 1..12" not in text


def test_every_form_uses_the_services_date_field():
    """Fixed once for every form: none uses crispy-forms-gds's field directly."""
    source = Path(__file__).parents[2] / "src" / "caution"
    users = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if "DateInputField(" in path.read_text()
    ]
    assert users == []
