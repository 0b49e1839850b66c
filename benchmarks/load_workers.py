# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The sales floor of load.py: salespeople who save leads, deals and
invoices, a manager who reassigns leads, and the gamification cron made due
once."""

import random
import time
from contextlib import closing

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.sql_db import db_connect
from odoo.tools import SQL

from load_clients import Session

# Seconds between two saves of a salesperson (one every 8 s on average:
# 150 saves a minute on the floor, a busy hour's peak), and of the manager;
# --pause changes the first.
PAUSE = (4.0, 12.0)
MANAGER_PAUSE = 2.0
# Requests per salesperson, at the most.
MAX_REQUESTS = 400


def salesperson(server, database, login, seller, data, stats, until, seed, pause):
    """Saves of one salesperson until ``until``, ``pause`` (min, max seconds)
    apart."""
    rng = random.Random(seed)
    try:
        session = Session(server.http_port, database, login)
    except Exception:
        stats.error("login")
        return
    won = 0
    open_deals = []
    for request in range(MAX_REQUESTS):
        if time.time() >= until:
            break
        time.sleep(rng.uniform(*pause))
        kind = rng.choices(("lead", "win", "lose", "invoice"), (3, 3, 1, 2))[0]
        if kind == "lose" and not open_deals:
            kind = "opportunity"
        try:
            started = time.time()
            if kind == "lead":
                session.call(
                    "crm.lead",
                    "create",
                    {
                        "name": f"Lead {request} of {login}",
                        "type": "lead",
                        "user_id": seller,
                        "team_id": data["team"],
                    },
                )
                stats.save("create lead", time.time() - started)
            elif kind in ("win", "opportunity"):
                deal = session.call(
                    "crm.lead",
                    "create",
                    {
                        "name": f"Deal {request} of {login}",
                        "type": "opportunity",
                        "user_id": seller,
                        "team_id": data["team"],
                        "partner_id": data["partner"],
                        "expected_revenue": rng.randint(5, 50) * 100,
                    },
                )
                stats.save("create opportunity", time.time() - started)
                if kind == "opportunity":
                    open_deals.append(deal)
                    continue
                started = time.time()
                session.call("crm.lead", "action_set_won", [deal])
                committed = time.time()
                stats.save("win deal", committed - started)
                won += 1
                with stats.lock:
                    stats.wins.append((seller, won, started, committed))
                # Some deals stay open, to be lost later.
                if rng.random() < 0.5:
                    started = time.time()
                    open_deals.append(
                        session.call(
                            "crm.lead",
                            "create",
                            {
                                "name": f"Deal {request} bis of {login}",
                                "type": "opportunity",
                                "user_id": seller,
                                "team_id": data["team"],
                                "partner_id": data["partner"],
                            },
                        )
                    )
                    stats.save("create opportunity", time.time() - started)
            elif kind == "lose":
                session.call("crm.lead", "action_set_lost", [open_deals.pop(0)])
                stats.save("lose deal", time.time() - started)
            else:
                move = session.call(
                    "account.move",
                    "create",
                    {
                        "move_type": "out_invoice",
                        "partner_id": data["partner"],
                        "invoice_user_id": seller,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": "Service",
                                    "quantity": 1,
                                    "price_unit": rng.randint(5, 50) * 100,
                                }
                            )
                        ],
                    },
                )
                stats.save("create invoice", time.time() - started)
                started = time.time()
                session.call("account.move", "action_post", [move])
                stats.save("post invoice", time.time() - started)
        except Exception as error:
            stats.error(kind, error)


def manager(server, database, data, stats, until, seed):
    """The sales manager reassigns an open lead now and then."""
    rng = random.Random(seed)
    try:
        session = Session(server.http_port, database, "load_manager")
    except Exception:
        stats.error("login")
        return
    sellers = list(data["sellers"].values())
    while time.time() < until:
        time.sleep(MANAGER_PAUSE)
        try:
            started = time.time()
            leads = session.call(
                "crm.lead",
                "search",
                [("type", "=", "lead"), ("team_id", "=", data["team"])],
                limit=20,
                order="id desc",
            )
            if leads:
                session.call(
                    "crm.lead",
                    "write",
                    [rng.choice(leads)],
                    {"user_id": rng.choice(sellers)},
                )
                stats.save("reassign lead", time.time() - started)
        except Exception as error:
            stats.error("reassign", error)


def run_cron(registry, database, stats, at):
    """Makes the gamification cron due at ``at``; its cron worker runs it."""
    time.sleep(max(0.0, at - time.time()))
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        job = env.ref("gamification.ir_cron_check_challenge")
        before = job.lastcall
        job.nextcall = fields.Datetime.now()
        cr.commit()
    # What ir.cron._trigger() does: the cron workers listen on "postgres".
    with closing(db_connect("postgres").cursor()) as cr:
        cr.execute(SQL("NOTIFY cron_trigger, %s", database))
        cr.commit()
    started = time.time()
    while time.time() < started + 60:
        time.sleep(0.2)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if env.ref("gamification.ir_cron_check_challenge").lastcall != before:
                stats.cron = time.time() - started
                return
    stats.error("cron did not run")
