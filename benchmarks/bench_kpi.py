# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Refresh cost of sales goals: Odoo 11's stock engine against ours.

For each size N, in one transaction that is rolled back at the end:
N salespeople get 50 leads (converted, won, lost or open) and 10 posted
invoices each this month. Odoo's own "Monthly Sales Targets" and "Lead
Acquisition" challenges (gamification_sale_crm's definitions) are started,
and so is the same pair of challenges built on sales_gamification's
definitions. Each side's goals are then reset and refreshed in full, three
times in alternation: the stock side with Odoo's unmodified
``gamification.goal.update_goal``, ours with the KPI engine. Printed: the
median time and the SQL queries of one refresh, and the ratios.

    python benchmarks/bench_kpi.py -c odoo.conf -d DB [--sizes 50,200,500]
"""
import argparse
import random
import statistics
import time
from datetime import datetime, timedelta

import psycopg2.extras

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.addons.gamification.models.goal import Goal as StockGoal

LEADS_PER_USER = 50
INVOICES_PER_USER = 10
ROUNDS = 3


def make_users(env, n):
    salesman = env.ref("sales_team.group_sale_salesman")
    team = env["crm.team"].create({"name": "Benchmark team"})
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    users = Users.browse()
    for i in range(n):
        users |= Users.create(
            {
                "name": "Salesperson %04d" % i,
                "login": "bench%04d" % i,
                "email": "bench%04d@example.com" % i,
                "sale_team_id": team.id,
                "groups_id": [(6, 0, [salesman.id])],
            }
        )
    return team, users


def make_leads(env, team, users, month_start, now, rng):
    """50 leads per user this month, inserted with SQL (setup only)."""
    # The columns the addon adds, in a database that has it.
    addon = "date_opportunity" in env["crm.lead"]._fields
    stage_new = env.ref("crm.stage_lead1").id
    stage_won = env.ref("crm.stage_lead4").id
    company = env.user.company_id.id
    span = (now - month_start).total_seconds()
    rows = []
    for user in users:
        for _index in range(LEADS_PER_USER):
            created = month_start + timedelta(seconds=rng.uniform(0, span))
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
                int(days(created)),
                abs(int(days(closed))),
            )
            if addon:
                row += (
                    (converted or created) if kind == "opportunity" else None,
                    days(converted),
                    days(closed),
                )
            rows.append(row)
    columns = """name, type, user_id, team_id, company_id, stage_id, active,
        probability, planned_revenue, create_date, write_date, date_open,
        date_conversion, date_closed, day_open, day_close"""
    if addon:
        columns += ", date_opportunity, days_to_qualify, days_to_close"
    psycopg2.extras.execute_values(
        env.cr._obj,
        "INSERT INTO crm_lead (%s) VALUES %%s" % columns,
        rows,
        page_size=2000,
    )


def make_invoices(env, users, month_start, now, rng):
    """10 posted invoices per user: copies of one real posted invoice."""
    product = env["product.product"].create(
        {"name": "Benchmark service", "type": "service", "list_price": 1000.0}
    )
    partner = env["res.partner"].create(
        {"name": "Benchmark customer", "customer": True}
    )
    income_account = product.categ_id.property_account_income_categ_id
    template = env["account.invoice"].create(
        {
            "partner_id": partner.id,
            "user_id": users[0].id,
            "date_invoice": fields.Date.to_string(month_start),
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "name": "Service",
                        "product_id": product.id,
                        "quantity": 1,
                        "price_unit": 1000.0,
                        "account_id": income_account.id,
                    },
                )
            ],
        }
    )
    template.action_invoice_open()
    cr = env.cr
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'account_invoice' AND column_name NOT IN "
        "('id', 'user_id', 'date_invoice', 'number', 'move_name')"
    )
    columns = ", ".join('"%s"' % c for c, in cr.fetchall())
    span = (now - month_start).days
    rows = [
        (
            user.id,
            month_start.date() + timedelta(days=rng.randint(0, span)),
            "%s-%d" % (user.id, i),
        )
        for user in users
        for i in range(INVOICES_PER_USER)
    ]
    new_ids = []
    for page in range(0, len(rows), 2000):
        new_ids += [
            row[0]
            for row in psycopg2.extras.execute_values(
                cr._obj,
                """INSERT INTO account_invoice
                          (user_id, date_invoice, number, move_name, {cols})
                   SELECT v.user_id, v.day::date, 'BENCH/' || v.ref,
                          'BENCH/' || v.ref, {cols}
                     FROM account_invoice t, (VALUES %s) AS v (user_id, day, ref)
                    WHERE t.id = {template}
                   RETURNING id""".format(
                    cols=columns, template=template.id
                ),
                rows[page : page + 2000],  # noqa: E203
                page_size=2000,
                fetch=True,
            )
        ]
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'account_invoice_line' "
        "AND column_name NOT IN ('id', 'invoice_id')"
    )
    line_columns = ", ".join('"%s"' % c for c, in cr.fetchall())
    cr.execute(
        """INSERT INTO account_invoice_line (invoice_id, {cols})
           SELECT new.id, {cols} FROM account_invoice_line l, unnest(%s) AS new (id)
            WHERE l.invoice_id = %s""".format(
            cols=line_columns
        ),
        (new_ids, template.id),
    )


def start_challenges(env, users):
    """Odoo's two sales challenges, and the same two on our definitions."""
    ref = env.ref
    stock = ref("gamification_sale_crm.challenge_crm_sale") | ref(
        "gamification_sale_crm.challenge_crm_marketing"
    )
    stock.write(
        {
            "user_domain": False,
            "user_ids": [(6, 0, users.ids)],
            "report_message_frequency": "never",
        }
    )
    Challenge = env["gamification.challenge"]
    ours = Challenge.browse()
    for challenge in stock:
        ours |= Challenge.create(
            {
                "name": challenge.name + " (sales_gamification)",
                "period": "monthly",
                "visibility_mode": "ranking",
                "report_message_frequency": "never",
                "user_ids": [(6, 0, users.ids)],
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "definition_id": ref(xmlid).id,
                            "target_goal": line.target_goal,
                        },
                    )
                    for line, xmlid in zip(
                        challenge.line_ids,
                        {
                            "gamification_sale_crm.challenge_crm_sale": [
                                "sales_gamification.definition_invoiced_amount"
                            ],
                            "gamification_sale_crm.challenge_crm_marketing": [
                                "sales_gamification.definition_new_leads",
                                "sales_gamification.definition_time_to_qualify",
                                "sales_gamification.definition_new_opportunities",
                            ],
                        }[challenge.get_external_id()[challenge.id]],
                    )
                ],
            }
        )
    (stock | ours).action_start()
    Goal = env["gamification.goal"]
    return (
        Goal.search([("challenge_id", "in", stock.ids)]),
        Goal.search([("challenge_id", "in", ours.ids)]),
    )


