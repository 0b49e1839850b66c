# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Large data: a period close and the daily cron at 2,000 salespeople, 10
KPIs and 200,000 leads.

For each size (the one asked for, then half of it, to compare the query
counts), in one transaction that is rolled back at the end: N salespeople
in one sales team; leads (leads and opportunities, converted, won, lost or
open), posted invoices and confirmed sales orders spread over the previous
month and this month (over more months with ``--months``: in a long history
a month is a small share of the records, and the indexes pay); a monthly
challenge with one line per KPI definition of the addon (10 lines), started
on the first day of the previous month: the previous month is a period that
ended, this month runs. Like the addon's challenge templates, it grants its
badge to the winners of each period when the period closes; with
``--reward-realtime``, as soon as a salesperson reaches every goal, once
(Odoo's default).

The steps, in the order the cron meets them:

1. the close of the previous month, as the cron's first run of this month
   does it (``_check_challenge_reward``): its goals computed a last time
   and closed, its badges granted. Twice: once with the month's goals as
   the daily cron leaves them (generated and computed during the month; in
   a savepoint rolled back after), once with the close generating them;
2. the cron's run of an ordinary day (``_update_all``, what Odoo's cron
   ``_cron_update`` runs on each challenge in progress): the addon computes
   every running goal with the KPI engine, then Odoo's update goes on (goals
   of new participants, reports, periods to close: none left). The running
   goals are reset first, so that every one of them is written again;
3. the engine's refresh alone: ``update_goal()`` on the running goals, reset
   first.

Each step runs twice from the same state: once timed, its SQL queries
counted and its peak resident memory taken (the process's high-water mark,
reset before the step where Linux allows it), then, rolled back to a
savepoint, once more with Python's allocations traced (``tracemalloc``
slows Python down: it is not timed). Both runs end with what a commit would
write (flush and pre-commit hooks).

At the larger size, the engine's queries of the cron's refresh are run again
under ``EXPLAIN (ANALYZE, BUFFERS)``, with and without the indexes the addon
adds for them (dropped in a savepoint, then restored).

    python benchmarks/bench_large.py -c odoo.conf -d DB \
        [--salespeople 2000 --leads 200000 --months 2 --reward-realtime]
