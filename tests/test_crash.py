# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A period close survives the Odoo server killed at any point of it.

A database holds a monthly challenge whose last four months have ended and
were never closed: its cron job has 96 goals to close, 68 badges and 480
karma to grant, four periods to announce. A real Odoo server (odoo-bin, its
cron thread) runs the job on a copy of that database and is killed with
SIGKILL at a random moment of it; the job is made due again, and a new
server runs it, as the next cron would. Each run must end in exactly what
one uninterrupted run gives, which is checked against hand-computed figures
first.

SG_CRASH_RUNS sets the number of killed runs (20), SG_CRASH_SEED the seed
of the random moments; the test prints both, and where each kill landed.
"""

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter

from odoo_processes import (
    ODOO_BIN,
    connect,
    copy_database,
    drop_database,
    execute,
    run_odoo,
    write_config,
)

from odoo.tools import SQL

TEMPLATE = "sales_gamification_crash"
DATABASE = "sales_gamification_crash_run"
RUNS = int(os.environ.get("SG_CRASH_RUNS") or 20)
JOB = r"Job 'Gamification: Goal Challenge Check' \(\d+\) "
# Seconds a server may take to start and finish the job.
TIMEOUT = 180

# 24 salespeople; deals each wins in the four ended months (two lines:
# two won deals, and 2,000 of revenue won at 1,000 a deal).
WINS = (
    [[5] * 4, [4] * 4, [3] * 4]  # seller00-02: the podium of every month
    + [[2] * 4] * 5  # seller03-07: every goal, every month
    + [[0, 2, 0, 2]] * 8  # seller08-15: every goal in months 2 and 4
    + [[1] * 4] * 8  # seller16-23: never a goal
)

SETUP = """
import json
from datetime import datetime, time
from dateutil.relativedelta import relativedelta
from odoo import Command, fields
from odoo.addons.sales_gamification.hooks import set_create_date

WINS = %r
env = env(context={"tracking_disable": True, "lang": "en_US"})
first = env.company._sales_today().replace(day=1) - relativedelta(months=4)
team = env["crm.team"].create({"name": "Crash Team"})
users = env["res.users"].with_context(no_reset_password=True).create([
    {
        "name": "Seller %%02d" %% index,
        "login": "seller%%02d" %% index,
        "email": "seller%%02d@example.com" %% index,
        "groups_id": [Command.set(env.ref("sales_team.group_sale_salesman").ids)],
    }
    for index in range(len(WINS))
])
env["crm.team.member"].create(
    [{"user_id": user.id, "crm_team_id": team.id} for user in users]
)
customer = env["res.partner"].create({"name": "Crash Customer"})
for user, wins in zip(users, WINS):
    for month, count in enumerate(wins):
        day = datetime.combine(first + relativedelta(months=month, days=9), time(9))
        for _index in range(count):
            lead = env["crm.lead"].create({
                "name": "Deal of %%s" %% user.login,
                "type": "opportunity",
                "user_id": user.id,
                "team_id": team.id,
                "partner_id": customer.id,
                "expected_revenue": 1000,
            })
            set_create_date(lead, day)
            lead.action_set_won()
            lead.date_closed = day + relativedelta(hours=1)
