# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Quotas: a salesperson's own target for a goal of a challenge."""

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from ..engine.quotas import split
from .common import ClosingCase

MAR = ("2026-03-01", "2026-03-31")


@tagged("post_install", "-at_install")
class TestQuotas(ClosingCase):
    """Ann and Bob's monthly challenge on won deals (target 1) since
    February 2026; Ann is a junior with a quota of 3, Bob a senior with 8."""

    START = "2026-02-01"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.create_manager()
        cls.won = cls.env.ref("sales_gamification.definition_won_opportunities")
        cls.Quota = cls.env["sales_gamification.quota"].with_user(cls.manager)

    def set_quotas(self, targets):
        return self.Quota.create(
            [
                {
                    "challenge_id": self.challenge.id,
                    "definition_id": self.won.id,
                    "user_id": user.id,
                    "target": target,
                }
                for user, target in targets
            ]
        )

    def goals(self, start):
        goals = self.env["gamification.goal"].search(
            [("challenge_id", "=", self.challenge.id), ("start_date", "=", start)]
        )
        return sorted(
            (g.user_id.login, g.current, g.target_goal, g.completeness, g.state)
            for g in goals
        )

    def test_two_targets_ranked_and_closed_by_the_cron(self):
        self.close("2026-03-01")
        with freeze_time("2026-03-05 09:00:00"):
            self.set_quotas([(self.ann, 3), (self.bob, 8)])
        self.challenge.reward_first_id = self.env.ref(
            "sales_gamification.badge_top_salesperson"
        )
        for _index in range(3):
            self.win_on(self.ann, "2026-03-10")
        for _index in range(4):
            self.win_on(self.bob, "2026-03-12")
        self.close("2026-04-01")
        # Ann's 3 of 3 beat Bob's 4 of 8, though Bob won more deals.
        self.assertEqual(
            self.goals(MAR[0]),
            [("ann", 3.0, 3.0, 100.0, "reached"), ("bob", 4.0, 8.0, 50.0, "failed")],
        )
        ranking = self.challenge._period_ranking(*map(fields.Date.to_date, MAR))
        self.assertEqual(
            [(row.rank, user.login, row.completeness) for row, user, _g in ranking],
            [(1, "ann", 100.0), (2, "bob", 50.0)],
        )
        self.assertEqual(
            self.env["gamification.badge.user"]
            .search([("challenge_id", "=", self.challenge.id)])
            .mapped("user_id.login"),
            ["ann"],
        )
        # April's goals take the quotas too.
        self.assertEqual(
            self.goals("2026-04-01"),
            [
                ("ann", 0.0, 3.0, 0.0, "inprogress"),
                ("bob", 0.0, 8.0, 0.0, "inprogress"),
            ],
        )

    def test_a_quota_changed_mid_period_moves_the_running_goal(self):
        quotas = self.set_quotas([(self.bob, 8)])
        for _index in range(4):
            self.win_on(self.bob, "2026-02-12")
        self.close("2026-03-01")
        for _index in range(4):
            self.win_on(self.bob, "2026-03-12")
        with freeze_time("2026-03-15 10:00:00"):
            self.env["gamification.goal"].search(
                [("challenge_id", "=", self.challenge.id)]
            ).update_goal()
            self.assertEqual(
                self.goals(MAR[0]),
                [
                    ("ann", 0.0, 1.0, 0.0, "inprogress"),
                    ("bob", 4.0, 8.0, 50.0, "inprogress"),
                ],
            )
            quotas.with_user(self.manager).target = 4
            self.assertEqual(
                self.goals(MAR[0]),
                [
                    ("ann", 0.0, 1.0, 0.0, "inprogress"),
                    ("bob", 4.0, 4.0, 100.0, "reached"),
                ],
            )
            # February closed with 8: it keeps it.
            self.assertEqual(
                self.goals("2026-02-01"),
                [("ann", 0.0, 1.0, 0.0, "failed"), ("bob", 4.0, 8.0, 50.0, "failed")],
            )
            # No quota: the goal's target again.
            quotas.with_user(self.manager).unlink()
            self.assertEqual(
                self.goals(MAR[0]),
                [
                    ("ann", 0.0, 1.0, 0.0, "inprogress"),
                    ("bob", 4.0, 1.0, 100.0, "reached"),
                ],
            )

    def test_salespeople_read_their_own_quota_and_change_none(self):
        self.set_quotas([(self.ann, 3), (self.bob, 8)])
        Quota = self.env["sales_gamification.quota"].with_user(self.ann)
        self.assertEqual(Quota.search([]).mapped("target"), [3.0])
        with self.assertRaises(AccessError):
            Quota.search([]).target = 1

    def test_bad_quotas_are_refused(self):
        leads = self.env.ref("sales_gamification.definition_new_leads")
        with self.assertRaises(ValidationError) as caught:
            self.Quota.create(
                {
                    "challenge_id": self.challenge.id,
                    "definition_id": leads.id,
                    "user_id": self.ann.id,
                    "target": 3,
                }
            )
        self.assertEqual(
            str(caught.exception),
            "The challenge 'Deal a month' has no goal 'New Leads': a quota is a "
            "target for one of its goals.",
        )
        quota = self.set_quotas([(self.ann, 3)])
        with self.assertRaises(ValidationError) as caught:
            quota.weight = -1
        self.assertEqual(
            str(caught.exception), "The weight of a quota cannot be negative."
        )
        self.assertEqual(
            self.Quota.search([]).mapped(lambda q: (q.user_id.login, q.weight)),
            [("ann", 1.0)],
        )


