# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Calendar periods of challenges, and "today".

"Today" is the date in the company's time zone: a challenge's periods are
the company's days, the same for every salesperson, whoever runs the cron
and wherever the server is. A period includes its first and last day.
"""

from datetime import datetime, timedelta

import pytz
from dateutil.relativedelta import relativedelta


def local_today(tz_name, now=None):
    """The date in the time zone ``tz_name`` (UTC when empty or unknown) at
    the UTC instant ``now`` (a naive datetime; the current time by
    default)."""
    now = pytz.utc.localize(now) if now else datetime.now(pytz.utc)
    try:
        tz = pytz.timezone(tz_name or "UTC")
    except pytz.UnknownTimeZoneError:
        tz = pytz.utc
    return now.astimezone(tz).date()


def period_bounds(period, day):
    """First and last day of the calendar period containing ``day``.

    Weeks run from Monday to Sunday.
    """
    if period == "daily":
        return day, day
    if period == "weekly":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if period == "monthly":
        first = day.replace(day=1)
        return first, first + relativedelta(months=1, days=-1)
    if period == "yearly":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    raise ValueError(period)


def day_after(day):
    """The first day after a period that ends on ``day``: datetimes of the
    period are before its first instant."""
    return day + timedelta(days=1)


def days_left(end, today):
    """Days until ``end``, today included; 0 once it has passed or without
    an end."""
    return max(0, (end - today).days + 1) if end else 0


def ended_periods(period, first_day, end_limit, rewarded_until, today, force=False):
    """The periods to close and reward, oldest first, as (start, end).

    :param period: the challenge's period (``once`` or a calendar period)
    :param first_day: the challenge's start (``once``: its start date,
        possibly None)
    :param end_limit: the challenge's end date, or None
    :param rewarded_until: end of the last period already rewarded, or None
    :param today: a date
    :param force: the running period is closed too (a challenge closed by
        hand)
    :return: every period that ended before ``today`` and was not rewarded
    """
    if period == "once":
        if not end_limit:
            # Without an end date, only closing the challenge ends it.
            return [(first_day, end_limit)] if force else []
        if rewarded_until and rewarded_until >= end_limit:
            return []
        return [(first_day, end_limit)] if end_limit < today or force else []
    periods = []
    start, end = period_bounds(period, first_day)
    while start <= today and not (end_limit and start > end_limit):
        ended = end < today
        if (ended or force) and not (rewarded_until and end <= rewarded_until):
            periods.append((start, end))
        start, end = period_bounds(period, day_after(end))
    return periods


def current_period(period, today, start_date=None, end_date=None):
    """(start, end) of the period running on ``today``; a ``once``
    challenge's period is its own dates."""
    if period == "once":
        return start_date or None, end_date or None
    return period_bounds(period, today)
