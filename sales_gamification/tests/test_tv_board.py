# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import SalesCase


@tagged("post_install", "-at_install")
class TestTvBoard(HttpCase, SalesCase):
    """The TV board's pages, requested through Odoo's HTTP server.

    The requests and the test share one transaction (Odoo's test cursor),
    rolled back at the end."""

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
        self.assertIn(
            'data-url="/sales_gamification/tv/%d/data?token=%s"'
            % (self.challenge.id, token),
            page.text,
        )
        self.assertIn('data-poll-ms="500"', page.text)
        # The page loads its own bundle, not the web client's.
        self.assertIn("/web/assets/", page.text)
        self.assertIn("sales_gamification.assets_tv_board", page.text)
        self.assertNotIn("web.assets_", page.text)

        data = self.get("/sales_gamification/tv/%d/data", token)
        self.assertEqual(data.status_code, 200)
        self.assertEqual(data.headers["Cache-Control"], "no-store")
        self.assertEqual(
            data.headers["Content-Type"], "application/json; charset=utf-8"
        )
        board = data.json()
        self.assertEqual(board["challenge"], "Sales Room")
        start, end = self.challenge._current_period()
        self.assertEqual(
            (board["start"], board["end"]),
            (fields.Date.to_string(start), fields.Date.to_string(end)),
        )
        self.assertEqual(
            board["lines"], [{"name": "Won Opportunities", "suffix": "deals"}]
        )
        self.assertEqual(
            [(row["rank"], row["name"], row["goals"]) for row in board["rows"]],
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

    def test_board_assets_are_served(self):
        page = self.get("/sales_gamification/tv/%d", self.challenge.tv_token)
        bundle = self.env["ir.qweb"]._get_asset_bundle(
            "sales_gamification.assets_tv_board"
        )
        self.assertEqual(
            [asset.url for asset in bundle.javascripts],
            ["/sales_gamification/static/src/tv_board/tv_board.js"],
        )
        self.assertEqual(
            [asset.url for asset in bundle.stylesheets],
            ["/sales_gamification/static/src/tv_board/tv_board.css"],
        )
        # A plain script: not wrapped as an Odoo module, which this page
        # could not load.
        self.assertNotIn("odoo.define", bundle.js().raw.decode())
        for url in (bundle.get_link("js"), bundle.get_link("css")):
            self.assertIn(url, page.text)
            self.assertEqual(self.url_open(url).status_code, 200, url)

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
