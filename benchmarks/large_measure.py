# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The measures of bench_large.py's steps: time, SQL queries by kind (the KPI
engine's kept apart), peak resident memory and Python's peak allocations."""

import re
import resource
import tracemalloc
from collections import Counter, namedtuple
from contextlib import contextmanager
from unittest.mock import patch

from odoo.tools import SQL

from bench_common import Cost

MIB = 1024.0 * 1024.0

Measure = namedtuple("Measure", "seconds queries rss traced census engine")


def mib(value):
    return f"{value / MIB:,.0f} MiB"


def reset_peak_rss():
    """Reset the process's resident memory high-water mark to its current
    resident memory (Linux), and return the mark, in bytes."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        # The growth of the high-water mark, then.
        pass
    return peak_rss()


def peak_rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def query_kind(query):
    """What a query does and to which table: 'SELECT gamification_goal'."""
    text = query.code if isinstance(query, SQL) else str(query)
    text = text.strip()
    verb = text.split(None, 1)[0].upper() if text else ""
    match = None
    if verb in ("INSERT", "UPDATE", "DELETE"):
        match = re.match(r'\w+\s+(?:INTO\s+|FROM\s+)?"?(\w+)', text, re.I)
    elif verb in ("SELECT", "WITH"):
        match = re.search(r'\bFROM\s+"?(\w+)', text, re.I)
    return f"{verb} {match.group(1)}" if match else verb


def is_engine_query(query):
    """Whether ``query`` is one of the KPI engine's grouped queries."""
    return isinstance(query, SQL) and "COUNT(*) FILTER (WHERE" in query.code


@contextmanager
def recorded(cr, census, engine):
    """Count the queries of ``cr`` by kind in ``census``; keep the engine's
    in ``engine``."""
    execute = cr.execute

    def spy(query, params=None, log_exceptions=True):
        census[query_kind(query)] += 1
        if is_engine_query(query):
            engine.append(query)
        return execute(query, params, log_exceptions)

    with patch.object(cr, "execute", spy):
        yield


def measure(env, step):
    """Run ``step`` (a function of no argument) as bench_large.py's docstring
    describes; its effects are kept.

    :return: Measure (seconds, queries, peak RSS growth and peak traced
        allocations in bytes, queries by kind, the engine's queries)
    """
    cr = env.cr
    env.flush_all()
    savepoint = cr.savepoint(flush=False)
    census, engine = Counter(), []
    rss_before = reset_peak_rss()
    with Cost(cr) as cost, recorded(cr, census, engine):
        step()
        cr.flush()
    rss = peak_rss() - rss_before
    # Again from the same state, Python's allocations traced.
    savepoint.rollback()
    cr.clear()
    cr.postcommit.clear()
    tracemalloc.start()
    try:
        step()
        cr.flush()
        traced = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    savepoint.close(rollback=False)
    return Measure(cost.seconds, cost.queries, rss, traced, census, engine)
