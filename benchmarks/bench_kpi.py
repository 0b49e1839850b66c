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

import argparse
import os
import random
import statistics
import time
from datetime import datetime, timedelta

import odoo
from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry
from odoo.tools import SQL

LEADS_PER_USER = 50
INVOICES_PER_USER = 10
ROUNDS = 3
# Rows per INSERT statement of the generated history.
PAGE = 2000
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


def load_registry(config, database):
    """Odoo's configuration from ``config``, then the registry of
    ``database``, whose company gets a chart of accounts if it has none."""
    # Odoo's datetimes are UTC: odoo-bin sets the same for the server.
    os.environ["TZ"] = "UTC"
    time.tzset()
    odoo.tools.config.parse_config(
        ["-c", config, "--log-level=warn"], setup_logging=True
    )
    registry = Registry(database)
    # Importable once the configuration has set the addons path.
    from odoo.addons.sales_gamification.hooks import ensure_chart_of_accounts

    with registry.cursor() as cr:
        ensure_chart_of_accounts(api.Environment(cr, SUPERUSER_ID, {}))
    return registry


def make_users(env, n):
    """A sales team of ``n`` salespeople."""
    salesman = env.ref("sales_team.group_sale_salesman")
    team = env["crm.team"].create({"name": "Benchmark team"})
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, tracking_disable=True)
        .create(
            [
                {
                    "name": f"Salesperson {i:04d}",
                    "login": f"bench{i:04d}",
                    "email": f"bench{i:04d}@example.com",
                    "groups_id": [Command.set(salesman.ids)],
                }
                for i in range(n)
            ]
        )
    )
    team.member_ids = users
    return team, users


def paged(rows):
    """``rows`` in slices of ``PAGE``, as the rows of VALUES lists."""
    for start in range(0, len(rows), PAGE):
        end = start + PAGE
        yield SQL(", ").join(SQL("%s", row) for row in rows[start:end])


def insert_rows(cr, table, columns, rows):
    """INSERT ``rows`` (tuples in the order of ``columns``) into ``table``."""
    names = SQL(", ").join(SQL.identifier(column) for column in columns)
    for values in paged(rows):
        cr.execute(
            SQL("INSERT INTO %s (%s) VALUES %s", SQL.identifier(table), names, values)
        )


def make_leads(env, team, users, month_start, now, rng):
    """50 leads per user this month, inserted with SQL (setup only)."""
    # The columns the addon adds, in a database that has it.
    addon = "date_opportunity" in env["crm.lead"]._fields
    stage_new = env.ref("crm.stage_lead1").id
    stage_won = env.ref("crm.stage_lead4").id
    company = env.company.id
    span = (now - month_start).total_seconds()
    rows = []
    for user in users:
        for _index in range(LEADS_PER_USER):
            created = month_start + timedelta(seconds=int(rng.uniform(0, span)))
            kind, converted, closed = "lead", None, None
            active, probability, stage, revenue = True, 10.0, stage_new, 0.0
            roll = rng.random()
            if roll < 0.7:
                kind = "opportunity"
                revenue = float(rng.randint(5, 100) * 100)
                if roll < 0.5:
                    converted = min(created + timedelta(days=rng.uniform(0, 5)), now)
                outcome = rng.random()
                if outcome < 0.4:
                    closed = min(
                        (converted or created) + timedelta(days=rng.uniform(0, 9)), now
                    )
                    probability, stage = 100.0, stage_won
                elif outcome < 0.7:
                    closed = min(
                        (converted or created) + timedelta(days=rng.uniform(0, 9)), now
                    )
                    active, probability = False, 0.0

            def days(end, created=created):
                return (end - created).total_seconds() / 86400.0 if end else 0.0

            row = (
                "Benchmark lead",
                kind,
                user.id,
                team.id,
                company,
                stage,
                active,
                probability,
                revenue,
                created,
                created,
                created,
                converted,
                closed,
                0.0,
                float(abs(int(days(closed)))),
            )
            if addon:
                row += (
                    (converted or created) if kind == "opportunity" else None,
                    days(converted),
                    days(closed),
                )
            rows.append(row)
    columns = [
        "name",
        "type",
        "user_id",
        "team_id",
        "company_id",
        "stage_id",
        "active",
        "probability",
        "expected_revenue",
        "create_date",
        "write_date",
        "date_open",
        "date_conversion",
        "date_closed",
        "day_open",
        "day_close",
    ]
    if addon:
        columns += ["date_opportunity", "days_to_qualify", "days_to_close"]
    insert_rows(env.cr, "crm_lead", columns, rows)


def _table_columns(cr, table, excluded):
    cr.execute(
        SQL(
            """SELECT column_name FROM information_schema.columns
                WHERE table_name = %s AND column_name NOT IN %s
             ORDER BY ordinal_position""",
            table,
            tuple(excluded),
        )
    )
    return [column for (column,) in cr.fetchall()]


