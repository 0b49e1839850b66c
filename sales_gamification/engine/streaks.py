# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Streaks: closed periods in a row in which a salesperson reached every
goal."""


def streak(periods):
    """The number of periods in a row, back from the latest, in which every
    goal was reached.

    A missed period ends the streak. A period without goals (the salesperson
    was on leave, or joined later) is simply absent: it neither breaks nor
    extends the streak.

    :param periods: {period start: whether every goal of the period was
        reached}, for the closed periods in which the salesperson had goals
    :return: int
    """
    count = 0
    for start in sorted(periods, reverse=True):
        if not periods[start]:
            break
        count += 1
    return count
