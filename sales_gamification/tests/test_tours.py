# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.bus.models.bus import ImBus, channel_with_db, dispatch, hashable
from odoo.addons.bus.tests.common import WebsocketCase

from .common import SalesCase


def dispatch_at_once():
    """Test transactions never commit, so PostgreSQL never tells the open
    websockets that notifications wait. With this patch, the websockets of a
    notification's channel are told when the transaction that sends it ends
    (its pre-commit, once the notification is written), as the commit
    would."""
    sendone = ImBus._sendone

    def _sendone(bus, target, notification_type, message):
        sendone(bus, target, notification_type, message)
        channel = hashable(channel_with_db(bus.env.cr.dbname, target))

        def wake():
            for socket in dispatch._channels_to_ws.get(channel, ()):
                socket.trigger_notification_dispatching()

        bus.env.cr.precommit.add(wake)

    return patch.object(ImBus, "_sendone", _sendone)


@tagged("post_install", "-at_install", "is_tour")
class TestTours(WebsocketCase, SalesCase):
    """The screens as each role uses them, in headless Chromium
    (static/tests/tours/), with their websockets on the bus."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.create_manager()
        cls.team.user_id = cls.manager
        cls.ann = cls.create_user("ann")
        cls.bob = cls.create_user("bob")
        today = fields.Date.context_today(cls.ann)
        # This month's won deals: Ann 3, Bob 1, all before the deals that the
        # tours win, whatever the time of the day.
        for seller, count in ((cls.ann, 3), (cls.bob, 1)):
            for _index in range(count):
                cls.win(
                    cls.create_lead(seller, "%s 00:00" % today, "opportunity", 1000),
                    "%s 00:00" % today,
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
        for seller, name, revenue in (
            (cls.ann, "Hanoi Textile renewal", 5000),
            (cls.bob, "Bob's Saigon deal", 2000),
            (cls.bob, "Bob's Hue deal", 3000),
        ):
            cls.create_lead(seller, "%s 00:00" % today, "opportunity", revenue).name = (
                name
            )

    def setUp(self):
        super().setUp()
        self.startPatcher(dispatch_at_once())

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

    def test_salesperson_wins_a_deal(self):
        self.start_tour("/odoo", "sales_gamification_win", login="ann")
        goal = self.env["gamification.goal"].search(
            [("challenge_id", "=", self.challenge.id), ("user_id", "=", self.ann.id)]
        )
        self.assertEqual((goal.current, goal.state), (4.0, "reached"))

    def test_manager_creates_starts_and_checks_a_challenge(self):
        self.start_tour("/odoo", "sales_gamification_new_challenge", login="manager")
        challenge = self.env["gamification.challenge"].search(
            [("name", "=", "Lead sprint")]
        )
        self.assertEqual(
            (
                challenge.state,
                challenge.team_id,
                challenge.manager_id,
                challenge.period,
            ),
            ("inprogress", self.team, self.manager, "monthly"),
        )

    def test_tv_board_hears_wins_on_the_bus(self):
        self.start_tour(
            "/sales_gamification/tv/%d?token=%s"
            % (self.challenge.id, self.challenge.tv_token),
            "sales_gamification_tv",
            login="manager",
        )
