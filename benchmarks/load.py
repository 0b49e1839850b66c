# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Load test: a busy sales floor against Odoo in prefork mode.

On a fresh database: 20 salespeople, a sales manager and a monthly
challenge (won deals, revenue won, new leads, invoiced amount) with a TV
board. Odoo runs as in production: prefork HTTP workers, the gevent
websocket server and a cron worker. Then, for ``--seconds`` (60):

- 50 TV boards are open: each holds a websocket to the gevent server,
  subscribes to the challenge's board channel and, as the board's Owl
  component does, loads the board's data when the bus says it changed
  (one load at a time, one more after it if told again meanwhile);
- 20 salespeople, each in a JSON-RPC session, create leads, create and win
  opportunities, lose some, and create and post invoices, one save after
  the other with a short pause;
- the manager reassigns open leads between salespeople;
- the gamification cron is made due once, halfway, and its cron worker runs
  it.

Then the goals of the running period are recomputed in full and compared
with what the saves left. The same run happens again with two Odoo servers
on the database: the boards on the first, the salespeople and the manager
on the second; the bus carries the news through PostgreSQL.

Printed, for each setup: the p50 and p95 latency of each kind of save, the
p50 and p95 from a won deal's commit to each board showing it, the errors,
the servers' peak memory and the goals that differ from a full recompute.
Everything talks to the loopback only, and stops by itself.

    python benchmarks/load.py -c odoo.conf -d DB [--seconds 60]
        [--boards 50] [--salespeople 20] [--workers 4] [--setups 1,2]
"""

import os
import threading
import time

from odoo import SUPERUSER_ID, Command, api, fields

from bench_common import argument_parser, load_registry
from load_clients import Board, Stats
from load_report import differing_goals, report, win_latencies, won_deals
from load_servers import Server
from load_workers import PAUSE, manager, run_cron, salesperson


def prepare(registry, salespeople):
    """The team, its challenge and its TV board; returns what the clients
    need."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        team = env["crm.team"].create({"name": "Sales Floor"})
        groups = [
            env.ref("sales_team.group_sale_salesman").id,
            env.ref("account.group_account_invoice").id,
        ]
        Users = env["res.users"].with_context(no_reset_password=True)
        sellers = Users.create(
            [
                {
                    "name": f"Seller {index:02d}",
                    "login": f"load{index:02d}",
                    "password": f"load{index:02d}",
                    "email": f"load{index:02d}@example.com",
                    "groups_id": [Command.set(groups)],
                }
                for index in range(salespeople)
            ]
        )
        team.member_ids = sellers
        Users.create(
            {
                "name": "Floor Manager",
                "login": "load_manager",
                "password": "load_manager",
                "email": "load_manager@example.com",
                "groups_id": [
                    Command.set([env.ref("sales_team.group_sale_manager").id])
                ],
            }
        )
        challenge = env["gamification.challenge"].create(
            {
                "name": "Sales Floor: This Month",
                "team_id": team.id,
                "period": "monthly",
                "visibility_mode": "ranking",
                "report_message_frequency": "never",
                "reward_realtime": True,
                "reward_id": env.ref("sales_gamification.badge_top_salesperson").id,
                "line_ids": [
                    Command.create(
                        {"definition_id": env.ref(xmlid).id, "target_goal": target}
                    )
                    for xmlid, target in (
                        ("sales_gamification.definition_won_opportunities", 15.0),
                        ("sales_gamification.definition_revenue_won", 50000.0),
                        ("sales_gamification.definition_new_leads", 15.0),
                        ("sales_gamification.definition_invoiced_amount", 20000.0),
                    )
                ],
            }
        )
        challenge.action_start()
        partner = env["res.partner"].create({"name": "Customer", "customer_rank": 1})
        # The cron runs when the test makes it due, not before; Odoo's other
        # jobs (some call Odoo's online services) do not run.
        job = env.ref("gamification.ir_cron_check_challenge")
        job.nextcall = fields.Datetime.add(fields.Datetime.now(), days=1)
        env["ir.cron"].search([("id", "!=", job.id)]).active = False
        cr.commit()
        return {
            "challenge": challenge.id,
            "token": challenge.tv_token,
            "team": team.id,
            "partner": partner.id,
            "sellers": {seller.login: seller.id for seller in sellers},
            "won_line": challenge.line_ids.sorted(
                lambda line: (line.sequence, line.id)
            )[0].id,
        }


def run(args, registry, data, servers, label):
    stats = Stats()
    won_before = won_deals(registry, data)
    stop = threading.Event()
    boards = [Board(servers[0], data, stats, stop) for _index in range(args.boards)]
    for board in boards:
        board.start()
    for board in boards:
        board.connected.wait(30)
    peak = [0]

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], sum(server.memory() for server in servers))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.time()
    until = start + args.seconds
    savers = servers[-1]
    threads = [
        threading.Thread(
            target=salesperson,
            args=(
                savers,
                args.database,
                login,
                seller,
                data,
                stats,
                until,
                index,
                args.pause,
            ),
        )
        for index, (login, seller) in enumerate(sorted(data["sellers"].items()))
    ]
    threads.append(
        threading.Thread(
            target=manager, args=(savers, args.database, data, stats, until, 99)
        )
    )
    threads.append(
        threading.Thread(
            target=run_cron,
            args=(registry, args.database, stats, start + args.seconds / 2),
        )
    )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The last loads of the boards.
    time.sleep(3)
    stop.set()
    for board in boards:
        board.join(10)
    sampler.join()
    report(
        label,
        stats,
        boards,
        servers,
        peak[0],
        args.seconds,
        win_latencies(stats, boards, won_before),
        differing_goals(registry, data["challenge"]),
    )


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--boards", type=int, default=50)
    parser.add_argument("--salespeople", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--setups", default="1,2")
    parser.add_argument(
        "--pause",
        type=lambda text: tuple(float(value) for value in text.split(",")),
        default=PAUSE,
        help="seconds between two saves of a salesperson: MIN,MAX",
    )
    parser.add_argument("--logdir", default=".")
    args = parser.parse_args()
    registry = load_registry(args.config, args.database)
    data = prepare(registry, args.salespeople)
    print(
        f"{args.boards} TV boards, {args.salespeople} salespeople and a manager "
        f"for {args.seconds:g} s; Odoo with {args.workers} workers, gevent and a "
        "cron worker per server"
    )
    for count in (int(value) for value in args.setups.split(",")):
        servers = []
        try:
            for index in range(count):
                servers.append(
                    Server(
                        args.config,
                        args.database,
                        args.workers,
                        os.path.join(args.logdir, f"load-server{index + 1}.log"),
                    )
                )
            run(
                args,
                registry,
                data,
                servers,
                (
                    "One server"
                    if count == 1
                    else f"{count} servers on one database: boards on the first, "
                    "saves on the last"
                ),
            )
        finally:
            for server in servers:
                server.stop()


if __name__ == "__main__":
    main()
