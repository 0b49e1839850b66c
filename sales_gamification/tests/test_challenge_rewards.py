# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import SalesCase


class TestChallengeRewards(SalesCase):
    """The seed's example, built by a sales manager: a monthly challenge on
    Total Invoiced and New Leads whose winner gets a badge each month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.create_manager()
        cls.alice = cls.create_user("alice")
        cls.ben = cls.create_user("ben")
        cls.cara = cls.create_user("cara")
        cls.badge = cls.env.ref("sales_gamification.badge_top_salesperson")
        today = fields.Date.from_string(fields.Date.today())
        # Two months that have ended: M-2 and M-1.
        cls.m2 = today.replace(day=1) - relativedelta(months=2)
        cls.m1 = cls.m2 + relativedelta(months=1)
        cls.m0 = cls.m1 + relativedelta(months=1)

        def day(month, number, hour="10:00"):
            return "%s %s" % (fields.Date.to_string(month.replace(day=number)), hour)

        # M-2: Alice invoices 1500 and brings 3 leads (both goals reached);
        # Ben 800 and 2 leads (one goal, 90% on average); Cara nothing.
        cls.create_invoice(cls.alice, 1500.0, day(cls.m2, 3)[:10])
        cls.create_invoice(cls.ben, 800.0, day(cls.m2, 4)[:10])
        for number in (5, 6, 7):
            cls.create_lead(cls.alice, day(cls.m2, number))
        for number in (8, 9):
            cls.create_lead(cls.ben, day(cls.m2, number))
        # M-1: Ben invoices 2000 with 4 leads; Alice 500 with 2 leads.
        cls.create_invoice(cls.ben, 2000.0, day(cls.m1, 10)[:10])
        cls.create_invoice(cls.alice, 500.0, day(cls.m1, 11)[:10])
        for number in (12, 13, 14, 15):
            cls.create_lead(cls.ben, day(cls.m1, number))
        for number in (16, 17):
            cls.create_lead(cls.alice, day(cls.m1, number))

    def create_challenge(self, **values):
        Challenge = self.env["gamification.challenge"].sudo(self.manager)
        return Challenge.create(
            dict(
                {
                    "name": "Monthly Sales Target",
                    "team_id": self.team.id,
                    "manager_id": self.manager.id,
                    "period": "monthly",
                    "start_date": fields.Date.to_string(self.m2),
                    "visibility_mode": "ranking",
                    "report_message_frequency": "never",
                    "reward_realtime": False,
                    "reward_first_id": self.badge.id,
                    "reward_failure": True,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "definition_id": self.env.ref(
                                    "sales_gamification.definition_invoiced_amount"
                                ).id,
                                "target_goal": 1000.0,
                                "sequence": 1,
                            },
                        ),
                        (
                            0,
                            0,
                            {
                                "definition_id": self.env.ref(
                                    "sales_gamification.definition_new_leads"
                                ).id,
                                "target_goal": 2.0,
                                "sequence": 2,
                            },
                        ),
                    ],
                },
                **values,
            )
        )

    def badges(self, challenge):
        grants = self.env["gamification.badge.user"].search(
            [("challenge_id", "=", challenge.id)], order="period_start, id"
        )
        return [
            (g.user_id.login, g.badge_id, g.period_start, g.period_end) for g in grants
        ]

    def period(self, month):
        return (
            fields.Date.to_string(month),
            fields.Date.to_string(month + relativedelta(months=1, days=-1)),
        )

    def test_winner_of_each_month_gets_the_badge_exactly_once(self):
        challenge = self.create_challenge()
        self.assertEqual(challenge.user_ids, self.alice | self.ben | self.cara)
        challenge.sudo(self.manager).action_start()

        # The first month ends.
        challenge._close_ended_periods(self.m1)
        self.assertEqual(
            self.badges(challenge), [("alice", self.badge) + self.period(self.m2)]
        )
        goals = self.env["gamification.goal"].search(
            [
                ("challenge_id", "=", challenge.id),
                ("start_date", "=", self.period(self.m2)[0]),
            ],
            order="user_id, line_id",
        )
        self.assertEqual(
            [(g.user_id.login, g.current, g.state, g.closed) for g in goals],
            [
                ("alice", 1500.0, "reached", True),
                ("alice", 3.0, "reached", True),
                ("ben", 800.0, "failed", True),
                ("ben", 2.0, "reached", True),
                ("cara", 0.0, "failed", True),
                ("cara", 0.0, "failed", True),
            ],
        )
        ranking = challenge._rank_goals(goals)
        self.assertEqual(
            [(r["user"].login, r["reached"], r["completeness"]) for r in ranking],
            [("alice", 2, 100.0), ("ben", 1, 90.0), ("cara", 0, 0.0)],
        )

        # The second month ends: Ben wins.
        challenge._close_ended_periods(self.m0)
        self.assertEqual(
            self.badges(challenge),
            [
                ("alice", self.badge) + self.period(self.m2),
                ("ben", self.badge) + self.period(self.m1),
            ],
        )
        self.assertEqual(challenge.rewarded_until, self.period(self.m1)[1])

        # Running the cron again, or closing again, grants nothing more.
        self.run_cron()
        challenge._close_ended_periods(self.m0)
        self.assertEqual(len(self.badges(challenge)), 2)
        self.assertEqual(
            self.env["gamification.badge.user"]
            .search([("user_id", "=", self.ben.id)])
            .mapped("badge_id"),
            self.badge,
        )

    def test_cron_catches_up_every_ended_period(self):
        """A challenge started with a past start date (or a cron that did not
        run): the next run rewards each ended period once."""
        challenge = self.create_challenge()
        challenge.sudo(self.manager).action_start()
        self.run_cron()
        self.assertEqual(
            self.badges(challenge),
            [
                ("alice", self.badge) + self.period(self.m2),
                ("ben", self.badge) + self.period(self.m1),
            ],
        )
        # The running month has its goals, in progress.
        running = self.env["gamification.goal"].search(
            [
                ("challenge_id", "=", challenge.id),
                ("start_date", "=", self.period(self.m0)[0]),
            ]
        )
        self.assertEqual(len(running), 6)
        self.assertEqual(set(running.mapped("closed")), {False})
        self.run_cron()
        self.assertEqual(len(self.badges(challenge)), 2)

    def test_ties_go_to_the_earliest_registered_user(self):
        challenge = self.create_challenge(
            start_date=fields.Date.to_string(self.m0),
            team_id=False,
            user_ids=[(6, 0, (self.cara | self.ben).ids)],
        )
        challenge.action_start()
        goals = self.env["gamification.goal"].search(
            [("challenge_id", "=", challenge.id)]
        )
        self.assertEqual(
            [r["user"] for r in challenge._rank_goals(goals)], [self.ben, self.cara]
        )

    def test_team_members_follow_the_team(self):
        challenge = self.create_challenge()
        challenge.sudo(self.manager).action_start()
        dan = self.create_user("dan")
        self.assertIn(dan, challenge.user_ids)
        self.assertEqual(
            self.env["gamification.goal"].search_count(
                [("challenge_id", "=", challenge.id), ("user_id", "=", dan.id)]
            ),
            2,
        )
        self.alice.sale_team_id = False
        self.assertEqual(challenge.user_ids, self.ben | self.cara | dan)

    def test_salesperson_cannot_create_or_change_challenges(self):
        challenge = self.create_challenge()
        with self.assertRaises(AccessError):
            self.env["gamification.challenge"].sudo(self.alice).create(
                {"name": "My own challenge"}
            )
        with self.assertRaises(AccessError):
            challenge.sudo(self.alice).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            challenge.line_ids[0].sudo(self.alice).write({"target_goal": 1})
        self.assertEqual(challenge.name, "Monthly Sales Target")

    def test_bad_challenges_are_refused(self):
        Challenge = self.env["gamification.challenge"].sudo(self.manager)
        count = Challenge.search_count([])
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            self.create_challenge(
                period="once", start_date="2026-03-31", end_date="2026-03-01"
            )
        self.assertEqual(
            error.exception.name,
            "The challenge 'Monthly Sales Target' cannot end before it starts.",
        )
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            self.create_challenge(
                line_ids=[
                    (
                        0,
                        0,
                        {
                            "definition_id": self.env.ref(
                                "sales_gamification.definition_won_opportunities"
                            ).id,
                            "target_goal": 0,
                        },
                    )
                ]
            )
        self.assertEqual(
            error.exception.name,
            "The target of 'Won Opportunities' must be positive: higher is better.",
        )
        vip_badge = self.env["gamification.badge"].create(
            {
                "name": "CEO award",
                "rule_auth": "users",
                "rule_auth_user_ids": [(6, 0, self.alice.ids)],
            }
        )
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            self.create_challenge(reward_first_id=vip_badge.id)
        self.assertEqual(
            error.exception.name,
            "Manager may not grant the badge 'CEO award': its rules allow other "
            "users only.",
        )
        self.assertEqual(Challenge.search_count([]), count)

        empty = self.create_challenge(line_ids=[])
        with self.assertRaises(UserError) as error, self.env.cr.savepoint():
            empty.action_start()
        self.assertEqual(
            error.exception.name,
            "Add at least one goal to the challenge 'Monthly Sales Target' "
            "before starting it.",
        )
        self.assertEqual(empty.state, "draft")
        self.assertEqual(self.badges(empty), [])

    def test_badges_requiring_other_badges_do_not_crash(self):
        """Odoo compares badges with badge grants here and crashes."""
        advanced = self.env["gamification.badge"].create(
            {
                "name": "Advanced",
                "rule_auth": "having",
                "rule_auth_badge_ids": [(6, 0, self.badge.ids)],
            }
        )
        Badge = self.env["gamification.badge"]
        self.assertEqual(
            advanced.sudo(self.alice)._can_grant_badge(), Badge.BADGE_REQUIRED
        )
        self.env["gamification.badge.user"].create(
            {"user_id": self.alice.id, "badge_id": self.badge.id}
        )
        self.assertEqual(advanced.sudo(self.alice)._can_grant_badge(), Badge.CAN_GRANT)

    def test_templates_ship_in_draft(self):
        template = self.env.ref("sales_gamification.challenge_monthly_sales_targets")
        self.assertEqual(template.state, "draft")
        self.assertEqual(template.period, "monthly")
        self.assertEqual(template.reward_first_id, self.badge)
        self.assertEqual(
            template.line_ids.mapped("definition_id"),
            self.env.ref("sales_gamification.definition_invoiced_amount")
            | self.env.ref("sales_gamification.definition_new_leads"),
        )
        for xmlid, lines in (
            (
                "challenge_lead_acquisition",
                ["New Leads", "Time to Qualify a Lead", "New Opportunities"],
            ),
            (
                "challenge_closing",
                ["Won Opportunities", "Win Rate", "Days to Close a Deal"],
            ),
        ):
            challenge = self.env.ref("sales_gamification." + xmlid)
            self.assertEqual(challenge.line_ids.mapped("definition_id.name"), lines)

    def test_menus_without_developer_mode(self):
        Menu = self.env["ir.ui.menu"]
        crm_menu = self.env.ref("sales_gamification.menu_crm_gamification")
        settings_menu = self.env.ref("sales_gamification.menu_gamification_root")
        admin = self.env.ref("base.user_root")
        for user, sees_crm, sees_settings in (
            (self.manager, True, False),
            (self.alice, False, False),
            (admin, True, True),
        ):
            visible = Menu.sudo(user)._visible_menu_ids()
            self.assertEqual(crm_menu.id in visible, sees_crm, user.login)
            self.assertEqual(settings_menu.id in visible, sees_settings, user.login)
        self.assertEqual(
            Menu.sudo(self.manager)
            .search([("parent_id", "=", crm_menu.id)])
            .mapped("name"),
            ["Challenges", "Goals", "Goal Definitions", "Badges"],
        )

    def test_closing_a_challenge_without_end_date_rewards_it(self):
        challenge = self.create_challenge(
            period="once",
            start_date=fields.Date.to_string(self.m1),
            team_id=False,
            user_ids=[(6, 0, (self.alice | self.ben).ids)],
        )
        challenge.action_start()
        challenge._close_ended_periods(self.m0 + relativedelta(months=6))
        self.assertEqual(self.badges(challenge), [])
        challenge.write({"state": "done"})
        # Since M-1: Ben 2000 and 4 leads, Alice 500 and 2 leads.
        self.assertEqual(
            self.badges(challenge),
            [("ben", self.badge, fields.Date.to_string(self.m1), False)],
        )
