# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The TV board of a challenge: its secret address, its bus channel, which
boards are open, and the push of their figures after a commit (what the
figures are: ``gamification_challenge_tv_board``)."""

import hashlib
import hmac
import logging
import secrets
import threading
from datetime import timedelta

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.modules.registry import Registry
from odoo.tools import SQL

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
# Key of the challenges already notified in the transaction.
TV_NOTIFIED = "sales_gamification.tv_notified"
# What a token is compared with when the challenge does not exist: as long
# as a real one, and never equal to one.
UNKNOWN_TOKEN = "-" * 32


_logger = logging.getLogger(__name__)

# Per worker: {(database, challenge id): whether its figures changed again
# while they are being pushed} (``push_boards_after_commit``).
_pushing = {}
_pushing_lock = threading.Lock()


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
        now = fields.Datetime.now()
        self._tv_notify_open(
            challenge.id
            for challenge in self
            if challenge.tv_watched_until and challenge.tv_watched_until > now
        )

    @api.model
    def _tv_notify_open(self, challenge_ids):
        """``_tv_notify`` of ``challenge_ids``, whose boards are open: what
        the caller read already is not read again."""
        # Kept until the commit: hooks before it may run more than once.
        notified = self.env.cr.postcommit.data.get(TV_NOTIFIED)
        if notified is None:
            notified = self.env.cr.postcommit.data[TV_NOTIFIED] = set()
            self._tv_schedule_push(notified)
        notified.update(challenge_ids)

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