badges = env["gamification.badge"].create(
    [{"name": name} for name in ("Winner", "Gold", "Silver", "Bronze", "Streak")]
)
challenge = env["gamification.challenge"].create({
    "name": "Crash Challenge",
    "period": "monthly",
    "start_date": first,
    "team_id": team.id,
    "manager_id": env.ref("base.user_admin").id,
    "visibility_mode": "ranking",
    "report_message_frequency": "never",
    "reward_realtime": False,
    "reward_id": badges[0].id,
    "reward_first_id": badges[1].id,
    "reward_second_id": badges[2].id,
    "reward_third_id": badges[3].id,
    "streak_badge_id": badges[4].id,
    "streak_length": 2,
    "karma_winner": 10,
    "line_ids": [
        Command.create({
            "definition_id": env.ref("sales_gamification.%%s" %% xmlid).id,
            "target_goal": target,
        })
        for xmlid, target in (
            ("definition_won_opportunities", 2),
            ("definition_revenue_won", 2000),
        )
    ],
})
challenge.action_start()
# The gamification job alone, due now; the others would send mails meanwhile.
job = env.ref("gamification.ir_cron_check_challenge")
env["ir.cron"].search([("id", "!=", job.id)]).active = False
job.nextcall = fields.Datetime.subtract(fields.Datetime.now(), hours=1)
env.cr.commit()
print("RESULT " + json.dumps({
    "job": job.id,
    "challenge": challenge.id,
    "first": str(first),
    "running": str(first + relativedelta(months=4)),
}))
""" % (WINS,)


class Server:
    """odoo-bin on the database of the crash runs, with one cron thread."""

    def __init__(self, config, options, log):
        self.options = options
        self.log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                ODOO_BIN,
                "-c",
                config,
                "-d",
                DATABASE,
                "--no-http",
                "--max-cron-threads=1",
                "--log-level=info",
                "--logfile=" + log,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_for(self, event):
        """Wake the cron thread until the job logs ``event`` ('starting'
        or 'done'), as a cron trigger does; the moment the log shows it."""
        pattern = re.compile(JOB + event)
        deadline = time.monotonic() + TIMEOUT
        connection = connect(self.options)
        try:
            last_notify = 0
            while time.monotonic() < deadline:
                if pattern.search(self.tail(None)):
                    return time.monotonic()
                assert self.process.poll() is None, self.tail()
                if time.monotonic() - last_notify > 0.5:
                    execute(connection, SQL("NOTIFY cron_trigger, %s", DATABASE))
                    last_notify = time.monotonic()
                time.sleep(0.005)
        finally:
            connection.close()
        raise AssertionError("The job did not log %r:\n%s" % (event, self.tail()))

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, size=3000):
        """The end of the server's log, '' before it starts one."""
        if not os.path.exists(self.log):
            return ""
        with open(self.log) as log:
            return log.read()[-size:] if size else log.read()


def run_job(config, options, log):
    """The job from start to end in a new server: its duration."""
    server = Server(config, options, log)
    try:
        started = server.wait_for("starting")
        return server.wait_for("done") - started
    finally:
        server.stop()


def make_due(options, job):
    """The next run of the cron job: due now, whether the killed server ran
    it to its end or not."""
    connection = connect(options, DATABASE)
    try:
        execute(
            connection,
            SQL(
                """UPDATE ir_cron
                      SET nextcall = now() AT TIME ZONE 'UTC' - interval '1 hour'
                    WHERE id = %s""",
                job,
            ),
        )
    finally:
        connection.close()


def closed_until(options, challenge):
    """The end of the last period the challenge closed and rewarded."""
    connection = connect(options, DATABASE)
    try:
        [[end]] = execute(
            connection,
            SQL(
                "SELECT rewarded_until FROM gamification_challenge WHERE id = %s",
                challenge,
            ),
        )
    finally:
        connection.close()
    return end and str(end)


def outcome(options, challenge, running):
    """What the job made: badges, goals of the ended periods, karma, the
    challenge's announcements, the badges' mails, each user's karma."""
    connection = connect(options, DATABASE)
    queries = {
        "badges": SQL(
            """SELECT u.login, b.name->>'en_US', bu.period_start::text,
                      bu.period_end::text
                 FROM gamification_badge_user bu
                 JOIN res_users u ON u.id = bu.user_id
                 JOIN gamification_badge b ON b.id = bu.badge_id
                WHERE bu.challenge_id = %s
                ORDER BY 1, 2, 3""",
            challenge,
        ),
        "goals": SQL(
            """SELECT u.login, d.name->>'en_US', g.start_date::text,
                      g.end_date::text, g.state, g.current, g.closed
                 FROM gamification_goal g
                 JOIN res_users u ON u.id = g.user_id
                 JOIN gamification_goal_definition d ON d.id = g.definition_id
                WHERE g.challenge_id = %s AND g.start_date < %s
                ORDER BY 1, 2, 3""",
            challenge,
            running,
        ),
        "karma": SQL(
            """SELECT u.login, t.new_value - t.old_value, t.reason
                 FROM gamification_karma_tracking t
                 JOIN res_users u ON u.id = t.user_id
                WHERE t.origin_ref = %s
                ORDER BY 1, 3""",
            "gamification.challenge,%s" % challenge,
        ),
        "announcements": SQL(
            """SELECT body FROM mail_message
                WHERE model = 'gamification.challenge' AND res_id = %s
                  AND body LIKE %s
                ORDER BY 1""",
            challenge,
            "%is over%",
        ),
        "badge_mails": SQL("""SELECT count(*) FROM mail_mail mm
                 JOIN mail_message m ON m.id = mm.mail_message_id
                WHERE m.model = 'gamification.badge.user'"""),
        "users_karma": SQL("""SELECT login, karma FROM res_users
                WHERE login LIKE 'seller%%' ORDER BY 1"""),
    }
    try:
        return {
            name: [list(row) for row in execute(connection, query)]
            for name, query in queries.items()
        }
    finally:
        connection.close()


