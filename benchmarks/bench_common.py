# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""What the benchmarks share: their command line, Odoo's registry, the
statistics and the timing of their figures, and the Odoo servers they start.

The benchmarks run as scripts (``python benchmarks/NAME.py``): this folder is
first on their path, and they import this module by its name.
"""

import argparse
import os
import socket
import sys
import time
import urllib.request

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry


def argument_parser(doc):
    """The command line of a benchmark, described by the first line of
    ``doc`` (its docstring): Odoo's configuration file and the database,
    before the benchmark's own options."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    return parser


def load_registry(config, database):
    """Odoo's configuration from ``config``, then the registry of
    ``database`` (``open_registry``)."""
    # Odoo's datetimes are UTC: odoo-bin sets the same for the server.
    os.environ["TZ"] = "UTC"
    time.tzset()
    odoo.tools.config.parse_config(
        ["-c", config, "--log-level=warn"], setup_logging=True
    )
    return open_registry(database)


def open_registry(database):
    """The registry of ``database``, Odoo being configured; its company gets
    a chart of accounts if it has none."""
    registry = Registry(database)
    # Importable once the configuration has set the addons path; it serves a
    # database without the addon too.
    from odoo.addons.sales_gamification.hooks import ensure_chart_of_accounts

    with registry.cursor() as cr:
        ensure_chart_of_accounts(api.Environment(cr, SUPERUSER_ID, {}))
    return registry


def monthly_challenge(name, users, lines):
    """Values of a monthly ranking challenge of ``users`` only, reported
    to nobody, whose goals are ``lines``: [(definition id, target)]."""
    return {
        "name": name,
        "period": "monthly",
        "visibility_mode": "ranking",
        "report_message_frequency": "never",
        # Without it, a new challenge takes every internal user.
        "user_domain": False,
        "user_ids": [Command.set(users.ids)],
        "line_ids": [
            Command.create({"definition_id": definition_id, "target_goal": target})
            for definition_id, target in lines
        ],
    }


def percentile(values, fraction):
    """The ``fraction`` quantile of ``values`` (0.95: the 95th percentile),
    interpolated between the two nearest values; NaN without values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def p95_within(values, target):
    """The 95th percentile of ``values``, and whether it is below ``target``:
    what the latency benchmarks aim at."""
    p95 = percentile(values, 0.95)
    return p95, p95 < target


class Cost:
    """The seconds and the SQL queries of a ``with`` block's work on ``cr``,
    in ``seconds`` and ``queries`` once the block ends."""

    def __init__(self, cr):
        self.cr = cr
        self.seconds = self.queries = None

    def __enter__(self):
        self._queries = self.cr.sql_log_count
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc_info):
        self.seconds = time.perf_counter() - self._start
        self.queries = self.cr.sql_log_count - self._queries


def timed_transaction(registry, uid, action):
    """``action(env)`` as ``uid`` and its commit, in a transaction of its
    own, as one request: (its seconds, the clock's time when the commit
    returned)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {})
        start = time.perf_counter()
        action(env)
        cr.commit()
        return time.perf_counter() - start, time.time()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"no answer from {url} after {seconds} s")


def odoo_command():
    """How to start Odoo's server: the odoo-bin of its source tree, else its
    command-line entry point."""
    odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
    if os.path.isfile(odoo_bin):
        return [sys.executable, odoo_bin]
    return [sys.executable, "-c", "import odoo.cli; odoo.cli.main()"]
