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

import argparse
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from contextlib import closing
from urllib.parse import urlencode

import psutil
import websocket
from bench_kpi import load_registry
from tv_latency import free_port, odoo_command, wait_for

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.sql_db import db_connect
from odoo.tools import SQL

# The TV board's bus notification (gamification_challenge_tv.py).
TV_NOTIFICATION = "sales_gamification/tv"
# The boards' language (the database's, without a frontend language).
LANG = "en_US"
WON_LINE = 0
# Seconds between two saves of a salesperson (one every 8 s on average:
# 150 saves a minute on the floor, a busy hour's peak), and of the manager;
# --pause changes the first.
PAUSE = (4.0, 12.0)
MANAGER_PAUSE = 2.0
# Bounds: requests per salesperson, seconds to wait for a server.
MAX_REQUESTS = 400
START_SECONDS = 120
# The target: 95% of the wins on every board within a second.
TARGET_P95_SECONDS = 1.0


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def number(text):
    """The number of a figure the board shows ('1,234 deals' -> 1234.0)."""
    match = re.search(r"-?[\d,]+(\.\d+)?", text or "")
    return float(match.group(0).replace(",", "")) if match else 0.0


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
                    "name": "Seller %02d" % index,
                    "login": "load%02d" % index,
                    "password": "load%02d" % index,
                    "email": "load%02d@example.com" % index,
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