@tagged("post_install", "-at_install")
class TestTeamTargetSplit(ClosingCase):
    """The team's monthly invoicing target split over its four salespeople,
    for a monthly challenge on invoicing."""

    START = "2026-03-01"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cid = cls.create_user("cid")
        cls.dee = cls.create_user("dee")
        cls.manager = cls.create_manager()
        with freeze_time("2026-03-02 08:00:00"):
            cls.invoicing = cls.start_team_challenge(
                "Invoicing race",
                [("definition_invoiced_amount", 20000)],
                reward_realtime=False,
                user_domain=False,
            )
        cls.team.invoiced_target = 10000.03

    def targets(self):
        goals = self.env["gamification.goal"].search(
            [("challenge_id", "=", self.invoicing.id), ("closed", "=", False)]
        )
        return sorted((g.user_id.login, g.target_goal) for g in goals)

    def test_evenly_then_by_weight(self):
        challenge = self.invoicing.with_user(self.manager)
        with freeze_time("2026-03-10 09:00:00"):
            challenge.action_split_team_target()
            # The cent that does not divide goes to the last.
            self.assertEqual(
                self.targets(),
                [("ann", 2500.01), ("bob", 2500.01), ("cid", 2500.01), ("dee", 2500.0)],
            )
            dee = challenge.quota_ids.filtered(lambda q: q.user_id == self.dee)
            dee.weight = 2
            self.team.invoiced_target = 10000
            challenge.action_split_team_target_by_weight()
            self.assertEqual(
                self.targets(),
                [("ann", 2000.0), ("bob", 2000.0), ("cid", 2000.0), ("dee", 4000.0)],
            )
        self.assertEqual(len(challenge.quota_ids), 4)

    def test_what_cannot_be_split(self):
        with self.assertRaises(AccessError):
            self.invoicing.with_user(self.ann).action_split_team_target()
        challenge = self.invoicing.with_user(self.manager)
        self.team.invoiced_target = 0
        with self.assertRaisesRegex(
            UserError,
            "^The sales team 'Test Sales Team' has no invoicing target: set it on "
            "the team first.$",
        ):
            challenge.action_split_team_target()
        self.team.invoiced_target = 10000
        # Deal a month counts deals, not invoices.
        with self.assertRaisesRegex(
            UserError, "^The challenge has no invoicing goal to split the target over.$"
        ):
            self.challenge.with_user(self.manager).action_split_team_target()
        self.invoicing.period = "weekly"
        with self.assertRaisesRegex(
            UserError,
            "^The team's invoicing target is monthly: split it for a monthly "
            "challenge.$",
        ):
            challenge.action_split_team_target()
        self.assertEqual(self.invoicing.quota_ids.ids, [])

    def test_the_split_arithmetic(self):
        self.assertEqual(split(100, [1, 1, 1]), [33.33, 33.33, 33.34])
        self.assertEqual(split(1000000, [1, 2], digits=0), [333333, 666667])
        with self.assertRaises(ValueError):
            split(100, [0, 0])


@tagged("post_install", "-at_install")
class TestQuotaImport(ClosingCase):
    """Quotas from a spreadsheet, through Odoo's import, as a sales manager."""

    START = "2026-03-01"

    def execute(self, csv):
        manager = self.create_manager()
        importer = (
            self.env["base_import.import"]
            .with_user(manager)
            .create(
                {
                    "res_model": "sales_gamification.quota",
                    "file": csv.encode(),
                    "file_name": "quotas.csv",
                    "file_type": "text/csv",
                }
            )
        )
        with freeze_time("2026-03-10 09:00:00"):
            return importer.execute_import(
                ["challenge_id", "definition_id", "user_id", "target"],
                ["Challenge", "Goal", "Salesperson", "Target"],
                {"quoting": '"', "separator": ",", "has_headers": True},
            )

    def test_a_spreadsheet_of_quotas(self):
        result = self.execute(
            "Challenge,Goal,Salesperson,Target\n"
            "Deal a month,Won Opportunities,Ann,3\n"
            "Deal a month,Won Opportunities,Bob,8\n"
        )
        self.assertEqual(result["messages"], [])
        goals = self.env["gamification.goal"].search(
            [("challenge_id", "=", self.challenge.id), ("closed", "=", False)]
        )
        self.assertEqual(
            sorted((g.user_id.login, g.target_goal) for g in goals),
            [("ann", 3.0), ("bob", 8.0)],
        )

    def test_a_bad_row_saves_nothing(self):
        result = self.execute(
            "Challenge,Goal,Salesperson,Target\n"
            "Deal a month,Won Opportunities,Ann,3\n"
            "Deal a month,New Leads,Bob,8\n"
        )
        # Odoo's import reports it for the batch and for the row.
        self.assertEqual(
            {(message["type"], message["message"]) for message in result["messages"]},
            {
                (
                    "error",
                    "The challenge 'Deal a month' has no goal 'New Leads': a quota "
                    "is a target for one of its goals.",
                )
            },
        )
        self.assertEqual(self.env["sales_gamification.quota"].search_count([]), 0)
