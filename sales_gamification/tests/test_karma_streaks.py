# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from ..engine.streaks import streak
from .common import ClosingCase, SalesCase


@tagged("post_install", "-at_install")
class TestStreakEngine(SalesCase):
    def test_streak_counts_back_from_the_latest_period(self):
        jan, feb, mar, apr = (date(2026, m, 1) for m in (1, 2, 3, 4))
        self.assertEqual(streak({}), 0)
        self.assertEqual(streak({jan: True, feb: True, mar: True}), 3)
        # A missed period ends it; the order of the keys does not matter.
        self.assertEqual(streak({mar: True, jan: True, feb: False}), 1)
        self.assertEqual(streak({jan: True, feb: True, mar: False}), 0)
        # A period without goals is absent: neither breaks nor extends.
        self.assertEqual(streak({jan: True, feb: True, apr: True}), 3)


@tagged("post_install", "-at_install")
class TestKarma(ClosingCase):
    """A goal line grants karma when its goal is reached, once per period;
    winning a period grants more. Odoo's ranks follow."""

    def karma(self, user):
        return [
            (t.old_value, t.new_value, t.origin_ref, t.reason)
            for t in self.env["gamification.karma.tracking"].search(
                [("user_id", "=", user.id)], order="id"
            )
        ]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.challenge.line_ids.karma_reached = 60
        cls.challenge.karma_winner = 50

    def test_karma_once_per_goal_and_period_with_the_challenge_as_source(self):
        self.win_on(self.ann, "2026-01-10")
        self.win_on(self.bob, "2026-02-10")
        self.close("2026-02-01")
        self.close("2026-02-01")
        self.close("2026-03-01")
        # A second won deal in February moves no karma: the goal was reached.
        self.win_on(self.bob, "2026-02-20")
        self.close("2026-03-01")
        challenge = self.challenge
        source = " (Deal a month #%d)" % self.challenge.id
        goal = "Goal reached: Won Opportunities, "
        self.assertEqual(
            self.karma(self.ann),
            [
                (0, 60, challenge, goal + "2026-01-01 – 2026-01-31" + source),
                (60, 110, challenge, "Period won: 2026-01-01 – 2026-01-31" + source),
            ],
        )
        self.assertEqual(
            self.karma(self.bob),
            [
                (0, 60, challenge, goal + "2026-02-01 – 2026-02-28" + source),
                (60, 110, challenge, "Period won: 2026-02-01 – 2026-02-28" + source),
            ],
        )
        self.assertEqual(self.ann.karma, 110)

    def test_karma_granted_together_follows_on_for_each_user(self):
        challenge = self.challenge
        source = " (Deal a month #%d)" % challenge.id
        challenge._grant_karma(
            [
                (challenge, self.ann, 10, "First"),
                (challenge, self.bob, 5, "Second"),
                (challenge, self.ann, 20, "Third"),
                (challenge, self.bob, 0, "Nothing"),
            ]
        )
        self.assertEqual(
            self.karma(self.ann),
            [
                (0, 10, challenge, "First" + source),
                (10, 30, challenge, "Third" + source),
            ],
        )
        self.assertEqual(self.karma(self.bob), [(0, 5, challenge, "Second" + source)])
        self.assertEqual((self.ann.karma, self.bob.karma), (30, 5))

    def test_odoo_ranks_follow_and_announce_the_rank_up(self):
        student = self.env.ref("gamification.rank_student")
        self.assertEqual((self.ann.karma, self.ann.rank_id.name), (0, False))
        # Ann wins a deal herself: her January goal is reached when she saves.
        lead = self.create_lead(self.ann, "2026-01-10 09:00", "opportunity")
        with freeze_time("2026-01-10 10:00:00"):
            lead.with_user(self.ann).action_set_won()
            self.env.cr.flush()
        self.assertEqual(
            (self.ann.karma, self.ann.rank_id),
            (60, self.env.ref("gamification.rank_newbie")),
        )
        self.close("2026-02-01")
        self.assertEqual((self.ann.karma, self.ann.rank_id), (110, student))
        self.assertEqual(
            self.env["mail.mail"]
            .search([("model", "=", "res.users"), ("res_id", "=", self.ann.id)])
            .mapped("subject"),
            ["New rank: Student", "New rank: Newbie"],
        )

    def test_karma_is_never_negative(self):
        with self.assertRaisesRegex(ValidationError, "^Karma cannot be negative.$"):
            self.challenge.line_ids.karma_reached = -5
        with self.assertRaisesRegex(ValidationError, "^Karma cannot be negative.$"):
            self.challenge.karma_winner = -1


