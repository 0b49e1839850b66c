# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Pace: where a running goal lands at the end of its period at the current
rate, counted in working days, or how it moves against the period before."""

import math
from collections import namedtuple
from datetime import timedelta

# Monday to Friday (``date.weekday()``), when the company has no calendar.
WORKING_WEEKDAYS = frozenset(range(5))
# A pace is given once a fifth of the period's working days have passed:
# "Off track" on the 2nd of the month is noise, and discourages.
EARLY_PARTS = 5

Pace = namedtuple("Pace", "projection on_track urgent")
# Too early for a pace: working day ``first_day`` of ``total`` gives one.
Early = namedtuple("Early", "first_day total")


def working_days(start, end, weekdays=WORKING_WEEKDAYS, holidays=frozenset()):
    """The working days from ``start`` to ``end``, both included: days of
    ``weekdays`` (``date.weekday()`` numbers) that are not ``holidays``."""
    count = 0
    day = start
    while day <= end:
        if day.weekday() in weekdays and day not in holidays:
            count += 1
        day += timedelta(days=1)
    return count


def projection(
    value,
    target,
    start,
    end,
    today,
    weekdays=WORKING_WEEKDAYS,
    holidays=frozenset(),
):
    """Where ``value`` lands on ``end`` at its rate so far: value ÷ working
    days elapsed (today included) × working days of the period.

    A goal is on track when its projection reaches ``target``. It is urgent
    when it is off track with a third of the period's working days left or
    fewer, today included.

    :return: ``Pace``; ``Early`` until a fifth of the working days
        (``EARLY_PARTS``) have passed, today included; None for a period
        without working days
    """
    total = working_days(start, end, weekdays, holidays)
    if not total:
        return None
    elapsed = working_days(start, min(today, end), weekdays, holidays)
    first_day = math.ceil(total / EARLY_PARTS)
    if elapsed < first_day:
        return Early(first_day, total)
    landing = value / elapsed * total
    on_track = landing >= target
    left = working_days(today, end, weekdays, holidays)
    return Pace(landing, on_track, not on_track and left * 3 <= total)


def trend(current, previous, lower_is_better):
    """How ``current`` moves against the period before: 1 better, -1 worse,
    0 the same; None without a period before."""
    if previous is None:
        return None
    if current == previous:
        return 0
    better = current < previous if lower_is_better else current > previous
    return 1 if better else -1
