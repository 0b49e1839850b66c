# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The plans of the KPI engine's queries in bench_large.py: each run under
``EXPLAIN (ANALYZE, BUFFERS)``, with and without the indexes the addon adds
for them (dropped in a savepoint, then restored)."""

import re
import statistics

from odoo.tools import SQL

from large_measure import query_kind

# The tables the KPIs read, and the indexes the addon adds for them.
KPI_TABLES = ("crm_lead", "account_move", "sale_order")
ADDON_INDEXES = ("crm_lead__date_closed_index", "crm_lead__date_conversion_index")
EXPLAIN_RUNS = 5
PLAN_WIDTH = 100


def explain(env, query):
    """The plan of ``query`` (its text lines) and the median execution time
    in ms of ``EXPLAIN_RUNS`` runs."""
    times, plan = [], []
    for _run in range(EXPLAIN_RUNS):
        env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query))
        plan = [line for (line,) in env.cr.fetchall()]
        times += [
            float(match.group(1))
            for match in (
                re.match(r"Execution Time: ([\d.]+) ms", line) for line in plan
            )
            if match
        ]
    return plan, statistics.median(times)


def verdict(table, plan):
    """One line: which index the plan reads ``table`` with, or how much of
    the table its sequential scan keeps."""
    text = "\n".join(plan)
    names = sorted(
        set(re.findall(rf"Index (?:Only )?Scan using (\w+) on {table}\b", text))
        | {
            name
            for name in re.findall(r"Bitmap Index Scan on (\w+)", text)
            if name.startswith(table)
        }
    )
    if names:
        return f"{table}: index used ({', '.join(names)})"
    scan = re.search(
        rf"Seq Scan on {table}\b.*?rows=(\d+) loops=(\d+).*?"
        r"Rows Removed by Filter: (\d+)",
        text,
        re.S,
    )
    if scan:
        # A parallel scan shows each worker's average.
        loops = int(scan.group(2))
        kept, removed = int(scan.group(1)) * loops, int(scan.group(3)) * loops
        share = 100.0 * kept / ((kept + removed) or 1)
        return (
            f"{table}: no index, Seq Scan keeps {kept:,} of {kept + removed:,} "
            f"rows ({share:.0f}%)"
        )
    return f"{table}: no index"


def existing_indexes(cr, names):
    cr.execute(SQL("SELECT indexname FROM pg_indexes WHERE indexname IN %s", names))
    return [name for (name,) in cr.fetchall()]


def explain_engine(env, queries):
    """Print the plan of each distinct engine query, with its time with and
    without the addon's indexes."""
    cr = env.cr
    distinct = {}
    for query in queries:
        distinct.setdefault(query_kind(query).split()[-1], query)
    indexes = existing_indexes(cr, ADDON_INDEXES)
    for table in KPI_TABLES:
        query = distinct.get(table)
        if query is None:
            continue
        plan, with_indexes = explain(env, query)
        print(f"\n{table} (median of {EXPLAIN_RUNS} runs: {with_indexes:.1f} ms)")
        for line in plan:
            if line.startswith(("Planning", "Execution")):
                continue
            print(
                "  "
                + (line if len(line) <= PLAN_WIDTH else line[: PLAN_WIDTH - 1] + "…")
            )
        print("  => " + verdict(table, plan))
        own = [name for name in indexes if name.startswith(table)]
        if own:
            with cr.savepoint(flush=False) as savepoint:
                for name in own:
                    cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
                plan_without, without = explain(env, query)
                savepoint.rollback()
            print(
                f"  => without {', '.join(own)}: {without:.1f} ms "
                f"({verdict(table, plan_without)})"
            )
