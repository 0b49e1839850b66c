# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Refresh cost of sales goals: stock Odoo 18's engine against ours.

For each size N, in one transaction that is rolled back at the end:
N salespeople get 50 leads (converted, won, lost or open) and 10 posted
invoices each this month. Odoo's own "Monthly Sales Targets" and "Lead
Acquisition" challenges (gamification_sale_crm's definitions) are started,
and so is the same pair of challenges built on sales_gamification's
definitions. Each side's goals are then reset and refreshed in full, three
times in alternation: the stock side with Odoo's unmodified
``gamification.goal.update_goal``, ours with the KPI engine, both until
their writes reach the database. Printed: the median time and the SQL
queries of one refresh, and the ratios (stock / ours).

    python benchmarks/bench_kpi.py -c odoo.conf -d DB [--sizes 50,200,2000]
"""

import random
import statistics

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tools import SQL

from bench_common import Cost, argument_parser, load_registry, monthly_challenge
from sales_data import make_history, month_start, reset_goals

ROUNDS = 3
# Odoo's definitions in its two challenges, and ours that replace them.
OUR_DEFINITIONS = {
    "gamification_sale_crm.definition_crm_tot_invoices": (
        "sales_gamification.definition_invoiced_amount"
    ),
    "gamification_sale_crm.definition_crm_nbr_new_leads": (
        "sales_gamification.definition_new_leads"
    ),
    "gamification_sale_crm.definition_crm_lead_delay_open": (
        "sales_gamification.definition_time_to_qualify"
    ),
    "gamification_sale_crm.definition_crm_nbr_new_opportunities": (
        "sales_gamification.definition_new_opportunities"
    ),
}


def start_challenges(env, users):
    """Odoo's two sales challenges, and the same two on our definitions."""
    stock = env.ref("gamification_sale_crm.challenge_crm_sale") | env.ref(
        "gamification_sale_crm.challenge_crm_marketing"
    )
    stock.write(
        {
            "user_domain": False,
            "user_ids": [Command.set(users.ids)],
            "report_message_frequency": "never",
        }
    )
    definition_xmlids = stock.line_ids.definition_id.get_external_id()
    ours = env["gamification.challenge"].create(
        [
            monthly_challenge(
                f"{challenge.name} (sales_gamification)",
                users,
                [
                    (
                        env.ref(
                            OUR_DEFINITIONS[definition_xmlids[line.definition_id.id]]
                        ).id,
                        line.target_goal,
                    )
                    for line in challenge.line_ids
                ],
            )
            for challenge in stock
        ]
    )
    (stock | ours).action_start()
    Goal = env["gamification.goal"]
    return (
        Goal.search([("challenge_id", "in", stock.ids)]),
        Goal.search([("challenge_id", "in", ours.ids)]),
    )


def refresh(env, goals, update):
    """Reset the goals, then time one full refresh, writes included:
    (seconds, queries)."""
    reset_goals(env, goals)
    with Cost(env.cr) as cost:
        update(goals)
        env.flush_all()
    return cost.seconds, cost.queries


def bench(env, n, stock_update):
    """One size: the history, the challenges, then the refreshes.
    Returns the queries of our refresh."""
    rng = random.Random(n)
    now = fields.Datetime.now()
    _team, users = make_history(env, n, month_start(now), now, rng)
    # Fresh statistics, as autovacuum would give a real database: without
    # them PostgreSQL plans for the empty tables it knew.
    env.cr.execute(SQL("ANALYZE crm_lead, account_move, account_move_line, res_users"))
    env.invalidate_all()
    stock_goals, our_goals = start_challenges(env, users)
    results = {"stock": [], "ours": []}
    for _round in range(ROUNDS):
        results["stock"].append(refresh(env, stock_goals, stock_update))
        results["ours"].append(
            refresh(env, our_goals, lambda goals: goals.update_goal())
        )
    stock_time = statistics.median(t for t, _q in results["stock"])
    our_time = statistics.median(t for t, _q in results["ours"])
    stock_queries = results["stock"][-1][1]
    our_queries = results["ours"][-1][1]
    print(
        f"{n:5d}  {len(stock_goals):6d}  {stock_time:9.3f} s  {stock_queries:7d}  "
        f"{our_time:9.3f} s  {our_queries:7d}  {stock_time / our_time:7.2f}x  "
        f"{stock_queries / our_queries:7.2f}x",
        flush=True,
    )
    return our_queries


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--sizes", default="50,200,2000")
    args = parser.parse_args()
    registry = load_registry(args.config, args.database)
    # Odoo's own class, whose update_goal our override replaces: called
    # unbound on the goals, it refreshes them as stock Odoo does.
    from odoo.addons.gamification.models.gamification_goal import Goal as StockGoal

    print(
        "Full refresh of the goals of two monthly challenges (4 lines), median of "
        f"{ROUNDS}; ratios are stock / ours"
    )
    print("    N   goals      stock  queries       ours  queries    speed  queries")
    our_queries = set()
    for n in (int(size) for size in args.sizes.split(",")):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            try:
                our_queries.add(bench(env, n, StockGoal.update_goal))
            finally:
                cr.rollback()
    print(
        "Queries of our refresh: "
        + (
            f"{our_queries.pop()} at every size"
            if len(our_queries) == 1
            else "they vary with N: " + ", ".join(map(str, sorted(our_queries)))
        )
    )


if __name__ == "__main__":
    main()
