# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import json

from werkzeug.test import Client
from werkzeug.wrappers import BaseResponse

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service import security
from odoo.tests.common import BaseCase, get_db_name


class TestTvBoard(BaseCase):
    """The TV board's pages, requested through Odoo's WSGI application.

    The requests and the test share one transaction (Odoo's test cursor),
    rolled back at the end."""

    def setUp(self):
        super().setUp()
        self.registry = odoo.registry(get_db_name())
        self.registry.enter_test_mode()
        self.addCleanup(self.registry.leave_test_mode)
        self.cr = self.registry.cursor()
        self.addCleanup(self.cr.release)
        self.env = api.Environment(self.cr, SUPERUSER_ID, {"tracking_disable": True})
        self.addCleanup(self.env.reset)
        self.client = Client(odoo.http.root, BaseResponse)

        Users = self.env["res.users"].with_context(no_reset_password=True)
        salesman = self.env.ref("sales_team.group_sale_salesman")
        self.manager = Users.create(
            {
                "name": "Manager",
                "login": "tv_manager",
                "groups_id": [
                    (6, 0, self.env.ref("sales_team.group_sale_manager").ids)
                ],
            }
        )
        self.seller = Users.create(
            {
                "name": "Seller",
                "login": "tv_seller",
                "groups_id": [(6, 0, salesman.ids)],
            }
        )
        self.rival = Users.create(
            {"name": "Rival", "login": "tv_rival", "groups_id": [(6, 0, salesman.ids)]}
        )
        self.challenge = self.env["gamification.challenge"].create(
            {
                "name": "Sales Room",
                "period": "monthly",
                "visibility_mode": "ranking",
                "report_message_frequency": "never",
                "user_ids": [(6, 0, (self.seller | self.rival).ids)],
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "definition_id": self.env.ref(
                                "sales_gamification.definition_won_opportunities"
                            ).id,
                            "target_goal": 2.0,
                        },
                    )
                ],
            }
        )
        self.challenge.action_start()
        self.deal = self.env["crm.lead"].create(
            {
                "name": "Big Deal",
                "type": "opportunity",
                "user_id": self.seller.id,
                "planned_revenue": 12000.0,
            }
        )
        self.deal.action_set_won()
        # What the requests see.
        self.cr.commit()

    def get(self, path, token=None):
        url = path % self.challenge.id
        if token is not None:
            url += "?token=" + token
        return self.client.get(url)

    def login(self, user):
        """Log ``user`` in the client, as Odoo's login page would."""
        session = odoo.http.root.session_store.new()
        session.db = get_db_name()
        session.uid = user.id
        session.login = user.login
        session.session_token = security.compute_session_token(session, self.env)
        session.context = {"uid": user.id, "lang": "en_US"}
        odoo.http.root.session_store.save(session)
        self.client.set_cookie("localhost", "session_id", session.sid)

    def test_token_opens_the_board_and_its_data(self):
        token = self.challenge.tv_token
        page = self.get("/sales_gamification/tv/%d", token)
        self.assertEqual(page.status_code, 200)
        body = page.get_data(as_text=True)
        self.assertIn("<title>Sales Room</title>", body)
        self.assertIn(
            'data-url="/sales_gamification/tv/%d/data?token=%s"'
            % (self.challenge.id, token),
            body,
        )
        data = self.get("/sales_gamification/tv/%d/data", token)
        self.assertEqual(data.status_code, 200)
        self.assertEqual(data.headers["Cache-Control"], "no-store")
        board = json.loads(data.get_data(as_text=True))
        self.assertEqual(board["challenge"], "Sales Room")
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
            [(self.deal.id, "Seller", "Big Deal", "$ 12,000.00")],
        )

    def test_wrong_or_missing_token_is_not_found(self):
        for token in (None, "", "x" * 32, self.challenge.tv_token[:-1]):
            for path in ("/sales_gamification/tv/%d", "/sales_gamification/tv/%d/data"):
                response = self.get(path, token)
                self.assertEqual(response.status_code, 404, (path, token))
                self.assertNotIn("Sales Room", response.get_data(as_text=True))

    def test_unknown_challenge_is_not_found_like_a_wrong_token(self):
        wrong_token = self.get("/sales_gamification/tv/%d", "nope")
        unknown = self.client.get(
            "/sales_gamification/tv/%d?token=%s"
            % (self.challenge.id + 1000, self.challenge.tv_token)
        )
        self.assertEqual(unknown.status_code, 404)
        self.assertEqual(unknown.get_data(), wrong_token.get_data())

    def test_regenerated_token_revokes_the_old_address(self):
        old = self.challenge.tv_token
        self.challenge.sudo(self.manager).action_regenerate_tv_token()
        new = self.challenge.tv_token
        self.cr.commit()
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
        self.login(self.manager)
        self.assertEqual(self.get("/sales_gamification/tv/%d").status_code, 200)
        self.assertEqual(self.get("/sales_gamification/tv/%d/data").status_code, 200)

    def test_logged_in_salesperson_needs_the_token(self):
        self.login(self.seller)
        self.assertEqual(self.get("/sales_gamification/tv/%d/data").status_code, 404)
        self.assertEqual(
            self.get(
                "/sales_gamification/tv/%d/data", self.challenge.tv_token
            ).status_code,
            200,
        )

    def test_salesperson_cannot_read_the_token(self):
        with self.assertRaises(odoo.exceptions.AccessError):
            self.challenge.sudo(self.seller).read(["tv_token"])

    def test_salesperson_cannot_search_group_or_sort_on_the_token(self):
        Challenge = self.env["gamification.challenge"].sudo(self.seller)
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
            with self.assertRaises(odoo.exceptions.AccessError):
                attempt()
        # Sales managers may.
        self.assertEqual(
            self.env["gamification.challenge"]
            .sudo(self.manager)
            .search([("tv_token", "=", token)]),
            self.challenge,
        )

    def test_tv_button_opens_the_tokened_address(self):
        action = self.challenge.sudo(self.manager).action_open_tv_board()
        self.assertEqual(
            action,
            {
                "type": "ir.actions.act_url",
                "url": "/sales_gamification/tv/%d?token=%s"
                % (self.challenge.id, self.challenge.tv_token),
                "target": "new",
            },
        )
