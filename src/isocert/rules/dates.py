"""Calendar arithmetic for certification dates (calendar dates, never timestamps)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; a day missing in the target month becomes that month's last day.

    2024-01-31 + 1 month = 2024-02-29; 2024-02-29 + 12 months = 2025-02-28.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def anniversary_end(day: date, years: int) -> date:
    """Last day of a period of ``years`` whole years that starts on ``day`` (both ends included).

    2024-03-15 + 3 years -> 2027-03-14. A period starting on 29 February ends on the last day of
    February (2024-02-29 + 3 years -> 2027-02-28): the next period would start on 1 March.
    """
    if day.month == 2 and day.day == 29:
        start_next = date(day.year + years, 3, 1)
    else:
        start_next = add_years(day, years)
    return date.fromordinal(start_next.toordinal() - 1)
