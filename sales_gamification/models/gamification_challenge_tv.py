# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The TV board of a challenge: its secret address and what it shows."""

import hashlib
import hmac
import json
import logging
import secrets
import threading
from datetime import timedelta

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.http import json_default
from odoo.modules.registry import Registry
from odoo.tools import SQL
from odoo.tools.misc import formatLang

from odoo.addons.bus.models.bus import channel_with_db, json_dump

from ..engine.kpi import ADDITIVE_MODES
from ..engine.periods import day_after, days_left
from .crm_lead import WON_DOMAIN

# Latest won deals shown on the TV board.
TV_WINS = 6
# The bus: what a TV board listens to, and the notification it gets when
# its challenge's figures change. A board subscribes with the channel name
# TV_SUBSCRIPTION + "<challenge id>:<token>", which the server checks and
# replaces with the channel of the challenge and its token (ir.websocket).
TV_CHANNEL = "sales_gamification_tv"
TV_NOTIFICATION = "sales_gamification/tv"
TV_SUBSCRIPTION = "sales_gamification_tv:"
# A board loads its figures at least once a minute; a challenge whose board
# loaded them within this time has a board open, and only those are told of
# changes: saving costs no bus message while nobody watches.
TV_WATCH = timedelta(minutes=3)
# Boards open for this long, once no transaction older than that runs, share
# the payloads their workers computed (``_tv_board_version``).
TV_CACHE_AFTER = timedelta(seconds=10)
# Key of the challenges already notified in the transaction.
TV_NOTIFIED = "sales_gamification.tv_notified"
# Key of the salespeople whose deals the transaction won, lost or handed
# over.
TV_SELLERS = "sales_gamification.tv_sellers"
# What a token is compared with when the challenge does not exist: as long
# as a real one, and never equal to one.
UNKNOWN_TOKEN = "-" * 32


_logger = logging.getLogger(__name__)

# Per worker: {(database, challenge id): whether its figures changed again
# while they are being pushed} (``push_boards_after_commit``).
_pushing = {}
_pushing_lock = threading.Lock()

# Per worker: {(database, challenge, user, language, company): (version,
# the board's data in JSON)}, the last payload of each board.
_payloads = {}


def push_boards_after_commit(dbname, challenge_ids):
    """Push their figures to the open boards of ``challenge_ids``, whose
    figures a committed transaction changed, in a thread and a transaction
    of its own, which sees that commit. Changes that come while a push of
    the same challenge runs in this worker are pushed once after it."""
    with _pushing_lock:
        mine = []
        for challenge_id in challenge_ids:
            key = (dbname, challenge_id)
            if key in _pushing:
                _pushing[key] = True
            else:
                _pushing[key] = False
                mine.append(challenge_id)
    while mine:
        try:
            with Registry(dbname).cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["gamification.challenge"].browse(mine)._tv_push()
        except Exception:
            # The save is committed: the boards load their figures at their
            # next change, or within a minute.
            _logger.exception("The TV boards of challenges %s not updated.", mine)
        with _pushing_lock:
            again = [cid for cid in mine if _pushing[(dbname, cid)]]
            for challenge_id in mine:
                if challenge_id in again:
                    _pushing[(dbname, challenge_id)] = False
                else:
                    del _pushing[(dbname, challenge_id)]
        mine = again


def new_tv_token():
    return secrets.token_urlsafe(24)