def refresh(env, goals, update):
    """Reset the goals, then time one full refresh: (seconds, queries)."""
    env.cr.execute(
        "UPDATE gamification_goal SET current = 0, sample_size = 0, "
        "state = 'inprogress', closed = false WHERE id IN %s",
        (tuple(goals.ids),),
    )
    env["gamification.goal"].invalidate_cache()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    update(goals)
    return time.perf_counter() - start, env.cr.sql_log_count - queries


def bench(env, n):
    rng = random.Random(n)
    now = datetime.utcnow().replace(microsecond=0)
    month_start = datetime(now.year, now.month, 1)
    team, users = make_users(env, n)
    make_leads(env, team, users, month_start, now, rng)
    make_invoices(env, users, month_start, now, rng)
    # Fresh statistics, as autovacuum would give a real database: without
    # them PostgreSQL plans for the empty tables it knew.
    env.cr.execute("ANALYZE crm_lead, account_invoice, account_invoice_line, res_users")
    env["gamification.goal"].invalidate_cache()
    stock_goals, our_goals = start_challenges(env, users)
    results = {"stock": [], "ours": []}
    for _round in range(ROUNDS):
        results["stock"].append(refresh(env, stock_goals, StockGoal.update_goal))
        results["ours"].append(
            refresh(env, our_goals, lambda goals: goals.update_goal())
        )
    stock_time = statistics.median(t for t, _q in results["stock"])
    our_time = statistics.median(t for t, _q in results["ours"])
    stock_queries = results["stock"][-1][1]
    our_queries = results["ours"][-1][1]
    print(
        "%5d  %6d  %9.3f s  %7d  %9.3f s  %7d  %7.1fx  %7.1fx"
        % (
            n,
            len(stock_goals),
            stock_time,
            stock_queries,
            our_time,
            our_queries,
            stock_time / our_time,
            float(stock_queries) / our_queries,
        ),
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="50,200,500")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    registry = odoo.registry(args.database)
    print(
        "Full refresh of the goals of two monthly challenges (4 lines), median of %d"
        % ROUNDS
    )
    print("    N   goals      stock  queries       ours  queries    speed  queries")
    for n in (int(size) for size in args.sizes.split(",")):
        with api.Environment.manage(), registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            try:
                bench(env, n)
            finally:
                cr.rollback()


if __name__ == "__main__":
    main()
