"""Working days: Monday to Friday, except bank holidays in England and Wales.

Pure functions of the dates they are given; callers take "today" from caution.lib.clock.
The bank holidays come from the `holidays` package, which computes them offline (one-off
holidays such as a coronation arrive with a new version of the package).
"""

import datetime as dt
import functools

import holidays

# England and Wales share their bank holidays; Scotland and Northern Ireland do not.
_COUNTRY, _SUBDIVISION = "GB", "ENG"
_SATURDAY = 5


@functools.cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    # One frozen set per year, rather than the package's lazily growing dict, so that
    # concurrent requests never see a year half filled in.
    return frozenset(holidays.country_holidays(_COUNTRY, subdiv=_SUBDIVISION, years=year))


def is_bank_holiday(day: dt.date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < _SATURDAY and not is_bank_holiday(day)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (which is not counted, working day or not)."""
    if n < 0:
        raise ValueError(f"cannot add {n} working days; count back with another function")
    day = start
    while n:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 if `end` is not later)."""
    days = (end - start).days
    return sum(is_working_day(start + dt.timedelta(days=i)) for i in range(1, days + 1))
