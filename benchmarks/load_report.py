# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The figures of a run of load.py: the latency of each kind of save, from a
won deal's commit to each board showing it, the errors, the servers' memory
and CPU time, and the goals that differ from a full recompute."""

import sys

import psutil

from odoo import SUPERUSER_ID, api

from bench_common import p95_within, percentile

# The target: 95% of the wins on every board within a second.
TARGET_P95_SECONDS = 1.0


def won_deals(registry, data):
    """{seller id: won deals} in the running period, before a run."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        challenge = env["gamification.challenge"].browse(data["challenge"])
        return {
            goal.user_id.id: goal.current
            for goal in challenge._period_goals(*challenge._current_period())
            if goal.line_id.id == data["won_line"]
        }


def differing_goals(registry, challenge):
    """Goals of the running period whose value a full recompute changes:
    (goals, differing goals)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        challenge = env["gamification.challenge"].browse(challenge)
        start, end = challenge._current_period()
        goals = challenge._period_goals(start, end)
        before = {goal.id: (goal.current, goal.state) for goal in goals}
        # What the cron would do: every goal recomputed from the records.
        goals.update_goal()
        env.flush_all()
        after = {goal.id: (goal.current, goal.state) for goal in goals}
        cr.rollback()
    return len(goals), sum(before[key] != after[key] for key in before)


def win_latencies(stats, boards, won_before):
    """Seconds from each win's commit to each board showing it; a win that a
    board did not show counts as an error."""
    latencies, missed = [], 0
    for seller, won, started, committed in stats.wins:
        for board in boards:
            latency = board.latency(
                seller, won_before[seller] + won, started, committed
            )
            if latency is None:
                missed += 1
            else:
                latencies.append(latency)
    if missed:
        stats.errors["win not shown on a board"] += missed
    return latencies


def report(label, stats, boards, servers, peak, seconds, latencies, goals):
    """Print the figures of a run of ``seconds`` (``peak``: the servers' peak
    memory in bytes; ``goals``: what ``differing_goals`` returned)."""
    print(f"\n{label}")
    print(f"  {'save':<20} {'count':>6} {'p50':>8} {'p95':>8}")
    for kind, values in sorted(stats.saves.items()):
        print(
            f"  {kind:<20} {len(values):6d} {percentile(values, 0.5):7.3f}s "
            f"{percentile(values, 0.95):7.3f}s"
        )
    p95, met = p95_within(latencies, TARGET_P95_SECONDS)
    if not boards:
        print(f"  won deals: {len(stats.wins)}, no board open")
    else:
        print(
            f"  won deal -> {len(boards)} boards: {len(stats.wins)} wins, "
            f"{len(latencies)} board updates, p50 {percentile(latencies, 0.5):.3f} s, "
            f"p95 {p95:.3f} s (target < {TARGET_P95_SECONDS:.1f} s: "
            + ("met" if met else "MISSED")
            + ")"
        )
    print("  cron: " + (f"ran in {stats.cron:.1f} s" if stats.cron else "did not run"))
    errors = ", ".join(
        f"{kind}: {count}" for kind, count in sorted(stats.errors.items())
    )
    print(
        f"  errors: {sum(stats.errors.values())}" + (f" ({errors})" if errors else "")
    )
    print(
        f"  peak memory of the server{'s' if len(servers) > 1 else ''}: "
        f"{peak / 2**20:.0f} MiB"
    )
    for kind, message in sorted(stats.messages.items()):
        print(f"    first {kind} error: {message}")
    saves = sum(len(values) for values in stats.saves.values())
    print(
        f"  saves: {saves / seconds:.1f} a second; loads of the board's data by "
        f"the boards: {sum(board.loads for board in boards)}"
    )
    for index, server in enumerate(servers, start=1):
        print(
            f"  CPU seconds of server {index}: "
            + ", ".join(
                f"{kind} {value:.1f}"
                for kind, value in sorted(server.cpu_seconds().items())
            )
        )
    generator = psutil.Process().cpu_times()
    print(f"  CPU seconds of this load test: {generator.user + generator.system:.1f}")
    total, differing = goals
    print(f"  goals differing from a full recompute: {differing} of {total}")
    sys.stdout.flush()