def check_reference(result):
    """The uninterrupted run against the figures computed by hand."""
    months = sorted({row[2] for row in result["badges"]})
    assert len(months) == 4
    achievers = [
        [
            "seller%02d" % index
            for index, wins in enumerate(WINS)
            if wins[month] >= 2  # two deals of 1,000: both goals
        ]
        for month in range(4)
    ]
    assert [len(users) for users in achievers] == [8, 16, 8, 16]
    assert Counter(badge for _login, badge, _s, _e in result["badges"]) == {
        "Winner": 48,
        "Gold": 4,
        "Silver": 4,
        "Bronze": 4,
        "Streak": 8,
    }
    for month, start in enumerate(months):
        granted = {
            badge: sorted(
                login
                for login, b, s, _e in result["badges"]
                if b == badge and s == start
            )
            for badge in ("Winner", "Gold", "Silver", "Bronze", "Streak")
        }
        assert granted == {
            "Winner": achievers[month],
            "Gold": ["seller00"],
            "Silver": ["seller01"],
            "Bronze": ["seller02"],
            # Two months in a row: sellers 00-07 after the second month.
            "Streak": achievers[0] if month == 1 else [],
        }
    # 24 salespeople x 2 goals x 4 months, all closed; reached when two deals.
    assert len(result["goals"]) == 192
    assert all(closed for *_goal, closed in result["goals"])
    assert Counter(state for *_goal, state, _c, _closed in result["goals"]) == {
        "reached": 96,
        "failed": 96,
    }
    assert sorted(
        [login, current]
        for login, name, start, _e, _s, current, _c in result["goals"]
        if name == "Won Opportunities" and start == months[0]
    ) == [["seller%02d" % index, float(wins[0])] for index, wins in enumerate(WINS)]
    assert len(result["karma"]) == 48
    assert {gain for _login, gain, _reason in result["karma"]} == {10}
    assert result["users_karma"] == [
        ["seller%02d" % index, 10 * sum(count >= 2 for count in wins)]
        for index, wins in enumerate(WINS)
    ]
    assert len(result["announcements"]) == 4
    assert result["badge_mails"] == [[68]]


def test_a_period_close_survives_kill_9(request, tmp_path):
    seed = int(os.environ.get("SG_CRASH_SEED") or random.randrange(1000000))
    rng = random.Random(seed)
    # Shown with a failure: SG_CRASH_SEED replays the same kills.
    print("SG_CRASH_SEED=%d" % seed)
    config = str(tmp_path / "crash.conf")
    options = write_config(request.config.getoption("--odoo-config"), config, TEMPLATE)
    drop_database(options, TEMPLATE)
    try:
        run_odoo(
            config,
            TEMPLATE,
            "-i",
            "sales_gamification",
            "--without-demo=all",
            "--stop-after-init",
        )
        made = json.loads(
            run_odoo(config, TEMPLATE, "shell", script=SETUP).split("RESULT ", 1)[1]
        )
        challenge, running = made["challenge"], made["running"]
        write_config(request.config.getoption("--odoo-config"), config, DATABASE)

        copy_database(options, TEMPLATE, DATABASE)
        duration = run_job(config, options, str(tmp_path / "reference.log"))
        reference = outcome(options, challenge, running)
        check_reference(reference)
        ends = [row[3] for row in reference["badges"]]
        period_ends = sorted(set(ends))

        landed = Counter()
        for run in range(RUNS):
            copy_database(options, TEMPLATE, DATABASE)
            server = Server(config, options, str(tmp_path / ("run%02d.log" % run)))
            delay = rng.uniform(0, duration)
            try:
                server.wait_for("starting")
                time.sleep(delay)
            finally:
                server.kill()
            end = closed_until(options, challenge)
            landed[period_ends.index(end) + 1 if end else 0] += 1
            make_due(options, made["job"])
            run_job(config, options, str(tmp_path / ("restart%02d.log" % run)))
            result = outcome(options, challenge, running)
            assert result == reference, (
                "run %d (seed %d, killed %.3f s into the job, after %s): "
                "the outcome differs from an uninterrupted run"
                % (run, seed, delay, end or "no period closed")
            )
    finally:
        drop_database(options, DATABASE)
        drop_database(options, TEMPLATE)
    print(
        "\n%d runs killed at random in a %.2f s job (seed %d); periods closed "
        "when killed: %s; then 0 badges, goals or karma lost or doubled"
        % (
            RUNS,
            duration,
            seed,
            ", ".join("%d: %d runs" % item for item in sorted(landed.items())),
        )
    )
    # The kills landed within the close, between its first and last commits.
    assert any(landed[closed] for closed in (1, 2, 3)), landed
