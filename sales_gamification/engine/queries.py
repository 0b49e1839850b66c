# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The grouped query that computes KPIs for every salesperson at once.

All the KPIs on one table, for any number of periods and users, share one
query: each KPI and period is a ``COUNT(*) FILTER (WHERE ...)`` column (and
a ``SUM`` for sums and averages, a second count for a ratio's numerator),
grouped by the salesperson column.
"""

from collections import namedtuple

from odoo.tools import SQL

from .periods import day_after

# One KPI to compute over one period: a KpiSpec, and the period's first and
# last day (dates, or None for no bound).
KpiItem = namedtuple("KpiItem", "spec base hits start end")


def period_condition(spec, start, end, tz_name):
    """SQL condition of a period on the definition's date column, both days
    included. Dates are the company's days: for a datetime column (stored
    in UTC) the period runs from the first instant of ``start`` to the
    first instant of the day after ``end``, in the time zone ``tz_name``."""
    if not spec.date_field:
        return SQL("TRUE")
    column = SQL.identifier(spec.table, spec.date_field)
    conditions = []
    if spec.date_type == "date":
        if start:
            conditions.append(SQL("%s >= %s", column, start))
        if end:
            conditions.append(SQL("%s <= %s", column, end))
    else:
        tz = tz_name or "UTC"
        if start:
            conditions.append(SQL("%s >= %s", column, _utc_midnight(start, tz)))
        if end:
            conditions.append(SQL("%s < %s", column, _utc_midnight(day_after(end), tz)))
    return SQL(" AND ").join(conditions) if conditions else SQL("TRUE")


def _utc_midnight(day, tz_name):
    """The UTC instant (timestamp without time zone) at which ``day`` starts
    in ``tz_name``."""
    return SQL("((%s::timestamp AT TIME ZONE %s) AT TIME ZONE 'UTC')", day, tz_name)


def kpi_query(items, group_values=None, tz_name=None):
    """The query computing ``items``, which share a table and salesperson
    column.

    :param items: list of ``KpiItem``
    :param group_values: the salesperson values to group by and keep, or
        None for one group (key None)
    :return: SQL, or None when no group can have records
    """
    spec = items[0].spec
    if group_values is not None:
        # A salesperson expression may give False: no record has it.
        group_values = {v for v in group_values if v not in (False, None)}
        if not group_values:
            return None
    columns, conditions = [], []
    for item in items:
        period = period_condition(item.spec, item.start, item.end, tz_name)
        condition = SQL("((%s) AND %s)", item.base, period)
        conditions.append(condition)
        columns.append(SQL("COUNT(*) FILTER (WHERE %s)", condition))
        if item.spec.field:
            columns.append(
                SQL(
                    "COALESCE(SUM(%s) FILTER (WHERE %s), 0)",
                    SQL.identifier(item.spec.table, item.spec.field),
                    condition,
                )
            )
        if item.spec.mode == "ratio":
            columns.append(
                SQL("COUNT(*) FILTER (WHERE (%s) AND %s)", item.hits, period)
            )
    group, group_filter = SQL("NULL"), SQL("TRUE")
    if group_values is not None:
        group = SQL.identifier(spec.table, spec.group_field)
        group_filter = SQL("%s IN %s", group, tuple(group_values))
    return SQL(
        "SELECT %s, %s FROM %s WHERE (%s) AND %s GROUP BY 1",
        group,
        SQL(", ").join(columns),
        spec.source,
        SQL(" OR ").join(conditions),
        group_filter,
    )


def read_kpi_rows(items, rows):
    """The values in the rows of ``kpi_query(items, ...)``.

    :return: list, in the order of ``items``, of {group value: (value,
        sample size)}; groups without records are absent
    """
    results = [{} for _item in items]
    for row in rows:
        key, values = row[0], iter(row[1:])
        for result, item in zip(results, items, strict=False):
            count = next(values)
            total = next(values) if item.spec.field else 0
            hits = next(values) if item.spec.mode == "ratio" else 0
            if count:
                result[key] = item.spec.value(count, total, hits)
    return results