"""

import time
from random import Random

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tools import SQL

from bench_common import argument_parser, load_registry
from large_measure import measure, mib
from large_plans import explain_engine
from sales_data import (
    INVOICES_PER_USER,
    ORDERS_PER_USER,
    make_history,
    make_orders,
    month_start,
    reset_goals,
)

# One line per definition of the addon, with targets that a good share of
# the salespeople reach at the default volumes (~50 leads, 5 invoices and 5
# orders a month each): some reach all ten and win the badge.
LINES = (
    ("invoiced_amount", 4000.0),
    ("new_leads", 45.0),
    ("time_to_qualify", 3.0),
    ("new_opportunities", 30.0),
    ("won_opportunities", 12.0),
    ("revenue_won", 60000.0),
    ("days_to_close", 6.0),
    ("win_rate", 50.0),
    ("confirmed_orders", 4.0),
    ("average_deal_size", 8000.0),
)
BADGE = "sales_gamification.badge_top_salesperson"


def make_large_history(env, n, leads, months):
    """N salespeople and their history over ``months`` months ending now."""
    rng = Random(n)
    now = fields.Datetime.now()
    start = month_start(now, months - 1)
    team, users = make_history(env, n, start, now, rng, leads // n)
    make_orders(env, team, users, start, now, rng)
    # Fresh statistics, as autovacuum would give a real database.
    env.cr.execute(
        SQL(
            "ANALYZE crm_lead, account_move, account_move_line, sale_order, "
            "res_users, gamification_goal"
        )
    )
    env.invalidate_all()
    return users


def start_challenge(env, users, realtime):
    """The monthly challenge of the 10 KPIs, started on the first day of the
    previous month; the goals of this month are generated and computed."""
    today = env.company._sales_today()
    challenge = env["gamification.challenge"].create(
        {
            "name": "Large benchmark",
            "period": "monthly",
            "start_date": month_start(today, 1).date(),
            "visibility_mode": "ranking",
            "report_message_frequency": "never",
            # Without it, a new challenge takes every internal user.
            "user_domain": False,
            "user_ids": [Command.set(users.ids)],
            "reward_id": env.ref(BADGE).id,
            "reward_realtime": realtime,
            "line_ids": [
                Command.create(
                    {
                        "definition_id": env.ref(
                            f"sales_gamification.definition_{name}"
                        ).id,
                        "target_goal": target,
                    }
                )
                for name, target in LINES
            ],
        }
    )
    challenge.action_start()
    # What starting it leaves for the commit (congratulations) is written
    # now: it is no part of the steps measured.
    env.cr.flush()
    env.cr.execute(SQL("ANALYZE gamification_goal"))
    return challenge


def prepare_previous_month(env, challenge):
    """The goals of the previous month as the daily cron leaves them at its
    end: generated and computed (badges in real time granted)."""
    today = env.company._sales_today()
    start, end = challenge._current_period(month_start(today, 1).date())
    challenge._generate_period_goals(start, end).update_goal()
    env.flush_all()


def bench(env, n, leads, months, realtime):
    """One size: the history, the challenge, then the three steps.

    :return: {step name: Measure}, and a few figures of the data
    """
    started = time.perf_counter()
    users = make_large_history(env, n, leads, months)
    challenge = start_challenge(env, users, realtime)
    Goal = env["gamification.goal"]
    print(
        f"  {n:,} salespeople: {leads:,} leads, {n * INVOICES_PER_USER:,} "
        f"invoices and {n * ORDERS_PER_USER:,} sales orders over {months} "
        f"months, and the challenge, ready in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    results = {}
    BadgeUser = env["gamification.badge.user"]
    granted = [("challenge_id", "=", challenge.id)]
    # The close of a month whose goals the daily cron generated and
    # computed, as in production; then rolled back for the close below.
    savepoint = env.cr.savepoint()
    prepare_previous_month(env, challenge)
    badges_before = BadgeUser.search_count(granted)
    results["close, goals ready"] = measure(env, challenge._check_challenge_reward)
    ready_badges = BadgeUser.search_count(granted) - badges_before
    savepoint.rollback()
    env.cr.clear()
    env.invalidate_all()
    badges_before = BadgeUser.search_count(granted)
    results["period close"] = measure(env, challenge._check_challenge_reward)
    badges = BadgeUser.search_count(granted) - badges_before
    closed = Goal.search([("challenge_id", "=", challenge.id), ("closed", "=", True)])
    running = Goal.search([("challenge_id", "=", challenge.id), ("closed", "=", False)])
    reset_goals(env, running)
    results["cron refresh"] = measure(env, challenge._update_all)
    reset_goals(env, running)
    results["engine refresh"] = measure(env, running.update_goal)
    figures = {
        "closed": len(closed),
        "closed reached": len(closed.filtered(lambda g: g.state == "reached")),
        "badges": badges,
        "ready badges": ready_badges,
        "running": len(running),
    }
    print(
        f"  measured in {time.perf_counter() - started:.0f} s in all: "
        f"{figures['closed']:,} goals closed ({figures['closed reached']:,} "
        f"reached), {badges:,} badges granted by the close ({ready_badges:,} by "
        f"the close of a month whose goals were ready), {len(running):,} goals "
        "running",
        flush=True,
    )
    return results, figures


def report(sizes):
    """The table of the figures, and the comparison of the query counts."""
    print(
        "\nclose, goals ready: _check_challenge_reward() closing the previous month, "
        "whose goals the daily cron generated and computed"
        "\nperiod close:   _check_challenge_reward() closing the previous month, "
        "its goals generated by the close"
        "\ncron refresh:   _update_all() on a day without a period to close, "
        "every running goal reset"
        "\nengine refresh: update_goal() on the running goals, reset"
        "\npeak RSS: growth of the resident memory during the step; peak traced: "
        "Python's allocations (tracemalloc)"
    )
    print(
        "\n salespeople    leads    goals  step                 time    queries"
        "    peak RSS   peak traced"
    )
    for (n, leads), (results, figures) in sorted(sizes.items()):
        for step, result in results.items():
            goals = figures["running" if "refresh" in step else "closed"]
            print(
                f"{n:>12,} {leads:>8,} {goals:>8,}  {step:<16} "
                f"{result.seconds:>8.2f} s {result.queries:>8,} "
                f"{'+' + mib(result.rss):>11} {mib(result.traced):>13}"
            )
    if len(sizes) < 2:
        return
    (small, (small_results, _f)), (big, (big_results, _g)) = sorted(sizes.items())
    print(f"\nQueries at {small[0]:,} and {big[0]:,} salespeople:")
    for step in big_results:
        before, after = small_results[step], big_results[step]
        if before.queries == after.queries:
            print(f"  {step}: {after.queries:,} at both sizes")
            continue
        print(f"  {step}: {before.queries:,} and {after.queries:,}; they differ in")
        for kind in sorted(set(before.census) | set(after.census)):
            if before.census[kind] != after.census[kind]:
                print(
                    f"    {kind:<40} {before.census[kind]:>6,} {after.census[kind]:>6,}"
                )


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--salespeople", type=int, default=2000)
    parser.add_argument("--leads", type=int, default=200000)
    parser.add_argument(
        "--reward-realtime",
        action="store_true",
        help="the badge as soon as every goal is reached, once per salesperson",
    )
    parser.add_argument(
        "--months",
        type=int,
        default=2,
        help="months of history, this one included (at least 2)",
    )
    args = parser.parse_args()
    months = max(args.months, 2)
    started = time.perf_counter()
    registry = load_registry(args.config, args.database)
    print(
        f"Monthly challenge of {len(LINES)} KPIs, its badge granted "
        + ("in real time" if args.reward_realtime else "at each period's close")
        + f", history over {months} months; each size in a transaction rolled back",
        flush=True,
    )
    big = (args.salespeople, args.leads)
    sizes = {}
    # The larger size first: the plans it shows read tables that the rows of
    # the other size, rolled back, have not yet filled with dead tuples.
    for n, leads in (big, (big[0] // 2, big[1] // 2)):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            try:
                sizes[(n, leads)] = bench(env, n, leads, months, args.reward_realtime)
                if (n, leads) == big:
                    print("\nEngine queries of the cron's refresh, at the larger size:")
                    explain_engine(env, sizes[big][0]["cron refresh"].engine)
            finally:
                cr.rollback()
    report(sizes)
    print(f"\nDone in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
