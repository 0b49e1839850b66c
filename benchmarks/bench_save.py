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
the ratio with the addon / without, first with no TV board open, then with
the boards of the three challenges open (their pushes run after each
commit, in threads of this process, as in a server).

Then the cost of one TV push: a challenge of 20 salespeople and three goals
whose board is open; after each win, the server CPU of the push that
follows it (``push_boards_after_commit``), against Odoo's own computation
of the same challenge's leaderboard (``_get_serialized_challenge_lines``) in
the database without the addon.

    python benchmarks/bench_save.py -c odoo.conf -d DB -D STOCK_DB
"""

import queue
import random
import statistics
import time
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tools import SQL

from bench_common import (
    argument_parser,
    load_registry,
    monthly_challenge,
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
# The salespeople of the TV board's challenge, and its goals: the addon's,
# and Odoo's nearest without it.
TV_ROWS = 20
TV_DEFINITIONS = {
    True: (
        "sales_gamification.definition_invoiced_amount",
        "sales_gamification.definition_new_leads",
        "sales_gamification.definition_won_opportunities",
    ),
    False: (
        "gamification_sale_crm.definition_crm_tot_invoices",
        "gamification_sale_crm.definition_crm_nbr_new_leads",
        "gamification_sale_crm.definition_crm_nbr_new_opportunities",
    ),
}
TV_ROUNDS = 50


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
        # Two passes of rounds: without, then with the boards open.
        sellers = [users[index % len(users)] for index in range(2 * ROUNDS)]
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
        tv = start_tv_challenge(env, users[:TV_ROWS], ours)
        tv_deals = env["crm.lead"].create(
            [
                {
                    "name": f"TV deal {index}",
                    "type": "opportunity",
                    "user_id": users[index % TV_ROWS].id,
                    "partner_id": partner.id,
                    "expected_revenue": 2000.0,
                }
                for index in range(TV_ROUNDS)
            ]
        )
        return {
            "tv": tv.id,
            "tv_deals": tv_deals.ids,
            "sellers": users.ids,
            "billing": billing.id,
            "deals": deals.ids,
            "invoices": invoices.ids,
            "partner": partner.id,
        }


def start_tv_challenge(env, users, ours):
    """A monthly challenge of ``users`` and three goals; with the addon, its
    board is open."""
    challenge = env["gamification.challenge"].create(
        monthly_challenge(
            "TV push",
            users,
            [(env.ref(xmlid).id, 10.0) for xmlid in TV_DEFINITIONS[ours]],
        )
    )
    challenge.action_start()
    if ours:
        open_boards(env, challenge)
    return challenge


def open_boards(env, challenges):
    """Boards open on ``challenges`` for the whole run, as boards that load
    every minute keep them."""
    now = fields.Datetime.now()
    challenges.write(
        {
            "tv_watched_since": now - timedelta(minutes=1),
            "tv_watched_until": now + timedelta(hours=2),
        }
    )


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
    report_saves(registries, data, range(ROUNDS), "no TV board open")
    with registries["ours"].cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        open_boards(
            env,
            env["gamification.challenge"].browse(
                env.ref(xmlid).id for xmlid in TEMPLATES
            ),
        )
    report_saves(
        registries,
        data,
        range(ROUNDS, 2 * ROUNDS),
        "the boards of the 3 challenges open, pushed after each commit",
    )
    report_tv_push(registries, data)


def report_saves(registries, data, rounds, boards):
    times = {"ours": [], "stock": []}
    for index in rounds:
        # Each database goes first every other round: neither gets the
        # warmer caches.
        order = ("stock", "ours") if index % 2 else ("ours", "stock")
        for name in order:
            times[name].append(run_round(registries[name], data[name], index))
    print()
    print(
        f"Cost of saving, {SALESPEOPLE} salespeople, 3 challenges running with the "
        f"addon, {boards}; median of {len(rounds)} committed actions"
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


def cpu(function):
    """Server CPU seconds of ``function()`` in this thread (its SQL queries
    are PostgreSQL's), and its wall-clock seconds."""
    start_cpu, start = time.thread_time(), time.perf_counter()
    function()
    return time.thread_time() - start_cpu, time.perf_counter() - start


def report_tv_push(registries, data):
    """The CPU of the TV push that follows a win, with the figures of the
    goals that did not change kept from the push before, and with every
    figure computed; Odoo's own leaderboard of the same challenge without
    the addon."""
    from odoo.addons.sales_gamification.models import (
        gamification_challenge_tv as tv,
    )
    from odoo.addons.sales_gamification.models import (
        gamification_challenge_tv_board as tv_board,
    )

    ours, stock = registries["ours"], registries["stock"]
    # Only the TV challenge's board stays open: a win pushes it alone.
    with ours.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["gamification.challenge"].browse(
            env.ref(xmlid).id for xmlid in TEMPLATES
        ).tv_watched_until = False
    # The push that the commit of a win starts, in its thread, timed there,
    # and the board's figures within it (the rest is Odoo's bus).
    pushes = queue.Queue()
    push = tv.push_boards_after_commit
    board_data = tv_board.GamificationChallenge._tv_board_data
    figures = []

    def timed_push(dbname, challenge_ids):
        pushes.put(cpu(lambda: push(dbname, challenge_ids)) + (figures.pop(),))

    def timed_board_data(challenge, *args):
        result = []
        figures.append(cpu(lambda: result.append(board_data(challenge, *args))))
        return result[0]

    tv.push_boards_after_commit = timed_push
    tv_board.GamificationChallenge._tv_board_data = timed_board_data

    def win(name, index):
        with registries[name].cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            lead = env["crm.lead"].browse(data[name]["tv_deals"][index])
            lead.with_user(lead.user_id).action_set_won()

    def stock_leaderboard():
        with stock.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["gamification.challenge"].browse(
                data["stock"]["tv"]
            )._get_serialized_challenge_lines()

    kept, computed, odoo = [], [], []
    try:
        for index in range(TV_ROUNDS):
            if index % 2:
                # Every figure computed: nothing kept from the push before.
                tv_board._kept.clear()
            win("ours", index)
            (computed if index % 2 else kept).append(pushes.get(timeout=60))
            win("stock", index)
            odoo.append(cpu(stock_leaderboard))
    finally:
        tv.push_boards_after_commit = push
        tv_board.GamificationChallenge._tv_board_data = board_data
    print()
    print(
        f"One TV push after a win, {TV_ROWS} rows and 3 goals; median of "
        f"{TV_ROUNDS // 2} each"
    )
    print("                                                   server CPU     wall")
    for label, values in (
        ("Odoo's leaderboard of the challenge, no addon", odoo),
        ("push, figures of the goals that did not move kept", kept),
        ("  of which the board's figures", [v[2] for v in kept]),
        ("push, every figure computed", computed),
        ("  of which the board's figures", [v[2] for v in computed]),
    ):
        print(
            f"  {label:<48} {statistics.median(v[0] for v in values) * 1000:7.1f} ms"
            f" {statistics.median(v[1] for v in values) * 1000:7.1f} ms"
        )
    ratio = statistics.median(v[0] for v in kept) / statistics.median(
        v[0] for v in odoo
    )
    print(f"  push (kept) / Odoo's leaderboard, server CPU: {ratio:.2f}x", flush=True)


if __name__ == "__main__":
    main()
