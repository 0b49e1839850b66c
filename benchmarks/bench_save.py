# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Cost of saving: the same sales work with and without the addon.

Two databases of the same run: one with sales_gamification and its three
challenge templates running for a team (goals that move on every save),
one with stock Odoo only (gamification, sale_crm, account). Both get the
same history: N salespeople with 50 leads and 10 posted invoices each this
month. Then, in alternation, each database does the same work, one
committed transaction per action, as the user who does it in real life:
a salesperson creates a lead, a salesperson marks an opportunity won, a
billing user posts an invoice. Printed: the median time of each action and
the ratio with the addon / without.

    python benchmarks/bench_save.py -c odoo.conf -d DB -D STOCK_DB
"""

import random
import statistics

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tools import SQL

from bench_common import (
    argument_parser,
    load_registry,
    open_registry,
    timed_transaction,
)
from sales_data import make_history, month_start

SALESPEOPLE = 50
# Enough rounds for a stable median on a 2-core machine.
ROUNDS = 100
TEMPLATES = (
    "sales_gamification.challenge_monthly_sales_targets",
    "sales_gamification.challenge_lead_acquisition",
    "sales_gamification.challenge_closing",
)
ACTIONS = ("create a lead", "win a deal", "post an invoice")


def prepare(registry, ours):
    """History, the challenges (with the addon), and what the rounds use:
    an open opportunity and a draft invoice per round. Returns
    {'sellers': [uid], 'billing': uid, 'deals': [id], 'invoices': [id],
    'partner': id}."""
    rng = random.Random(SALESPEOPLE)
    now = fields.Datetime.now()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        team, users = make_history(env, SALESPEOPLE, month_start(now), now, rng)
        billing = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Billing",
                    "login": "billing",
                    "email": "billing@example.com",
                    "groups_id": [
                        Command.set(env.ref("account.group_account_invoice").ids)
                    ],
                }
            )
        )
        if ours:
            for xmlid in TEMPLATES:
                challenge = env.ref(xmlid)
                challenge.write(
                    {
                        "team_id": team.id,
                        "user_domain": False,
                        "report_message_frequency": "never",
                    }
                )
                challenge.action_start()
        partner = env["res.partner"].create({"name": "Customer", "customer_rank": 1})
        product = env["product.product"].search([("name", "=", "Benchmark service")])
        # Prepared without the refresh: only the measured actions count.
        env = env(context=dict(env.context, sales_gamification_no_refresh=True))
        sellers = [users[index % len(users)] for index in range(ROUNDS)]
        deals = env["crm.lead"].create(
            [
                {
                    "name": f"Deal {index}",
                    "type": "opportunity",
                    "user_id": seller.id,
                    "partner_id": partner.id,
                    "expected_revenue": 1000.0,
                }
                for index, seller in enumerate(sellers)
            ]
        )
        invoices = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_user_id": seller.id,
                    "invoice_date": fields.Date.today(),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1,
                                "price_unit": 500.0,
                            }
                        )
                    ],
                }
                for seller in sellers
            ]
        )
        env.flush_all()
        cr.execute(
            SQL(
                "ANALYZE crm_lead, account_move, account_move_line, "
                "gamification_goal, res_users"
            )
        )
        return {
            "sellers": users.ids,
            "billing": billing.id,
            "deals": deals.ids,
            "invoices": invoices.ids,
            "partner": partner.id,
        }


def timed(registry, uid, action):
    """Seconds of ``action(env)`` and its commit, as one request."""
    return timed_transaction(registry, uid, action)[0]


def run_round(registry, data, index):
    # The round's deal belongs to the round's salesperson (see prepare).
    seller = data["sellers"][index % len(data["sellers"])]
    return {
        "create a lead": timed(
            registry,
            seller,
            lambda env: env["crm.lead"].create(
                {
                    "name": f"New lead {index}",
                    "user_id": seller,
                    "partner_id": data["partner"],
                }
            ),
        ),
        "win a deal": timed(
            registry,
            seller,
            lambda env: env["crm.lead"].browse(data["deals"][index]).action_set_won(),
        ),
        "post an invoice": timed(
            registry,
            data["billing"],
            lambda env: env["account.move"]
            .browse(data["invoices"][index])
            .action_post(),
        ),
    }


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("-D", "--stock-database", required=True)
    args = parser.parse_args()
    registries = {
        "ours": load_registry(args.config, args.database),
        "stock": open_registry(args.stock_database),
    }
    data = {
        name: prepare(registry, name == "ours") for name, registry in registries.items()
    }
    times = {"ours": [], "stock": []}
    for index in range(ROUNDS):
        # Each database goes first every other round: neither gets the
        # warmer caches.
        order = ("stock", "ours") if index % 2 else ("ours", "stock")
        for name in order:
            times[name].append(run_round(registries[name], data[name], index))
    print()
    print(
        f"Cost of saving, {SALESPEOPLE} salespeople, 3 challenges running with the "
        f"addon; median of {ROUNDS} committed actions"
    )
    print("  action              without addon   with addon    ratio")
    for action in ACTIONS:
        stock = statistics.median(t[action] for t in times["stock"])
        ours = statistics.median(t[action] for t in times["ours"])
        print(
            f"  {action:<18}  {stock * 1000:10.1f} ms  {ours * 1000:8.1f} ms  "
            f"{ours / stock:6.2f}x",
            flush=True,
        )


if __name__ == "__main__":
    main()