class Server:
    """odoo-bin in prefork mode: HTTP workers, the gevent websocket server
    and a cron worker."""

    def __init__(self, config, database, workers, log):
        self.http_port, self.gevent_port = free_port(), free_port()
        self.cpu = {}
        self.process = subprocess.Popen(
            odoo_command()
            + [
                "-c",
                config,
                "-d",
                database,
                "--db-filter=^%s$" % database,
                "--workers=%d" % workers,
                "--max-cron-threads=1",
                "--http-interface=127.0.0.1",
                "--http-port=%d" % self.http_port,
                "--gevent-port=%d" % self.gevent_port,
                "--logfile=" + log,
                "--log-level=info",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in (self.http_port, self.gevent_port):
            wait_for("http://127.0.0.1:%d/web/health" % port, START_SECONDS)

    def memory(self):
        """Resident memory of the server's processes, in bytes; also notes
        the CPU time of each (``cpu``: {pid: (kind, seconds)})."""
        try:
            parent = psutil.Process(self.process.pid)
            processes = [parent] + parent.children(recursive=True)
        except psutil.NoSuchProcess:
            return 0
        total = 0
        for process in processes:
            try:
                total += process.memory_info().rss
                times = process.cpu_times()
                command = " ".join(process.cmdline())
            except psutil.NoSuchProcess:
                continue
            kind = (
                "websocket server"
                if " gevent" in command
                else "main process" if process.pid == parent.pid else "workers"
            )
            self.cpu[process.pid] = (kind, times.user + times.system)
        return total

    def cpu_seconds(self):
        """{kind of process: CPU seconds} since the server started."""
        seconds = defaultdict(float)
        for kind, value in self.cpu.values():
            seconds[kind] += value
        return seconds

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Stats:
    """What the clients saw, shared between their threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.saves = defaultdict(list)
        self.errors = defaultdict(int)
        # {kind: the first error's message}
        self.messages = {}
        # (seller id, won deals after the win, when the win's call was made,
        # when it returned: the win was committed)
        self.wins = []

    def save(self, kind, seconds):
        with self.lock:
            self.saves[kind].append(seconds)

    def error(self, kind, error=None):
        with self.lock:
            self.errors[kind] += 1
            if error is not None:
                self.messages.setdefault(kind, str(error)[:200])


class Session:
    """A JSON-RPC session of the web client, over one keep-alive
    connection."""

    def __init__(self, port, database, login):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""
        self.call_id = 0
        self.post(
            "/web/session/authenticate",
            {"db": database, "login": login, "password": login},
        )

    def post(self, path, params):
        self.call_id += 1
        body = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "id": self.call_id, "params": params}
        )
        headers = {"Content-Type": "application/json"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.connection.request("POST", path, body, headers)
        response = self.connection.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        if response.status != 200:
            raise RuntimeError("HTTP %d on %s" % (response.status, path))
        result = json.loads(data)
        if "error" in result:
            raise RuntimeError(result["error"]["data"]["message"])
        return result.get("result")

    def call(self, model, method, *args, **kwargs):
        return self.post(
            "/web/dataset/call_kw/%s/%s" % (model, method),
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


class Board(threading.Thread):
    """A TV board: its websocket, and the loads of its data."""

    def __init__(self, server, data, stats, stop):
        super().__init__(daemon=True)
        self.server, self.data, self.stats, self.stop = server, data, stats, stop
        self.path = "/sales_gamification/tv/%d/data?%s" % (
            data["challenge"],
            urlencode({"token": data["token"]}),
        )
        # {seller id: [(time figures were shown, won deals they showed)]}
        self.seen = defaultdict(list)
        self.version = -1
        self.loads = 0
        self.connected = threading.Event()

    def load(self, connection):
        try:
            connection.request("GET", self.path)
            response = connection.getresponse()
            payload = response.read()
            if response.status != 200:
                raise RuntimeError(response.status)
        except Exception:
            self.stats.error("board load")
            connection.close()
            return
        self.loads += 1
        self.show(json.loads(payload))

    def show(self, board):
        """As the board does: figures newer than those shown replace them."""
        if board["version"] <= self.version:
            return
        self.version = board["version"]
        now = time.time()
        for row in board["rows"]:
            self.seen[row["user_id"]].append(
                (now, number(row["goals"][WON_LINE]["current"]))
            )

    def run(self):
        from odoo.addons.bus.websocket import WebsocketConnectionHandler

        connection = http.client.HTTPConnection(
            "127.0.0.1", self.server.http_port, timeout=60
        )
        try:
            ws = websocket.create_connection(
                "ws://127.0.0.1:%d/websocket?version=%s"
                % (self.server.gevent_port, WebsocketConnectionHandler._VERSION),
                timeout=30,
                # Browsers check UTF-8 in native code; websocket-client's
                # check, in Python, would weigh on the server's two cores.
                skip_utf8_validation=True,
            )
            channel = "sales_gamification_tv:%d:%s" % (
                self.data["challenge"],
                self.data["token"],
            )
            ws.send(
                json.dumps(
                    {
                        "event_name": "subscribe",
                        "data": {"channels": [channel], "last": 0},
                    }
                )
            )
        except Exception:
            self.stats.error("board websocket")
            return
        self.load(connection)
        self.connected.set()
        ws.settimeout(0.2)
        while not self.stop.is_set():
            try:
                message = ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            except Exception:
                if not self.stop.is_set():
                    self.stats.error("board websocket")
                break
            if not self.told(message):
                continue
            # What the bus says during a load is loaded once after it.
            again = True
            while again:
                self.load(connection)
                again = False
                ws.settimeout(0)
                try:
                    while True:
                        again = self.told(ws.recv()) or again
                except (websocket.WebSocketTimeoutException, BlockingIOError):
                    pass
                except Exception:
                    break
                finally:
                    ws.settimeout(0.2)
        ws.close()
        connection.close()

    def told(self, message):
        """Shows the figures ``message`` brings; whether the board must load
        them instead (another language than the board's)."""
        load = False
        for item in json.loads(message or "[]"):
            notification = item["message"]
            payload = notification["payload"]
            if (
                notification["type"] != TV_NOTIFICATION
                or payload.get("id") != self.data["challenge"]
            ):
                continue
            if payload.get("board") and payload.get("lang") == LANG:
                self.show(payload["board"])
            else:
                load = True
        return load

    def latency(self, seller, count, started, committed):
        """Seconds from a win's commit to the board first showing it (0 when
        the board showed it before the call that won it returned)."""
        for when, shown in self.seen[seller]:
            if shown >= count and when >= started:
                return max(0.0, when - committed)
        return None


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
    for number_ in range(MAX_REQUESTS):
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
                        "name": "Lead %d of %s" % (number_, login),
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
                        "name": "Deal %d of %s" % (number_, login),
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
                                "name": "Deal %d bis of %s" % (number_, login),
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
    """Goals of the running period whose value a full recompute changes."""
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


def run(args, registry, data, servers, label):
    stats = Stats()
    stats.cron = None
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
    goals, differing = differing_goals(registry, data["challenge"])
    print("\n%s" % label)
    print("  %-20s %6s %8s %8s" % ("save", "count", "p50", "p95"))
    for kind, values in sorted(stats.saves.items()):
        print(
            "  %-20s %6d %7.3fs %7.3fs"
            % (kind, len(values), statistics.median(values), percentile(values, 0.95))
        )
    p95 = percentile(latencies, 0.95)
    print(
        "  won deal -> %d boards: %d wins, %d board updates, p50 %.3f s, "
        "p95 %.3f s (target < %.1f s: %s)"
        % (
            len(boards),
            len(stats.wins),
            len(latencies),
            statistics.median(latencies) if latencies else float("nan"),
            p95,
            TARGET_P95_SECONDS,
            "met" if p95 < TARGET_P95_SECONDS else "MISSED",
        )
    )
    print(
        "  cron: %s" % ("ran in %.1f s" % stats.cron if stats.cron else "did not run")
    )
    print(
        "  errors: %d%s"
        % (
            sum(stats.errors.values()),
            (
                " (%s)" % ", ".join("%s: %d" % e for e in sorted(stats.errors.items()))
                if stats.errors
                else ""
            ),
        )
    )
    print(
        "  peak memory of the server%s: %.0f MiB"
        % ("s" if len(servers) > 1 else "", peak[0] / 2**20)
    )
    for kind, message in sorted(stats.messages.items()):
        print("    first %s error: %s" % (kind, message))
    print(
        "  saves: %.1f a second; loads of the board's data by the boards: %d"
        % (
            sum(len(values) for values in stats.saves.values()) / args.seconds,
            sum(board.loads for board in boards),
        )
    )
    for index, server in enumerate(servers):
        print(
            "  CPU seconds of server %d: %s"
            % (
                index + 1,
                ", ".join(
                    "%s %.1f" % item for item in sorted(server.cpu_seconds().items())
                ),
            )
        )
    generator = psutil.Process().cpu_times()
    print("  CPU seconds of this load test: %.1f" % (generator.user + generator.system))
    print("  goals differing from a full recompute: %d of %d" % (differing, goals))
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
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
        "%d TV boards, %d salespeople and a manager for %d s; Odoo with %d "
        "workers, gevent and a cron worker per server"
        % (args.boards, args.salespeople, args.seconds, args.workers)
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
                        os.path.join(args.logdir, "load-server%d.log" % (index + 1)),
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
                    else "%d servers on one database: boards on the first, saves on "
                    "the last" % count
                ),
            )
        finally:
            for server in servers:
                server.stop()


if __name__ == "__main__":
    main()