class GamificationChallenge(models.Model):
    _inherit = "gamification.challenge"

    tv_token = fields.Char(
        "TV Token",
        default=lambda self: new_tv_token(),
        copy=False,
        readonly=True,
        groups="sales_team.group_sale_manager",
        help="Secret part of the TV board's address: whoever has the address "
        "sees the board without logging in. Regenerate it to revoke the "
        "address.",
    )
    tv_url = fields.Char(
        "TV Board Address",
        compute="_compute_tv_url",
        groups="sales_team.group_sale_manager",
        help="Open it on the sales room's screen: the ranking, the progress "
        "and the latest wins update themselves the moment a deal is won.",
    )

    def _init_column(self, column_name):
        # Challenges that exist when the addon is installed each get their
        # own token, not one default shared by all.
        if column_name != "tv_token":
            return super()._init_column(column_name)
        cr = self.env.cr
        cr.execute(SQL("SELECT id FROM gamification_challenge WHERE tv_token IS NULL"))
        for (challenge_id,) in cr.fetchall():
            cr.execute(
                SQL(
                    "UPDATE gamification_challenge SET tv_token = %s WHERE id = %s",
                    new_tv_token(),
                    challenge_id,
                )
            )

    tv_watched_since = fields.Datetime(
        "TV Board Open Since",
        readonly=True,
        copy=False,
        help="Since when TV boards of the challenge have been open without a break.",
    )
    tv_lang = fields.Char(
        "TV Board Language",
        readonly=True,
        copy=False,
        help="Language of the board that last said it is open: the figures "
        "pushed to the boards are in it.",
    )
    tv_watched_until = fields.Datetime(
        "TV Board Open Until",
        readonly=True,
        copy=False,
        help="Until when a TV board of the challenge counts as open: each "
        "board that loads its figures pushes it back.",
    )

    def _auto_init(self):
        result = super()._auto_init()
        # The board's version (``_tv_board_version``) reads the notifications
        # of one channel.
        tools.create_index(
            self.env.cr, "bus_bus_channel_id_index", "bus_bus", ["channel", "id"]
        )
        return result

    @api.depends("tv_token")
    def _compute_tv_url(self):
        base_url = self.get_base_url()
        for challenge in self:
            if challenge.id and challenge.tv_token:
                challenge.tv_url = "%s%s" % (base_url, challenge._tv_path())
            else:
                challenge.tv_url = False

    def _tv_path(self):
        self.ensure_one()
        return "/sales_gamification/tv/%d?token=%s" % (self.id, self.tv_token)

    @api.model
    def _tv_find(self, challenge_id, token):
        """The challenge ``challenge_id`` (an empty recordset if there is
        none), as the system, and whether ``token`` is its TV token.

        An unknown challenge and a wrong token take the same path, one query
        and one constant-time comparison, so that the time of the answer
        does not tell which challenges exist.
        """
        challenge = self.sudo().search_fetch([("id", "=", challenge_id)], ["tv_token"])
        expected = challenge.tv_token or UNKNOWN_TOKEN
        return challenge, hmac.compare_digest(expected.encode(), (token or "").encode())

    @api.model
    def _tv_open(self, challenge_id, token):
        """The challenge ``challenge_id``, as the system, if the caller may
        see its TV board: with its token, or as a sales manager. An empty
        recordset otherwise."""
        challenge, valid = self._tv_find(challenge_id, token)
        if challenge and (
            valid or self.env.user.has_group("sales_team.group_sale_manager")
        ):
            return challenge
        return self.browse()

    @api.model
    def _tv_bus_channels(self, names):
        """The bus channels of the TV boards the caller subscribes to with
        ``names`` (TV_SUBSCRIPTION + "<challenge id>:<token>"): those of the
        boards they may see; the others are dropped."""
        channels = []
        for name in names:
            challenge_id, _sep, token = name.removeprefix(TV_SUBSCRIPTION).partition(
                ":"
            )
            if not challenge_id.isdigit():
                continue
            challenge = self._tv_open(int(challenge_id), token)
            if challenge:
                channels.append(challenge._tv_channel())
        return channels

    def _tv_watch(self):
        """A board of the challenge loads its figures: it is open. Written at
        most about once a minute per challenge, not at every load.

        Boards that load together, or the cron holding the challenge, must
        not make a board wait or fail: when another transaction holds the
        row or has just written it, that one tells the same, and the board
        writes nothing."""
        now = fields.Datetime.now()
        if self.tv_watched_until and self.tv_watched_until >= now + TV_WATCH / 2:
            return
        values = {"tv_watched_until": now + TV_WATCH, "tv_lang": self.env.lang}
        if not (self.tv_watched_until and self.tv_watched_until > now):
            values["tv_watched_since"] = now
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                        SQL.identifier(self._table),
                        self.id,
                    ),
                    log_exceptions=False,
                )
                self.write(values)
                self.flush_recordset(list(values))
        except (LockNotAvailable, SerializationFailure):
            self.invalidate_recordset(list(values))

    def _tv_notify(self):
        """Tell the open TV boards of these challenges that their figures
        changed: once the transaction commits, each gets them in one bus
        message (``_tv_push``); nothing for a challenge without an open
        board."""
        # Kept until the commit: hooks before it may run more than once.
        notified = self.env.cr.postcommit.data.get(TV_NOTIFIED)
        if notified is None:
            notified = self.env.cr.postcommit.data[TV_NOTIFIED] = set()
            self._tv_schedule_push(notified)
        now = fields.Datetime.now()
        notified.update(
            challenge.id
            for challenge in self
            if challenge.tv_watched_until and challenge.tv_watched_until > now
        )

    def _tv_schedule_push(self, challenge_ids):
        """Push the figures of ``challenge_ids`` (a set the transaction fills
        until it commits) once it committed."""
        dbname = self.env.cr.dbname

        def push():
            if challenge_ids:
                threading.Thread(
                    target=push_boards_after_commit,
                    args=(dbname, sorted(challenge_ids)),
                    name="sales_gamification TV boards",
                    daemon=True,
                ).start()

        self.env.cr.postcommit.add(push)

    def _tv_push(self):
        """Send their figures, as this transaction sees them, to the open
        boards of these challenges: one bus message each, which 50 boards
        show without loading anything. The version (when the transaction's
        snapshot was taken, the first thing it does) lets a board keep the
        newest of what it receives and loads."""
        self.env.cr.execute(SQL("SELECT EXTRACT(EPOCH FROM clock_timestamp())"))
        version = float(self.env.cr.fetchone()[0])
        now = fields.Datetime.now()
        for challenge in self:
            if not (challenge.tv_watched_until and challenge.tv_watched_until > now):
                continue
            lang = challenge.tv_lang or self.env.lang or "en_US"
            self.env["bus.bus"]._sendone(
                challenge._tv_channel(),
                TV_NOTIFICATION,
                {
                    "id": challenge.id,
                    "lang": lang,
                    "board": challenge.with_context(lang=lang)._tv_board_data(version),
                },
            )

    @api.model
    def _tv_notify_sellers(self, users):
        """Notify the TV boards of the running challenges of ``users`` when
        the transaction commits: one query for all the deals it saved, after
        the rest of the save is done."""
        cr = self.env.cr
        pending = cr.precommit.data.get(TV_SELLERS)
        if pending is None:
            pending = cr.precommit.data[TV_SELLERS] = set()
            cr.precommit.add(self.sudo()._tv_notify_pending_sellers)
        pending.update(users.ids)

    def _tv_notify_pending_sellers(self):
        user_ids = self.env.cr.precommit.data.pop(TV_SELLERS, ())
        if user_ids:
            self.search(
                [
                    ("state", "=", "inprogress"),
                    ("user_ids", "in", list(user_ids)),
                    ("tv_watched_until", ">", fields.Datetime.now()),
                ]
            )._tv_notify()

    def _tv_channel(self):
        """The bus channel of the challenge's boards, named after its token:
        regenerating the token cuts off the websockets subscribed with the
        old one, which hear no push any more."""
        self.ensure_one()
        # The token is the sales managers'; the channel only shows a digest.
        token = self.sudo().tv_token or ""
        digest = hashlib.sha256(token.encode()).hexdigest()[:16]
        return (self, "%s:%s" % (TV_CHANNEL, digest))

    def action_open_tv_board(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self._tv_path(), "target": "new"}

    def action_regenerate_tv_token(self):
        for challenge in self:
            challenge.tv_token = new_tv_token()
        return True

    def _tv_board_payload(self):
        """The board's data in JSON, computed once per change and worker
        while boards are open: 50 boards that load after a win cost one
        computation, not 50. Each worker keeps the last payload of each
        challenge."""
        self.ensure_one()
        version = self._tv_board_version()
        if version is None:
            return self._tv_board_json()
        key = (
            self.env.cr.dbname,
            self.id,
            self.env.uid,
            self.env.lang,
            self.env.company.id,
        )
        cached = _payloads.get(key)
        if cached and cached[0] == version:
            return cached[1]
        payload = self._tv_board_json()
        _payloads[key] = (version, payload)
        return payload

    def _tv_board_version(self):
        """What identifies the board's figures, or None when it cannot be
        known.

        While boards are open, every change of the figures is followed, once
        its transaction committed, by a push on the challenge's channel
        (``_tv_push``): the pushes this transaction sees since the boards
        opened identify the figures it sees, up to the changes whose push is
        still to come (a board that loads because of a push sees that push).
        Their count, bounds and sum tell such sets apart, also when two
        pushes commit in the other order than they started.

        A transaction that began before the boards opened (give or take
        ``TV_CACHE_AFTER``) may change the figures without a push: until no
        such transaction runs, the figures are always computed. The
        challenge's and its goals' settings, and the day, complete the
        version.
        """
        now = fields.Datetime.now()
        since = self.tv_watched_since
        if not (
            since
            and since + TV_CACHE_AFTER <= now
            and self.tv_watched_until
            and self.tv_watched_until > now
        ):
            return None
        if self._tv_older_transactions(since + TV_CACHE_AFTER):
            return None
        cr = self.env.cr
        cr.execute(
            SQL(
                """SELECT count(*), min(id), max(id), sum(id) FROM bus_bus
                    WHERE channel = %s AND create_date >= %s""",
                json_dump(channel_with_db(cr.dbname, self._tv_channel())),
                since,
            )
        )
        notifications = cr.fetchone()
        return (
            since,
            self.env.company._sales_today(),
            self.write_date,
            max(self.line_ids.mapped("write_date"), default=None),
            max(self.line_ids.definition_id.mapped("write_date"), default=None),
            *notifications,
        )

    @api.model
    def _tv_older_transactions(self, moment):
        """How many other transactions of the database began before
        ``moment`` (a UTC datetime) and still run."""
        cr = self.env.cr
        # PostgreSQL keeps what a transaction read of the activity.
        cr.execute(SQL("SELECT pg_stat_clear_snapshot()"))
        cr.execute(
            SQL(
                """SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database()
                      AND pid <> pg_backend_pid()
                      AND xact_start < %s AT TIME ZONE 'UTC'""",
                moment,
            )
        )
        return cr.fetchone()[0]

    def _tv_board_json(self):
        # What this transaction sees dates from its start at the latest.
        self.env.cr.execute(SQL("SELECT EXTRACT(EPOCH FROM now())"))
        version = float(self.env.cr.fetchone()[0])
        return json.dumps(
            self._tv_board_data(version), ensure_ascii=False, default=json_default
        )

    def _tv_board_data(self, version=0.0):
        """What the TV board shows: the ranking of the running period (the
        last one once the challenge is over), each goal's progress, and the
        latest won deals of the participants in that period.

        A TV hangs in the sales room, where anyone may look: it shows what
        the challenge lets everybody see (``_tv_visible_ranking``), and the
        wins of those salespeople only.

        :param version: when the figures were read (seconds since the epoch),
            which the board compares to keep the newest
        """
        self.ensure_one()
        start, end = self._shown_period()
        ranking = self._tv_visible_ranking(start, end)
        lines = self.line_ids.sorted(lambda line: (line.sequence, line.id))
        streaks = self._streaks(
            self.env["res.users"].concat(*(user for _row, user, _goals in ranking))
        )
        rows = []
        for row, user, goals in ranking:
            by_line = {goal.line_id: goal for goal in goals}
            progress = []
            for line in lines:
                goal = by_line.get(line)
                if not goal:
                    progress.append(None)
                    continue
                current, target = goal._progress_display()
                progress.append(
                    {
                        "current": current,
                        "target": target,
                        "completeness": min(goal.completeness, 100.0),
                        "reached": goal.state == "reached",
                        "pace": goal.pace_display or "",
                        "off_pace": goal.pace_state in ("off_track", "worse"),
                    }
                )
            rows.append(
                {
                    "key": "user-%d" % user.id,
                    "rank": row.rank,
                    "user_id": user.id,
                    "name": user.name,
                    "reached": row.reached,
                    "completeness": row.completeness,
                    "streak": streaks[user.id],
                    "goals": progress,
                }
            )
        if self.competing_team_ids:
            rows = self._tv_team_rows(start, end)
        totals = self._tv_team_totals(start, end)
        return {
            "version": version,
            "challenge": self.name,
            "start": fields.Date.to_string(start) or "",
            "end": fields.Date.to_string(end) or "",
            "days_left": days_left(end, self.env.company._sales_today()),
            "lines": [
                {
                    "name": line.definition_id.name,
                    "suffix": line.definition_id._display_unit(),
                    "team": totals.get(line),
                }
                for line in lines
            ],
            "rows": rows,
            "wins": self._tv_latest_wins(
                start, end, self.env["res.users"].concat(*(u for _r, u, _g in ranking))
            ),
        }

    def _tv_team_rows(self, start, end):
        """The board's rows of a challenge between sales teams: one per
        team, as ``_period_team_ranking`` ranks them."""
        return [
            {
                "key": "team-%d" % row.team.id,
                "rank": row.rank.rank,
                "user_id": False,
                "name": row.team.name,
                "reached": row.rank.reached,
                "completeness": row.rank.completeness,
                "streak": 0,
                "goals": [
                    {
                        "current": result.line.definition_id._display_value(
                            result.current,
                            per_head=result.line.team_aggregate == "average",
                        ),
                        "target": result.line.definition_id._display_value(
                            result.target,
                            per_head=result.line.team_aggregate == "average",
                        ),
                        "completeness": min(result.completeness, 100.0),
                        "reached": result.reached,
                        "pace": "",
                        "off_pace": False,
                    }
                    for result in row.lines
                ],
            }
            for row in self._period_team_ranking(start, end)
        ]

    def _tv_team_totals(self, start, end):
        """{challenge line: {"current", "target"}} of the whole team in the
        period, formatted: the sums of every participant's goals, for the
        lines whose figures add up (``ADDITIVE_MODES``)."""
        totals = {}
        for goal in self._period_goals(start, end):
            line = goal.line_id
            if line.definition_id.computation_mode in ADDITIVE_MODES:
                current, target = totals.get(line, (0.0, 0.0))
                totals[line] = (current + goal.current, target + goal.target_goal)
        return {
            line: {
                "current": line.definition_id._display_value(current),
                "target": line.definition_id._display_value(target),
            }
            for line, (current, target) in totals.items()
        }

    def _tv_visible_ranking(self, start, end):
        """The rows of the period's ranking that the whole room may see: all
        of them with a full leaderboard, the top ``leaderboard_top`` with a
        private one, none when each salesperson sees only their own goals.

        :return: as ``_period_ranking``
        """
        if self.visibility_mode == "personal":
            return []
        ranking = self._period_ranking(start, end)
        if self.leaderboard_privacy != "full":
            ranking = ranking[: self.leaderboard_top]
        return ranking

    def _tv_latest_wins(self, start, end, users):
        """The latest won deals of ``users`` in the period, newest first."""
        self.ensure_one()
        domain = WON_DOMAIN + [("user_id", "in", users.ids)]
        if start:
            domain.append(("date_closed", ">=", start))
        if end:
            domain.append(("date_closed", "<", day_after(end)))
        leads = self.env["crm.lead"].search(
            domain, order="date_closed desc, id desc", limit=TV_WINS
        )
        return [
            {
                "id": lead.id,
                "user": lead.user_id.name,
                "name": lead.name,
                "amount": formatLang(
                    self.env, lead.expected_revenue, currency_obj=lead.company_currency
                ),
                "date": fields.Datetime.to_string(lead.date_closed),
            }
            for lead in leads
        ]