@tagged("post_install", "-at_install")
class TestStreaks(ClosingCase):
    """Ann reaches her goal January to April, misses May, reaches June. Bob
    reaches January and February, is out of the team in March (no goal),
    back for April. The streak badge is for 3 months in a row."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.badge = cls.env["gamification.badge"].create(
            {"name": "Hat-trick", "rule_auth": "nobody"}
        )
        cls.challenge.streak_badge_id = cls.badge

    def streaks(self):
        return self.challenge._streaks(self.ann | self.bob)

    def badges(self):
        grants = self.env["gamification.badge.user"].search(
            [("badge_id", "=", self.badge.id)], order="id"
        )
        return [
            (g.user_id.login, str(g.period_start), str(g.period_end)) for g in grants
        ]

    def test_a_streak_of_three_earns_its_badge_once(self):
        for day in (
            "2026-01-10",
            "2026-02-10",
            "2026-03-10",
            "2026-04-10",
            "2026-06-10",
        ):
            self.win_on(self.ann, day)
        for day in ("2026-01-12", "2026-02-12", "2026-04-12"):
            self.win_on(self.bob, day)
        self.close("2026-02-01")
        self.close("2026-03-01")
        self.assertEqual(self.streaks(), {self.ann.id: 2, self.bob.id: 2})
        self.assertEqual(self.badges(), [])
        # Bob leaves the team for March.
        self.env["crm.team.member"].search([("user_id", "=", self.bob.id)]).unlink()
        self.close("2026-04-01")
        self.assertEqual(self.streaks(), {self.ann.id: 3, self.bob.id: 2})
        self.assertEqual(self.badges(), [("ann", "2026-03-01", "2026-03-31")])
        self.join_team(self.bob, self.team)
        self.close("2026-05-01")
        # Ann's streak goes on without a second badge; Bob's March without a
        # goal neither broke nor extended his.
        self.assertEqual(self.streaks(), {self.ann.id: 4, self.bob.id: 3})
        self.assertEqual(
            self.badges(),
            [("ann", "2026-03-01", "2026-03-31"), ("bob", "2026-04-01", "2026-04-30")],
        )
        self.close("2026-06-01")
        self.assertEqual(self.streaks(), {self.ann.id: 0, self.bob.id: 0})
        self.close("2026-07-01")
        self.assertEqual(self.streaks(), {self.ann.id: 1, self.bob.id: 0})
        self.assertEqual(len(self.badges()), 2)

    def test_the_streak_shows_on_my_goals_the_leaderboard_and_the_tv_board(self):
        for day in ("2026-01-10", "2026-02-10"):
            self.win_on(self.ann, day)
        self.close("2026-03-01")
        with freeze_time("2026-03-05 09:00:00"):
            goal = (
                self.env["gamification.goal"]
                .with_user(self.ann)
                .search(
                    [
                        ("challenge_id", "=", self.challenge.id),
                        ("user_id", "=", self.ann.id),
                        ("start_date", "=", "2026-03-01"),
                    ]
                )
            )
            self.assertEqual(goal.streak, 2)
            Leaderboard = self.env["sales_gamification.leaderboard.line"].with_user(
                self.ann
            )
            rows = Leaderboard._rows_for(self.challenge, self.ann)
            self.assertEqual(
                [(r["name"], r["streak"]) for r in rows], [("Ann", 2), ("Bob", 0)]
            )
            board = self.challenge._tv_board_data()
            self.assertEqual(
                [(r["name"], r["streak"]) for r in board["rows"]],
                [("Ann", 2), ("Bob", 0)],
            )

    def test_a_streak_is_two_periods_or_more(self):
        with self.assertRaisesRegex(
            ValidationError, "^A streak is at least 2 periods in a row.$"
        ):
            self.challenge.streak_length = 1
