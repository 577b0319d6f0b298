"""Working days: Monday to Friday except bank holidays in England and Wales (DESIGN.md §3)."""

import datetime as dt

import pytest

from caution.policy.calendar import (
    add_working_days,
    is_bank_holiday,
    is_working_day,
    working_days_between,
)
from caution.policy.rules import Deadline

TUESDAY_23_DECEMBER_2025 = dt.date(2025, 12, 23)


def test_five_working_days_skip_christmas_boxing_day_a_weekend_and_new_year():
    # Wed 24 (1), Thu 25 and Fri 26 bank holidays, weekend, Mon 29 (2), Tue 30 (3),
    # Wed 31 (4), Thu 1 January bank holiday, Fri 2 January (5).
    assert add_working_days(TUESDAY_23_DECEMBER_2025, 5) == dt.date(2026, 1, 2)


def test_a_day_after_maundy_thursday_is_the_tuesday_after_easter_monday():
    assert add_working_days(dt.date(2026, 4, 2), 1) == dt.date(2026, 4, 7)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2026, 4, 3), "Good Friday"),
        (dt.date(2026, 4, 6), "Easter Monday"),
        (dt.date(2026, 5, 4), "Early May bank holiday"),
        (dt.date(2026, 8, 31), "Summer bank holiday (last Monday of August)"),
        (dt.date(2026, 12, 28), "Boxing Day, moved to Monday because the 26th is a Saturday"),
        (dt.date(2023, 5, 8), "Coronation of King Charles III, a one-off"),
    ],
)
def test_bank_holidays_in_england_and_wales_are_not_working_days(day, name):
    assert day.weekday() < 5, name
    assert is_bank_holiday(day), name
    assert not is_working_day(day), name


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2026, 1, 2), "2 January, a bank holiday in Scotland only"),
        (dt.date(2026, 8, 3), "first Monday of August, Scotland's summer holiday"),
        (dt.date(2026, 11, 30), "St Andrew's Day, Scotland only"),
        (dt.date(2026, 3, 17), "St Patrick's Day, Northern Ireland only"),
    ],
)
def test_other_nations_bank_holidays_are_working_days(day, name):
    assert is_working_day(day), name


def test_weekends_are_not_working_days():
    assert not is_working_day(dt.date(2025, 12, 27))
    assert not is_working_day(dt.date(2025, 12, 28))
    assert is_working_day(dt.date(2025, 12, 29))


def test_counting_from_a_saturday_starts_on_monday():
    assert add_working_days(dt.date(2026, 3, 7), 1) == dt.date(2026, 3, 9)


def test_adding_no_working_days_leaves_the_date():
    assert add_working_days(dt.date(2026, 3, 7), 0) == dt.date(2026, 3, 7)


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="cannot add -1 working days"):
        add_working_days(TUESDAY_23_DECEMBER_2025, -1)


def test_twenty_working_days_is_four_weeks_without_bank_holidays():
    assert add_working_days(dt.date(2026, 2, 2), 20) == dt.date(2026, 3, 2)


def test_working_days_between_counts_those_after_the_start_up_to_the_end():
    assert working_days_between(TUESDAY_23_DECEMBER_2025, dt.date(2026, 1, 2)) == 5
    assert working_days_between(TUESDAY_23_DECEMBER_2025, TUESDAY_23_DECEMBER_2025) == 0
    assert working_days_between(dt.date(2026, 1, 2), TUESDAY_23_DECEMBER_2025) == 0


def test_a_working_day_deadline_uses_the_calendar():
    assert Deadline(days=2, working=True).due(TUESDAY_23_DECEMBER_2025) == dt.date(2025, 12, 29)


def test_a_calendar_day_deadline_counts_every_day():
    assert Deadline(days=5, working=False).due(TUESDAY_23_DECEMBER_2025) == dt.date(2025, 12, 28)


@pytest.mark.parametrize(
    ("deadline", "words"),
    [
        (Deadline(days=2, working=True), "2 working days"),
        (Deadline(days=1, working=True), "1 working day"),
        (Deadline(days=14, working=False), "14 days"),
    ],
)
def test_a_deadline_reads_as_words(deadline, words):
    assert str(deadline) == words
