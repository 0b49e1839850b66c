# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import SalesCase


@tagged("post_install", "-at_install", "is_tour")
class TestTours(HttpCase, SalesCase):
    """The screens as each role uses them, in headless Chromium
    (static/tests/tours/)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.create_manager()
        cls.ann = cls.create_user("ann")
        cls.bob = cls.create_user("bob")
        today = fields.Date.context_today(cls.ann)
        # This month's won deals: Ann 3, Bob 1.
        for seller, count in ((cls.ann, 3), (cls.bob, 1)):
            for _index in range(count):
                cls.win(
                    cls.create_lead(seller, "%s 00:00" % today, "opportunity", 1000),
                    "%s 00:30" % today,
                )
        cls.challenge = cls.env["gamification.challenge"].create(
            {
                "name": "Deals race",
                "period": "monthly",
                "visibility_mode": "ranking",
                "leaderboard_privacy": "full",
                "team_id": cls.team.id,
                "manager_id": cls.manager.id,
                "report_message_frequency": "never",
                "reward_realtime": False,
                "line_ids": [
                    Command.create(
                        {
                            "definition_id": cls.env.ref(
                                "sales_gamification.definition_won_opportunities"
                            ).id,
                            "target_goal": 4,
                        }
                    )
                ],
            }
        )
        cls.challenge.action_start()

    def test_salesperson_sees_goals_and_leaderboard(self):
        # What the tour reads on the screens.
        goals = self.env["gamification.goal"].search(
            [("challenge_id", "=", self.challenge.id)]
        )
        self.assertEqual(
            sorted(goals.mapped(lambda g: (g.user_id.login, g.current, g.state))),
            [("ann", 3.0, "inprogress"), ("bob", 1.0, "inprogress")],
        )
        self.start_tour("/odoo", "sales_gamification_salesperson", login="ann")

    def test_manager_opens_the_challenges(self):
        self.start_tour("/odoo", "sales_gamification_manager", login="manager")

    def test_admin_finds_gamification_in_settings(self):
        self.start_tour("/odoo", "sales_gamification_admin", login="admin")
