# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A goal definition compiled for the engine, and the rules of a goal's
value and state."""

import math
from collections import namedtuple

# The computation modes the engine evaluates; 'manually' and 'python' stay
# with Odoo's gamification.
KPI_MODES = ("count", "sum", "average", "ratio")
# The modes whose team figure is the sum of its salespeople's figures (an
# average or a ratio of a team is not the sum of its members').
ADDITIVE_MODES = ("count", "sum")
# Goals whose state the engine moves; draft and canceled goals keep theirs.
LIVE_STATES = ("inprogress", "reached", "failed")


class KpiSpec(
    namedtuple(
        "KpiSpec",
        "mode table source field date_field date_type group_field "
        "user_expression condition min_sample base hits",
    )
):
    """What the engine needs of a goal definition.

    :param mode: one of ``KPI_MODES``
    :param table: the table (or alias) of the definition's model
    :param source: SQL of what the query reads from: the table, or the
        model's table query under the ``table`` alias (a report)
    :param field: the column summed or averaged (None for a count or ratio)
    :param date_field, date_type: the column that places a record in a
        period, and its type (``date`` or ``datetime``); None for no period
    :param group_field: the salesperson column of a batch definition (None
        when the domain depends on the user)
    :param user_expression: how a user matches ``group_field`` values
        (``user.id`` for most definitions)
    :param condition: ``higher`` or ``lower`` (lower is better)
    :param min_sample: records below which the goal cannot be reached
    :param base, hits: SQL conditions on ``table`` of the records counted
        and, for a ratio, of the numerator's records; None when they must be
        compiled again for every computation
    """

    __slots__ = ()

    def value(self, count, total, hits):
        """(value, sample size) of ``count`` records whose field sums to
        ``total``, ``hits`` of them in a ratio's numerator."""
        if self.mode == "ratio":
            return 100.0 * hits / count, count
        if self.mode == "average":
            return float(total) / count, count
        if self.mode == "sum":
            return float(total), count
        return float(count), count

    def reached(self, target, value, sample):
        """Whether ``value``, computed over ``sample`` records, meets
        ``target``. A "lower is better" goal without records is not reached:
        doing nothing is no achievement."""
        if sample < self.min_sample:
            return False
        if self.condition == "lower":
            return sample > 0 and value <= target
        return value >= target

    def goal_changes(self, goal, value, sample, today):
        """The columns of a goal to change for a new value.

        :param goal: the goal's row: a mapping with ``current``,
            ``sample_size``, ``completeness``, ``state``, ``closed``,
            ``target_goal`` and ``end_date`` (a date or None)
        :param today: a date; a goal not reached once its end date has
            passed is failed and closed, even if its value is unchanged
        :return: {column: new value}, empty when nothing changes
        """
        changes = {}
        if value != goal["current"]:
            changes["current"] = value
        if sample != goal["sample_size"]:
            changes["sample_size"] = sample
        reached = self.reached(goal["target_goal"], value, sample)
        done = completeness(
            self.condition, goal["target_goal"], value, reached, sample, self.min_sample
        )
        if done != goal["completeness"]:
            changes["completeness"] = done
        if goal["state"] in LIVE_STATES and not goal["closed"]:
            if reached:
                state = "reached"
            elif goal["end_date"] and today > goal["end_date"]:
                state = "failed"
                changes["closed"] = True
            else:
                state = "inprogress"
            if state != goal["state"]:
                changes["state"] = state
        return changes


def completeness(condition, target, value, reached, sample=None, min_sample=0):
    """Percentage of completeness of a goal, between 0 and 100.

    It never divides by zero; a "lower is better" goal is 0% or 100%
    (``reached``); a goal short of its minimum sample is at most as complete
    as its sample.
    """
    if condition == "lower":
        result = 100.0 if reached else 0.0
    elif value >= target:
        result = 100.0
    elif target <= 0:
        result = 0.0
    else:
        # Credit notes may take a total below zero: no negative progress.
        result = max(0.0, round(100.0 * value / target, 2))
    if sample is not None and sample < min_sample:
        result = min(result, round(100.0 * sample / min_sample, 2))
    return result


def rounded_percent(completeness):
    """A completeness as the screens show it, a whole percentage of at most
    100, rounded half up like the web client's progress bars (JavaScript's
    ``Math.round``): 85.71% is 86% everywhere."""
    return int(math.floor(min(completeness, 100.0) + 0.5))
