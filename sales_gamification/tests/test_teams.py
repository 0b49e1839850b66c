# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import SalesCase

FEB = fields.Date.to_date("2026-02-01"), fields.Date.to_date("2026-02-28")


@tagged("post_install", "-at_install")
class TestTeamAgainstTeam(SalesCase):
    """Alpha (Ann, Bob, Cid) against Beta (Dee) in February 2026. Alpha wins
    5 deals (Ann 3, Bob 2), Beta 2 (Dee): Alpha has the volume, Beta the
    most deals per member."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha = cls.team
        cls.alpha.name = "Alpha"
        cls.beta = cls.env["crm.team"].create({"name": "Beta"})
        cls.ann = cls.create_user("ann")
        cls.bob = cls.create_user("bob")
        cls.cid = cls.create_user("cid")
        cls.dee = cls.create_user("dee", team=False)
        cls.join_team(cls.dee, cls.beta)
        cls.badge = cls.env["gamification.badge"].create(
            {"name": "Team trophy", "rule_auth": "nobody"}
        )
        for user, count in ((cls.ann, 3), (cls.bob, 2), (cls.dee, 2)):
            for _index in range(count):
                cls.won_in(user, user.sale_team_id, "2026-02-10")
        with freeze_time("2026-02-01 08:00:00"):
            cls.volume = cls.team_challenge("Volume", 4, "sum")
            cls.per_head = cls.team_challenge("Per head", 2, "average")

    @classmethod
    def won_in(cls, user, team, day):
        lead = cls.create_lead(user, day + " 09:00", "opportunity")
        lead.team_id = team
        cls.win(lead, day + " 10:00")

    @classmethod
    def team_challenge(cls, name, target, aggregate):
        challenge = cls.start_team_challenge(
            name,
            [("definition_won_opportunities", target)],
            team_id=False,
            competing_team_ids=[(6, 0, (cls.alpha | cls.beta).ids)],
            start_date="2026-02-01",
            user_domain=False,
            reward_id=cls.badge.id,
            reward_realtime=False,
            visibility_mode="ranking",
        )
        challenge.line_ids.team_aggregate = aggregate
        return challenge

    def ranking(self, challenge):
        return [
            (
                row.rank.rank,
                row.team.name,
                [(r.current, r.target, r.completeness, r.reached) for r in row.lines],
            )
            for row in challenge._period_team_ranking(*FEB)
        ]

    def test_the_members_of_the_teams_take_part(self):
        self.assertEqual(
            self.volume.user_ids, self.ann | self.bob | self.cid | self.dee
        )

    def test_a_sum_line_counts_the_team_s_records(self):
        self.assertEqual(
            self.ranking(self.volume),
            [
                (1, "Alpha", [(5.0, 4.0, 100.0, True)]),
                (2, "Beta", [(2.0, 4.0, 50.0, False)]),
            ],
        )

    def test_an_average_line_divides_by_the_members(self):
        self.assertEqual(
            self.ranking(self.per_head),
            [
                (1, "Beta", [(2.0, 2.0, 100.0, True)]),
                (2, "Alpha", [(5 / 3, 2.0, 83.33, False)]),
            ],
        )

    def test_every_member_of_the_winning_team_gets_the_badge_once(self):
        for _run in range(2):
            with freeze_time("2026-03-01 06:00:00"):
                self.run_cron()
        grants = self.env["gamification.badge.user"].search(
            [("badge_id", "=", self.badge.id)], order="id"
        )
        self.assertEqual(
            sorted((g.challenge_id.name, g.user_id.login) for g in grants),
            [
                ("Per head", "dee"),
                ("Volume", "ann"),
                ("Volume", "bob"),
                ("Volume", "cid"),
            ],
        )
        self.assertEqual({(g.period_start, g.period_end) for g in grants}, {FEB})

    def test_no_winner_when_no_team_did_anything(self):
        with freeze_time("2026-04-01 06:00:00"):
            self.run_cron()
        march = self.env["gamification.badge.user"].search(
            [("badge_id", "=", self.badge.id), ("period_start", "=", "2026-03-01")]
        )
        self.assertFalse(march)

    def test_a_record_counts_for_the_team_it_was_made_in(self):
        # Bob moves to Beta on 20 February and wins one more deal there.
        with freeze_time("2026-02-20 09:00:00"):
            self.env["crm.team.member"].search([("user_id", "=", self.bob.id)]).unlink()
            self.join_team(self.bob, self.beta)
            self.won_in(self.bob, self.beta, "2026-02-20")
        won = self.env.ref("sales_gamification.definition_won_opportunities")
        self.assertEqual(
            won._kpi_team_values(self.alpha | self.beta, *FEB),
            {self.alpha.id: (5.0, 5), self.beta.id: (3.0, 3)},
        )
        # He still takes part, now for Beta.
        self.assertIn(self.bob, self.volume.user_ids)

    def test_the_team_ranking_on_the_leaderboard_my_goals_and_the_tv_board(self):
        with freeze_time("2026-02-15 09:00:00"):
            Leaderboard = self.env["sales_gamification.leaderboard.line"]
            rows = Leaderboard.with_user(self.ann)._rows_for(self.per_head, self.ann)
            goal = (
                self.env["gamification.goal"]
                .with_user(self.ann)
                .search(
                    [
                        ("challenge_id", "=", self.per_head.id),
                        ("user_id", "=", self.ann.id),
                    ]
                )
            )
            board = self.per_head._tv_board_data()
        self.assertEqual(
            [(r["rank"], r["name"], r["is_me"], r["lines_summary"]) for r in rows],
            [
                (1, "Beta", False, "Won Opportunities 100%"),
                (2, "Alpha", True, "Won Opportunities 83%"),
            ],
        )
        self.assertEqual(goal.team_rank_display, "Alpha: rank 2 of 2")
        self.assertEqual(
            [
                (r["key"], r["name"], [(g["current"], g["target"]) for g in r["goals"]])
                for r in board["rows"]
            ],
            [
                ("team-%d" % self.beta.id, "Beta", [("2.00", "2.00")]),
                ("team-%d" % self.alpha.id, "Alpha", [("1.67", "2.00")]),
            ],
        )

    def test_a_definition_without_sales_team_cannot_compare_teams(self):
        definition = self.env["gamification.goal.definition"].create(
            {
                "name": "Badges received",
                "computation_mode": "count",
                "model_id": self.env.ref(
                    "gamification.model_gamification_badge_user"
                ).id,
                "domain": "[]",
                "batch_mode": True,
                "batch_distinctive_field": self.env.ref(
                    "gamification.field_gamification_badge_user__user_id"
                ).id,
                "batch_user_expression": "user.id",
            }
        )
        message = (
            "The goal definition 'Badges received' cannot compare sales teams: "
            "it needs a batch mode whose domain does not use 'user', on records "
            "that have a sales team."
        )
        with self.assertRaises(UserError) as caught:
            definition._kpi_team_values(self.alpha, *FEB)
        self.assertEqual(str(caught.exception), message)
        # Odoo's assertRaises rolls the failed save back.
        with self.assertRaises(ValidationError) as caught:
            self.volume.line_ids = [
                (0, 0, {"definition_id": definition.id, "target_goal": 1})
            ]
        self.assertEqual(str(caught.exception), message)
        self.assertEqual(
            self.env["gamification.challenge.line"].search_count(
                [("challenge_id", "=", self.volume.id)]
            ),
            1,
        )

    def user_based_definition(self):
        """Won deals counted per salesperson, one query each: no team value."""
        return self.env.ref("sales_gamification.definition_won_opportunities").copy(
            {
                "name": "My won deals",
                "batch_mode": False,
                "domain": "[('user_id', '=', user.id), ('probability', '=', 100)]",
            }
        )

    def test_a_line_that_cannot_compare_teams_is_refused_however_it_comes(self):
        manager = self.create_manager()
        mine = self.user_based_definition()
        won = self.volume.line_ids.definition_id
        message = (
            "The goal definition 'My won deals' cannot compare sales teams: it "
            "needs a batch mode whose domain does not use 'user', on records "
            "that have a sales team."
        )
        # A challenge between salespeople may count them one by one.
        solo = self.start_team_challenge("Solo", [("definition_won_opportunities", 1)])
        solo.line_ids.definition_id = mine
        Line = self.env["gamification.challenge.line"].with_user(manager)
        attempts = (
            lambda: Line.create(
                {
                    "challenge_id": self.volume.id,
                    "definition_id": mine.id,
                    "target_goal": 1,
                }
            ),
            lambda: self.volume.line_ids.with_user(manager).write(
                {"definition_id": mine.id}
            ),
            lambda: solo.line_ids.with_user(manager).write(
                {"challenge_id": self.volume.id}
            ),
        )
        for attempt in attempts:
            with self.assertRaises(ValidationError) as caught:
                attempt()
            self.assertEqual(str(caught.exception), message)
        # The definition a team challenge uses cannot become user-based.
        with self.assertRaises(ValidationError) as caught:
            won.with_user(manager).write(
                {"batch_mode": False, "domain": "[('user_id', '=', user.id)]"}
            )
        self.assertEqual(
            str(caught.exception),
            "The goal definition 'Won Opportunities' cannot compare sales "
            "teams: it "
            "needs a batch mode whose domain does not use 'user', on records "
            "that have a sales team.",
        )
        self.assertEqual(
            (won.batch_mode, self.volume.line_ids.definition_id, self.volume.line_ids),
            (True, won, self.volume.line_ids),
        )
        self.assertEqual(
            self.env["gamification.challenge.line"]
            .search([("definition_id", "=", mine.id)])
            .challenge_id,
            solo,
        )

    def test_a_broken_challenge_does_not_stop_the_close_of_the_others(self):
        """A team challenge broken in the database (a line switched behind
        the checks' back) cannot be closed; the cron closes the other one."""
        mine = self.user_based_definition()
        self.env.cr.execute(
            "UPDATE gamification_challenge_line SET definition_id = %s "
            "WHERE challenge_id = %s",
            (mine.id, self.volume.id),
        )
        self.env.invalidate_all()
        with freeze_time("2026-03-01 06:00:00"):
            self.run_cron()
        self.assertEqual(
            (self.volume.rewarded_until, self.per_head.rewarded_until),
            (False, FEB[1]),
        )
        grants = self.env["gamification.badge.user"].search(
            [("badge_id", "=", self.badge.id)]
        )
        self.assertEqual(
            [(g.challenge_id.name, g.user_id.login) for g in grants],
            [("Per head", "dee")],
        )
