# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The benchmarks' sales history: a team of salespeople, their leads and
opportunities, posted invoices and confirmed sales orders, inserted with SQL
(setup only); and the goals reset before a refresh is timed."""

from datetime import datetime, timedelta

from odoo import Command
from odoo.tools import SQL

LEADS_PER_USER = 50
INVOICES_PER_USER = 10
ORDERS_PER_USER = 10
# Rows per INSERT statement of the generated history.
PAGE = 2000


def month_start(day, months_back=0):
    """Midnight on the first day of the month ``months_back`` months before
    ``day``'s."""
    index = day.year * 12 + day.month - 1 - months_back
    return datetime(index // 12, index % 12 + 1, 1)


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


def make_history(env, n, start, now, rng, leads_per_user=LEADS_PER_USER):
    """A sales team of ``n`` salespeople, and their leads and posted invoices
    from ``start`` to ``now``: (team, users)."""
    team, users = make_users(env, n)
    make_leads(env, team, users, start, now, rng, leads_per_user)
    make_invoices(env, users, start, now, rng)
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


def make_leads(env, team, users, start, now, rng, per_user=LEADS_PER_USER):
    """``per_user`` leads per salesperson from ``start`` to ``now``."""
    # The columns the addon adds, in a database that has it.
    addon = "date_opportunity" in env["crm.lead"]._fields
    stage_new = env.ref("crm.stage_lead1").id
    stage_won = env.ref("crm.stage_lead4").id
    company = env.company.id
    span = (now - start).total_seconds()
    rows = []
    for user in users:
        for _index in range(per_user):
            created = start + timedelta(seconds=int(rng.uniform(0, span)))
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


def table_columns(cr, table, excluded):
    """The columns of ``table`` but ``excluded``, in their order."""
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


def make_invoices(env, users, start, now, rng, per_user=INVOICES_PER_USER):
    """``per_user`` posted invoices per salesperson from ``start`` to
    ``now``: copies of one real posted invoice."""
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
            "invoice_date": start.date(),
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
    move_columns = table_columns(
        cr,
        "account_move",
        ("id", "invoice_user_id", "invoice_date", "date", "name", "sequence_number"),
    )
    prefix = template.sequence_prefix
    digits = len(template.name) - len(prefix)
    span = (now - start).days
    values = [
        (
            user.id,
            start.date() + timedelta(days=rng.randint(0, span)),
            f"{prefix}{number:0{digits}d}",
            number,
        )
        for number, user in enumerate(
            (user for user in users for _i in range(per_user)),
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
    line_columns = table_columns(cr, "account_move_line", ("id",) + own)
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


def make_orders(env, team, users, start, now, rng, per_user=ORDERS_PER_USER):
    """``per_user`` confirmed sales orders per salesperson from ``start`` to
    ``now``. They have no lines: the KPIs read the orders' own columns."""
    partner = env["res.partner"].create({"name": "Benchmark buyer"})
    company = env.company
    span = (now - start).total_seconds()
    rows = []
    for user in users:
        for index in range(per_user):
            ordered = start + timedelta(seconds=int(rng.uniform(0, span)))
            amount = float(rng.randint(10, 200) * 100)
            rows.append(
                (
                    f"BENCH/{user.id}/{index}",
                    partner.id,
                    partner.id,
                    partner.id,
                    company.id,
                    company.currency_id.id,
                    user.id,
                    team.id,
                    "sale",
                    "no",
                    ordered,
                    ordered,
                    ordered,
                    amount,
                    0.0,
                    amount,
                    amount,
                    1.0,
                )
            )
    columns = [
        "name",
        "partner_id",
        "partner_invoice_id",
        "partner_shipping_id",
        "company_id",
        "currency_id",
        "user_id",
        "team_id",
        "state",
        "invoice_status",
        "date_order",
        "create_date",
        "write_date",
        "amount_untaxed",
        "amount_tax",
        "amount_total",
        "amount_untaxed_company",
        "currency_rate",
    ]
    insert_rows(env.cr, "sale_order", columns, rows)


def reset_goals(env, goals):
    """``goals`` back to zero, open and in progress: the next refresh writes
    every one of them."""
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