def make_invoices(env, users, month_start, now, rng):
    """10 posted invoices per user: copies of one real posted invoice."""
    product = env["product.product"].create(
        {
            "name": "Benchmark service",
            "type": "service",
            "list_price": 1000.0,
            "taxes_id": [Command.clear()],
        }
    )
    partner = env["res.partner"].create(
        {"name": "Benchmark customer", "customer_rank": 1}
    )
    template = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_user_id": users[0].id,
            "invoice_date": month_start.date(),
            "invoice_line_ids": [
                Command.create(
                    {"product_id": product.id, "quantity": 1, "price_unit": 1000.0}
                )
            ],
        }
    )
    template.action_post()
    env.flush_all()
    cr = env.cr
    # Everything is copied but what tells the copies apart. They follow the
    # template in its journal's sequence, so that invoices posted later
    # continue it.
    move_columns = _table_columns(
        cr,
        "account_move",
        ("id", "invoice_user_id", "invoice_date", "date", "name", "sequence_number"),
    )
    prefix = template.sequence_prefix
    digits = len(template.name) - len(prefix)
    span = (now - month_start).days
    values = [
        (
            user.id,
            month_start.date() + timedelta(days=rng.randint(0, span)),
            f"{prefix}{number:0{digits}d}",
            number,
        )
        for number, user in enumerate(
            (user for user in users for _i in range(INVOICES_PER_USER)),
            start=template.sequence_number + 1,
        )
    ]
    new_ids = []
    for page in paged(values):
        cr.execute(
            SQL(
                """INSERT INTO account_move (invoice_user_id, invoice_date, date,
                                             name, sequence_number, %(columns)s)
                   SELECT v.user_id, v.day, v.day, v.name, v.number, %(copied)s
                     FROM account_move t,
                          (VALUES %(values)s) AS v (user_id, day, name, number)
                    WHERE t.id = %(template)s
                RETURNING id""",
                columns=SQL(", ").join(SQL.identifier(c) for c in move_columns),
                copied=SQL(", ").join(SQL.identifier("t", c) for c in move_columns),
                values=page,
                template=template.id,
            )
        )
        new_ids += [move_id for (move_id,) in cr.fetchall()]
    # The lines repeat what they store of their invoice.
    own = ("move_id", "date", "invoice_date", "move_name")
    line_columns = _table_columns(cr, "account_move_line", ("id",) + own)
    cr.execute(
        SQL(
            """INSERT INTO account_move_line
                      (move_id, date, invoice_date, move_name, %(columns)s)
               SELECT m.id, m.date, m.invoice_date, m.name, %(copied)s
                 FROM account_move_line l, account_move m
                WHERE l.move_id = %(template)s AND m.id = ANY(%(new_ids)s)""",
            columns=SQL(", ").join(SQL.identifier(c) for c in line_columns),
            copied=SQL(", ").join(SQL.identifier("l", c) for c in line_columns),
            template=template.id,
            new_ids=new_ids,
        )
    )


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
            {
                "name": f"{challenge.name} (sales_gamification)",
                "period": "monthly",
                "visibility_mode": "ranking",
                "report_message_frequency": "never",
                # Without it, a new challenge takes every internal user.
                "user_domain": False,
                "user_ids": [Command.set(users.ids)],
                "line_ids": [
                    Command.create(
                        {
                            "definition_id": env.ref(
                                OUR_DEFINITIONS[
                                    definition_xmlids[line.definition_id.id]
                                ]
                            ).id,
                            "target_goal": line.target_goal,
                        }
                    )
                    for line in challenge.line_ids
                ],
            }
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
    env.flush_all()
    env.cr.execute(
        SQL(
            """UPDATE gamification_goal
                  SET current = 0, sample_size = 0, state = 'inprogress',
                      closed = false
                WHERE id IN %s""",
            tuple(goals.ids),
        )
    )
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    update(goals)
    env.flush_all()
    return time.perf_counter() - start, env.cr.sql_log_count - queries


def bench(env, n, stock_update):
    """One size: the history, the challenges, then the refreshes.
    Returns the queries of our refresh."""
    rng = random.Random(n)
    now = fields.Datetime.now()
    month_start = datetime(now.year, now.month, 1)
    team, users = make_users(env, n)
    make_leads(env, team, users, month_start, now, rng)
    make_invoices(env, users, month_start, now, rng)
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
        "%5d  %6d  %9.3f s  %7d  %9.3f s  %7d  %7.2fx  %7.2fx"
        % (
            n,
            len(stock_goals),
            stock_time,
            stock_queries,
            our_time,
            our_queries,
            stock_time / our_time,
            stock_queries / our_queries,
        ),
        flush=True,
    )
    return our_queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
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
        "Queries of our refresh: %s"
        % (
            f"{our_queries.pop()} at every size"
            if len(our_queries) == 1
            else "they vary with N: " + ", ".join(map(str, sorted(our_queries)))
        )
    )


if __name__ == "__main__":
    main()
