"""Reading the values of a register spreadsheet's cells."""

import datetime as dt

import pytest

from caution.register.importing.reading import parse_date


@pytest.mark.parametrize(
    "text",
    ["1/2/1980", "01/02/1980", "1980-02-01", "01-02-1980", "01.02.1980", "1 February 1980"],
)
def test_dates_are_read_in_the_uk_and_iso_forms(text):
    assert parse_date(text) == dt.date(1980, 2, 1)


@pytest.mark.parametrize("text", ["31/02/1980", "1980-02-30", "32.01.1980", "yesterday"])
def test_a_day_that_does_not_exist_is_not_a_date(text):
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text)
