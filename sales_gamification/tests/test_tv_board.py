# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import calendar
import json
from contextlib import closing
from datetime import datetime, timedelta
from unittest.mock import patch

import lxml.html

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.sql_db import db_connect
from odoo.tests import HttpCase, TransactionCase, freeze_time, tagged
from odoo.tools import SQL

from odoo.addons.bus.tests.common import WebsocketCase, websocket

from ..models import gamification_challenge_tv_board
from ..models.gamification_challenge_tv import (
    TV_CHANNEL,
    TV_NOTIFICATION,
    TV_NOTIFIED,
    push_boards_after_commit,
)
from .common import SalesCase, push_tv_boards


class SalesRoomCase(SalesCase):
    """Seller (1 deal won this month) and Rival (none) in the running
    "Sales Room" challenge: 2 won deals each this month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.create_manager()
        cls.seller = cls.create_user("seller")
        cls.rival = cls.create_user("rival")
        today = fields.Date.context_today(cls.seller)
        cls.deal = cls.create_lead(cls.seller, "%s 00:00" % today, "opportunity", 12000)
        cls.deal.name = "Big Deal"
        cls.win(cls.deal, "%s 00:30" % today)
        cls.challenge = cls.env["gamification.challenge"].create(
            {
                "name": "Sales Room",
                "period": "monthly",
                "visibility_mode": "ranking",
                "report_message_frequency": "never",
                "reward_realtime": False,
                "user_domain": False,
                "user_ids": [Command.set((cls.seller | cls.rival).ids)],
                "line_ids": [
                    Command.create(
                        {
                            "definition_id": cls.env.ref(
                                "sales_gamification.definition_won_opportunities"
                            ).id,
                            "target_goal": 2.0,
                        }
                    )
                ],
            }
        )
        cls.challenge.action_start()


@tagged("post_install", "-at_install")
class TestTvBoardQueries(SalesRoomCase):
    def board_queries(self):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.challenge._tv_board_data()
        return self.env.cr.sql_log_count - before

    def test_the_board_s_queries_do_not_grow_with_the_salespeople(self):
        """Ranking, pace, streaks, totals and wins: as many queries for 2
        salespeople as for 6."""
        self.board_queries()
        two = self.board_queries()
        users = self.env["res.users"].concat(
            *(self.create_user(login) for login in ("ann", "bob", "cid", "dee"))
        )
        today = fields.Date.context_today(self.seller)
        self.win(
            self.create_lead(users[0], "%s 00:00" % today, "opportunity"),
            "%s 00:10" % today,
        )
        self.challenge.user_ids |= users
        self.challenge._generate_goals_from_challenge()
        self.assertEqual(len(self.challenge._tv_board_data()["rows"]), 6)
        self.assertEqual(self.board_queries(), two)


class TestTvBoardCache(SalesRoomCase):
    """50 boards that load after a win cost one computation per worker."""

    def open_boards(self, ago):
        """Boards open for ``ago`` (a timedelta), still open."""
        now = fields.Datetime.now()
        self.challenge.write(
            {
                "tv_watched_since": now - ago,
                "tv_watched_until": now + timedelta(minutes=2),
            }
        )

    def payload(self):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        payload = self.challenge._tv_board_payload()
        return json.loads(payload), self.env.cr.sql_log_count - before

    def won_deals(self, board):
        return {row["name"]: row["goals"][0]["current"] for row in board["rows"]}

    def commit_hooks(self):
        """What the commit does: the figures are pushed to the boards."""
        push_tv_boards(self.env)

    def test_loads_share_the_payload_until_a_change_is_notified(self):
        self.open_boards(timedelta(minutes=1))
        board, computing = self.payload()
        self.assertEqual(self.won_deals(board), {"Seller": "1", "Rival": "0"})
        same, reading = self.payload()
        self.assertEqual(same, board)
        # The version only: the challenge, its lines and definitions, open
        # transactions (two) and notifications; the company's time zone is
        # kept per worker.
        self.assertEqual(reading, 7)
        self.assertGreater(computing, reading)
        self.win_today([(self.rival, 2)])
        self.commit_hooks()
        board, _queries = self.payload()
        self.assertEqual(self.won_deals(board), {"Rival": "2", "Seller": "1"})
        # A definition renamed later is a new version too.
        definition = self.challenge.line_ids.definition_id
        definition.name = "Deals Won"
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE gamification_goal_definition SET write_date = %s WHERE id = %s",
                fields.Datetime.now() + timedelta(seconds=1),
                definition.id,
            )
        )
        board, _queries = self.payload()
        self.assertEqual(board["lines"][0]["name"], "Deals Won")

    def test_a_push_formats_the_goals_that_moved_only(self):
        Goal = self.registry["gamification.goal"]
        formatted = []
        real = Goal._progress_display

        def progress_display(goal):
            formatted.append(goal.user_id.name)
            return real(goal)

        paced = []
        real_pace = Goal._compute_pace

        def compute_pace(goals):
            paced.extend(goals.user_id.mapped("name"))
            return real_pace(goals)

        self.startPatcher(patch.object(Goal, "_progress_display", progress_display))
        self.startPatcher(patch.object(Goal, "_compute_pace", compute_pace))
        self.challenge._tv_board_data()
        self.assertEqual(sorted(formatted), ["Rival", "Seller"])
        formatted.clear()
        self.challenge._tv_board_data()
        self.assertEqual(formatted, [])
        self.win_today([(self.rival, 2)])
        # Reached: her congratulations say so.
        self.env.cr.flush()
        self.env.invalidate_all()
        formatted.clear()
        paced.clear()
        board = self.challenge._tv_board_data()
        self.assertEqual(formatted, ["Rival"])
        # The pace of her goal only, not of the whole board's.
        self.assertEqual(paced, ["Rival"])
        self.assertEqual(self.won_deals(board), {"Rival": "2", "Seller": "1"})
        # What is kept is what a computation from scratch gives.
        gamification_challenge_tv_board._kept.clear()
        self.assertEqual(self.challenge._tv_board_data(), board)
        # Another language formats again.
        self.env["res.lang"]._activate_lang("fr_FR")
        formatted.clear()
        self.challenge.with_context(lang="fr_FR")._tv_board_data()
        self.assertEqual(sorted(formatted), ["Rival", "Seller"])

    def test_just_opened_or_closed_boards_compute_every_load(self):
        self.open_boards(timedelta(seconds=5))
        self.assertIsNone(self.challenge._tv_board_version())
        self.open_boards(timedelta(minutes=1))
        self.assertIsNotNone(self.challenge._tv_board_version())
        self.challenge.tv_watched_until = fields.Datetime.now()
        self.assertIsNone(self.challenge._tv_board_version())

    def test_a_transaction_older_than_the_boards_stops_the_sharing(self):
        """It may have saved a change without notifying it."""
        self.open_boards(timedelta(0))
        with closing(db_connect(self.env.cr.dbname).cursor()) as other:
            other.execute(SQL("SELECT 1"))
            # 20 s later, the other transaction still runs.
            with freeze_time(fields.Datetime.now() + timedelta(seconds=20)):
                self.assertIsNone(self.challenge._tv_board_version())
                # The other transaction is one of those that stop it; others
                # of the test server may be running too.
                moment = self.challenge.tv_watched_since + timedelta(seconds=10)
                running = self.challenge._tv_older_transactions(moment)
                other.rollback()
                self.assertEqual(
                    self.challenge._tv_older_transactions(moment), running - 1
                )


@tagged("post_install", "-at_install")
class TestTvWatchConcurrency(TransactionCase):
    def test_a_board_neither_waits_nor_fails_while_the_challenge_is_held(self):
        """The cron, or another board, holds the challenge: the load writes
        nothing and goes on; the next load after that writes."""
        # A challenge committed at install, which another connection sees.
        challenge = self.env.ref("sales_gamification.challenge_monthly_sales_targets")
        before = challenge.tv_watched_until
        with closing(db_connect(self.env.cr.dbname).cursor()) as other:
            other.execute(
                SQL(
                    "SELECT id FROM gamification_challenge WHERE id = %s "
                    "FOR NO KEY UPDATE NOWAIT",
                    challenge.id,
                )
            )
            with freeze_time("2026-11-10 10:00:00"):
                challenge._tv_watch()
            self.assertEqual(challenge.tv_watched_until, before)
            other.rollback()
        with freeze_time("2026-11-10 10:00:00"):
            challenge._tv_watch()
        self.assertEqual(challenge.tv_watched_until, datetime(2026, 11, 10, 10, 3))


@tagged("post_install", "-at_install")
class TestTvBoard(HttpCase, SalesRoomCase):
    """The TV board's pages, requested through Odoo's HTTP server.

    The requests and the test share one transaction (Odoo's test cursor),
    rolled back at the end."""

    def get(self, path, token=None):
        url = path % self.challenge.id
        if token is not None:
            url += "?token=" + token
        return self.url_open(url)

    def test_token_opens_the_board_and_its_data(self):
        token = self.challenge.tv_token
        page = self.get("/sales_gamification/tv/%d", token)
        self.assertEqual(page.status_code, 200)
        self.assertIn("<title>Sales Room</title>", page.text)
        # The Owl board of the frontend, with what it loads and listens to.
        [board_element] = lxml.html.fromstring(page.text).xpath("//owl-component")
        self.assertEqual(board_element.get("name"), "sales_gamification.tv_board")
        self.assertEqual(
            json.loads(board_element.get("props")),
            {
                "challengeId": self.challenge.id,
                "name": "Sales Room",
                "dataUrl": "/sales_gamification/tv/%d/data?token=%s"
                % (self.challenge.id, token),
                "channel": "sales_gamification_tv:%d:%s" % (self.challenge.id, token),
                "lang": "en_US",
            },
        )

        data = self.get("/sales_gamification/tv/%d/data", token)
        self.assertEqual(data.status_code, 200)
        self.assertEqual(data.headers["Cache-Control"], "no-store")
        self.assertEqual(
            data.headers["Content-Type"], "application/json; charset=utf-8"
        )
        board = data.json()
        self.assertEqual(board["challenge"], "Sales Room")
        today = self.env.company._sales_today()
        last_day = calendar.monthrange(today.year, today.month)[1]
        self.assertEqual(
            (board["start"], board["end"], board["days_left"]),
            (
                "%04d-%02d-01" % (today.year, today.month),
                "%04d-%02d-%02d" % (today.year, today.month, last_day),
                last_day - today.day + 1,
            ),
        )
        # The team: 1 deal of Seller, 0 of Rival; targets 2 + 2.
        self.assertEqual(
            board["lines"],
            [
                {
                    "name": "Won Opportunities",
                    "suffix": "deals",
                    "team": {"current": "1", "target": "4", "completeness": 25.0},
                }
            ],
        )
        # The pace depends on the day: TestPace tests it.
        self.assertEqual(
            [
                (
                    row["rank"],
                    row["name"],
                    [
                        {k: v for k, v in goal.items() if k not in ("pace", "off_pace")}
                        for goal in row["goals"]
                    ],
                )
                for row in board["rows"]
            ],
            [
                (
                    1,
                    "Seller",
                    [
                        {
                            "current": "1",
                            "target": "2",
                            "completeness": 50.0,
                            "reached": False,
                        }
                    ],
                ),
                (
                    2,
                    "Rival",
                    [
                        {
                            "current": "0",
                            "target": "2",
                            "completeness": 0.0,
                            "reached": False,
                        }
                    ],
                ),
            ],
        )
        self.assertEqual(
            [
                (win["id"], win["user"], win["name"], win["amount"])
                for win in board["wins"]
            ],
            [(self.deal.id, "Seller", "Big Deal", "$\xa012,000.00")],
        )

    def test_an_open_board_is_watched(self):
        self.assertFalse(self.challenge.tv_watched_until)
        with freeze_time("2026-11-10 10:00:00"):
            self.get("/sales_gamification/tv/%d/data", self.challenge.tv_token)
            self.assertEqual(
                self.challenge.tv_watched_until, datetime(2026, 11, 10, 10, 3)
            )
        # A load a minute later keeps it; past half of the three minutes,
        # a load pushes it back.
        with freeze_time("2026-11-10 10:01:00"):
            self.get("/sales_gamification/tv/%d/data", self.challenge.tv_token)
            self.assertEqual(
                self.challenge.tv_watched_until, datetime(2026, 11, 10, 10, 3)
            )
        with freeze_time("2026-11-10 10:02:00"):
            self.get("/sales_gamification/tv/%d/data", self.challenge.tv_token)
            self.assertEqual(
                self.challenge.tv_watched_until, datetime(2026, 11, 10, 10, 5)
            )

    def test_team_total_only_adds_what_adds_up(self):
        # A win rate of a team is not the sum of its members' win rates.
        self.challenge.line_ids = [
            Command.create(
                {
                    "definition_id": self.env.ref(
                        "sales_gamification.definition_win_rate"
                    ).id,
                    "target_goal": 50.0,
                }
            )
        ]
        self.challenge.action_check()
        board = self.challenge._tv_board_data()
        self.assertEqual(
            [(line["name"], line["team"]) for line in board["lines"]],
            [
                (
                    "Won Opportunities",
                    {"current": "1", "target": "4", "completeness": 25.0},
                ),
                ("Win Rate", None),
            ],
        )

    def test_board_is_in_the_frontend_bundle(self):
        bundle = self.env["ir.qweb"]._get_asset_bundle("web.assets_frontend")
        prefix = "/sales_gamification/static/src/tv_board/"
        self.assertEqual(
            [asset.url for asset in bundle.javascripts if asset.url.startswith(prefix)],
            [prefix + "tv_board.js"],
        )
        self.assertEqual(
            [asset.url for asset in bundle.templates if asset.url.startswith(prefix)],
            [prefix + "tv_board.xml"],
        )
        self.assertEqual(
            [asset.url for asset in bundle.stylesheets if asset.url.startswith(prefix)],
            [prefix + "tv_board.scss"],
        )

    def test_wrong_or_missing_token_is_not_found(self):
        for token in (None, "", "x" * 32, self.challenge.tv_token[:-1]):
            for path in ("/sales_gamification/tv/%d", "/sales_gamification/tv/%d/data"):
                response = self.get(path, token)
                self.assertEqual(response.status_code, 404, (path, token))
                self.assertNotIn("Sales Room", response.text)

    def test_unknown_challenge_is_not_found_like_a_wrong_token(self):
        wrong_token = self.get("/sales_gamification/tv/%d", "nope")
        unknown = self.url_open(
            "/sales_gamification/tv/%d?token=%s"
            % (self.challenge.id + 1000, self.challenge.tv_token)
        )
        self.assertEqual(unknown.status_code, 404)
        self.assertEqual(unknown.content, wrong_token.content)

    def test_regenerated_token_revokes_the_old_address(self):
        old = self.challenge.tv_token
        self.challenge.with_user(self.manager).action_regenerate_tv_token()
        new = self.challenge.tv_token
        self.assertNotEqual(new, old)
        self.assertEqual(len(new), 32)
        self.assertEqual(
            self.get("/sales_gamification/tv/%d/data", old).status_code, 404
        )
        self.assertEqual(
            self.get("/sales_gamification/tv/%d/data", new).status_code, 200
        )

    def test_each_challenge_has_its_own_token(self):
        copy = self.challenge.copy()
        tokens = self.env["gamification.challenge"].search([]).mapped("tv_token")
        self.assertNotEqual(copy.tv_token, self.challenge.tv_token)
        self.assertEqual(len(set(tokens)), len(tokens))
        self.assertTrue(all(tokens))

    def test_logged_in_manager_needs_no_token(self):
        self.authenticate(self.manager.login, self.manager.login)
        self.assertEqual(self.get("/sales_gamification/tv/%d").status_code, 200)
        self.assertEqual(self.get("/sales_gamification/tv/%d/data").status_code, 200)

    def test_logged_in_salesperson_needs_the_token(self):
        self.authenticate(self.seller.login, self.seller.login)
        self.assertEqual(self.get("/sales_gamification/tv/%d").status_code, 404)
        self.assertEqual(self.get("/sales_gamification/tv/%d/data").status_code, 404)
        self.assertEqual(
            self.get(
                "/sales_gamification/tv/%d/data", self.challenge.tv_token
            ).status_code,
            200,
        )

    def test_salesperson_cannot_read_the_token(self):
        challenge = self.challenge.with_user(self.seller)
        for fname in ("tv_token", "tv_url"):
            with self.assertRaises(AccessError):
                challenge.read([fname])

    def test_salesperson_cannot_search_group_or_sort_on_the_token(self):
        Challenge = self.env["gamification.challenge"].with_user(self.seller)
        token = self.challenge.tv_token
        for attempt in (
            lambda: Challenge.search_count([("tv_token", ">=", token[:1])]),
            lambda: Challenge.search([], order="tv_token desc"),
            lambda: Challenge.read_group([], ["tv_token"], ["tv_token"]),
            lambda: Challenge.read_group([], ["tv_token:max"], ["name"]),
            lambda: Challenge.read_group(
                [("tv_token", "=", token)], ["name"], ["name"]
            ),
        ):
            with self.assertRaises(AccessError):
                attempt()
        # Sales managers may.
        self.assertEqual(
            self.env["gamification.challenge"]
            .with_user(self.manager)
            .search([("tv_token", "=", token)]),
            self.challenge,
        )

    def test_tv_button_opens_the_tokened_address(self):
        action = self.challenge.with_user(self.manager).action_open_tv_board()
        self.assertEqual(
            action,
            {
                "type": "ir.actions.act_url",
                "url": "/sales_gamification/tv/%d?token=%s"
                % (self.challenge.id, self.challenge.tv_token),
                "target": "new",
            },
        )


@tagged("post_install", "-at_install")
class TestTvBoardBus(WebsocketCase, SalesRoomCase):
    """The TV board's websocket: what it may listen to and what it hears.

    Test transactions never commit, so PostgreSQL never tells the websockets
    that notifications wait: ``trigger_notification_dispatching`` does."""

    def setUp(self):
        super().setUp()
        # Each test starts as a transaction of its own would: the setup's
        # notifications are not pending any more.
        self.env.cr.postcommit.data.pop(TV_NOTIFIED, None)
        # A board is open: it loaded its figures.
        self.challenge._tv_watch()
        self.channel = self.challenge._tv_channel()
        self.now = "%s 09:00" % fields.Date.context_today(self.seller)
        self.other = self.challenge.copy({"name": "Other Room"})

    def board_socket(self, challenge_id, token, login=None):
        """A websocket, of ``login``'s session or of a visitor's, subscribed
        to the board of ``challenge_id`` with ``token``."""
        cookie = {}
        if login:
            cookie["cookie"] = "session_id=%s" % self.authenticate(login, login).sid
        socket = self.websocket_connect(**cookie)
        self.subscribe(
            socket,
            ["sales_gamification_tv:%s:%s" % (challenge_id, token)],
            self.env["bus.bus"]._bus_last_id(),
        )
        return socket

    def notifications(self, socket):
        """The TV notifications the socket receives when the transaction
        ends, as (challenge id, the board's won deals by salesperson): none
        within a second is an empty list."""
        push_tv_boards(self.env)
        self.trigger_notification_dispatching([self.channel])
        socket.settimeout(1)
        try:
            received = json.loads(socket.recv())
        except websocket.WebSocketTimeoutException:
            return []
        return [
            (
                message["payload"]["id"],
                {
                    row["name"]: row["goals"][0]["current"]
                    for row in message["payload"]["board"]["rows"]
                },
            )
            for message in (notification["message"] for notification in received)
            if message["type"] == TV_NOTIFICATION
        ]

    def test_a_won_deal_reaches_the_board(self):
        socket = self.board_socket(self.challenge.id, self.challenge.tv_token)
        deal = self.create_lead(self.rival, self.now, "opportunity", 500)
        self.win(deal.with_user(self.rival), self.now)
        # The board's figures, with the win: the board loads nothing.
        self.assertEqual(
            self.notifications(socket),
            [(self.challenge.id, {"Seller": "1", "Rival": "1"})],
        )

    def test_the_push_after_the_commit_reaches_the_board(self):
        """What the thread started after a save's commit does, run here: in a
        transaction of its own (the test's, in test mode), it sends the
        board's figures."""
        socket = self.board_socket(self.challenge.id, self.challenge.tv_token)
        deal = self.create_lead(self.rival, self.now, "opportunity", 500)
        self.win(deal.with_user(self.rival), self.now)
        self.env.cr.flush()
        # The commit hands the changed challenges to the thread.
        self.assertEqual(
            self.env.cr.postcommit.data.pop(TV_NOTIFIED), {self.challenge.id}
        )
        push_boards_after_commit(self.env.cr.dbname, [self.challenge.id])
        self.assertEqual(
            self.notifications(socket),
            [(self.challenge.id, {"Seller": "1", "Rival": "1"})],
        )

    def test_every_win_reaches_the_board(self):
        # Goals on new leads: a won deal moves none, but the board lists it;
        # so does a deal that is no longer won.
        leads_room = self.challenge.copy(
            {
                "name": "Leads Room",
                "user_ids": [Command.set(self.rival.ids)],
                "line_ids": [
                    Command.create(
                        {
                            "definition_id": self.env.ref(
                                "sales_gamification.definition_new_leads"
                            ).id,
                            "target_goal": 5.0,
                        }
                    )
                ],
            }
        )
        leads_room.action_start()
        leads_room._tv_watch()
        deal = self.create_lead(self.rival, self.now, "opportunity", 500)
        self.env.cr.precommit.run()
        self.channel = leads_room._tv_channel()
        socket = self.board_socket(leads_room.id, leads_room.tv_token)
        # One new lead each time: the won deal.
        notified = [(leads_room.id, {"Rival": "1"})]
        for change, expected in (
            (lambda: self.win(deal.with_user(self.rival), self.now), notified),
            (deal.with_user(self.rival).action_set_lost, notified),
            (lambda: deal.with_user(self.rival).write({"priority": "3"}), []),
        ):
            self.env.cr.postcommit.data.pop(TV_NOTIFIED, None)
            change()
            self.assertEqual(self.notifications(socket), expected)

    def test_a_wrong_token_hears_nothing(self):
        for challenge_id, token in (
            (self.challenge.id, "wrong"),
            (self.challenge.id, ""),
            (self.challenge.id, self.other.tv_token),
            ("x", self.challenge.tv_token),
        ):
            with self.subTest(challenge_id=challenge_id, token=token):
                socket = self.board_socket(challenge_id, token, login="seller")
                self.challenge._tv_notify()
                self.assertEqual(self.notifications(socket), [])

    def test_a_new_token_cuts_off_the_boards_of_the_old_one(self):
        # The old address on a TV of its own: a session that the test's
        # next one does not end.
        session = self.authenticate(None, None)
        self.session = None
        old = self.websocket_connect(cookie="session_id=%s" % session.sid)
        self.subscribe(
            old,
            [
                "sales_gamification_tv:%s:%s"
                % (self.challenge.id, self.challenge.tv_token)
            ],
            self.env["bus.bus"]._bus_last_id(),
        )
        old_channel = self.channel
        self.challenge.with_user(self.manager).action_regenerate_tv_token()
        # What the server's request reads: the saved token.
        self.env.flush_all()
        self.channel = self.challenge._tv_channel()
        self.assertNotEqual(self.channel, old_channel)
        new = self.board_socket(self.challenge.id, self.challenge.tv_token, "seller")
        deal = self.create_lead(self.rival, self.now, "opportunity", 500)
        self.win(deal.with_user(self.rival), self.now)
        self.assertEqual(
            self.notifications(new),
            [(self.challenge.id, {"Seller": "1", "Rival": "1"})],
        )
        # The old address's websocket is still open, and hears nothing.
        self.channel = old_channel
        self.challenge._tv_notify()
        self.assertEqual(self.notifications(old), [])

    def test_a_sales_manager_needs_no_token(self):
        socket = self.board_socket(self.challenge.id, "", login="manager")
        self.challenge._tv_notify()
        self.assertEqual(
            self.notifications(socket),
            [(self.challenge.id, {"Seller": "1", "Rival": "0"})],
        )

    def test_one_notification_per_challenge_and_transaction(self):
        # Two wins and the goals they move: the board loads once.
        deals = self.create_lead(
            self.seller, self.now, "opportunity", 500
        ) | self.create_lead(self.rival, self.now, "opportunity", 700)
        bus_rows = self.env["bus.bus"].search_count
        before = bus_rows([("channel", "like", TV_CHANNEL)])
        for deal in deals:
            self.win(deal, self.now)
        push_tv_boards(self.env)
        self.assertEqual(bus_rows([("channel", "like", TV_CHANNEL)]) - before, 1)

    def test_no_message_while_no_board_is_open(self):
        bus_rows = self.env["bus.bus"].search_count
        before = bus_rows([("channel", "like", TV_CHANNEL)])
        # The last board closed more than three minutes ago.
        self.challenge.tv_watched_until = "2026-01-01 00:00:00"
        deal = self.create_lead(self.rival, self.now, "opportunity", 500)
        self.win(deal, self.now)
        push_tv_boards(self.env)
        self.assertEqual(bus_rows([("channel", "like", TV_CHANNEL)]), before)

    def test_a_board_channel_only_for_those_who_may_see_it(self):
        Challenge = self.env["gamification.challenge"]
        name = "sales_gamification_tv:%d:%s"
        token = self.challenge.tv_token
        cases = [
            (self.seller, name % (self.challenge.id, token), [self.channel]),
            (self.seller, name % (self.challenge.id, ""), []),
            (self.seller, name % (self.other.id, token), []),
            (self.manager, name % (self.challenge.id, ""), [self.channel]),
            (
                self.env.ref("base.public_user"),
                name % (self.challenge.id, token),
                [self.channel],
            ),
            (self.env.ref("base.public_user"), "sales_gamification_tv:x:y", []),
        ]
        for user, subscription, expected in cases:
            with self.subTest(user=user.login, subscription=subscription):
                self.assertEqual(
                    Challenge.with_user(user)._tv_bus_channels([subscription]),
                    expected,
                )
