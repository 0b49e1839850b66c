# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import date

from odoo.tests import freeze_time, tagged

from ..engine.pace import Early, Pace, projection, trend, working_days
from .common import SalesCase

NOV = date(2026, 11, 1), date(2026, 11, 30)


@tagged("post_install", "-at_install")
class TestPaceEngine(SalesCase):
    """November 2026 starts on a Sunday: 21 working days, Monday 2 to
    Monday 30."""

    def test_working_days_skip_weekends_and_holidays(self):
        self.assertEqual(working_days(*NOV), 21)
        self.assertEqual(working_days(*NOV, holidays={date(2026, 11, 30)}), 20)
        # Saturday and Sunday only.
        self.assertEqual(working_days(date(2026, 11, 14), date(2026, 11, 15)), 0)

    def test_no_pace_before_a_fifth_of_the_working_days(self):
        # 21 working days: a pace from the 5th, Friday 6th. Sunday 1st (no
        # working day yet), Monday 2nd and Thursday 5th are too early, even
        # on track.
        for day in (1, 2, 5):
            self.assertEqual(projection(4, 10, *NOV, date(2026, 11, day)), Early(5, 21))
        # Friday 6th: 1 deal in 5 working days makes 4.2.
        self.assertEqual(
            projection(1, 10, *NOV, date(2026, 11, 6)), Pace(4.2, False, False)
        )
        # February 2026, 20 working days: from the 4th.
        february = date(2026, 2, 1), date(2026, 2, 28)
        self.assertEqual(projection(0, 10, *february, date(2026, 2, 4)), Early(4, 20))
        self.assertEqual(
            projection(3, 10, *february, date(2026, 2, 5)), Pace(15, True, False)
        )
        # A period without working days has no pace.
        weekend = date(2026, 11, 14), date(2026, 11, 15)
        self.assertIsNone(projection(1, 10, *weekend, date(2026, 11, 14)))

    def test_projection_on_the_middle_and_last_working_day(self):
        # Monday 16th, 11 working days in: 4 / 11 × 21; 11 days left.
        self.assertEqual(
            projection(4, 10, *NOV, date(2026, 11, 16)), Pace(4 / 11 * 21, False, False)
        )
        # Saturday 14th counts the 10 working days before it.
        self.assertEqual(
            projection(5, 10, *NOV, date(2026, 11, 14)), Pace(10.5, True, False)
        )
        # Monday 30th, the last: the value itself, off track and urgent.
        self.assertEqual(
            projection(9, 10, *NOV, date(2026, 11, 30)), Pace(9, False, True)
        )

    def test_urgent_with_a_third_of_the_period_left(self):
        # Friday 20th: 7 working days left of 21, a third: urgent.
        self.assertEqual(
            projection(3, 10, *NOV, date(2026, 11, 20)), Pace(4.2, False, True)
        )
        # Thursday 19th: 8 left.
        self.assertEqual(
            projection(3, 10, *NOV, date(2026, 11, 19)), Pace(3 / 14 * 21, False, False)
        )
        # On track is never urgent.
        self.assertEqual(
            projection(10, 10, *NOV, date(2026, 11, 20)), Pace(14, True, False)
        )

    def test_trend_against_the_period_before(self):
        self.assertEqual(trend(60, 50, lower_is_better=False), 1)
        self.assertEqual(trend(40, 50, lower_is_better=False), -1)
        self.assertEqual(trend(4, 6, lower_is_better=True), 1)
        self.assertEqual(trend(6, 6, lower_is_better=True), 0)
        self.assertIsNone(trend(6, None, lower_is_better=True))


@tagged("post_install", "-at_install")
class TestPace(SalesCase):
    """Ann's goals of a monthly challenge, in November 2026: Won
    Opportunities (target 10) and Win Rate (target 60%), which has
    October's rate to compare with."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann = cls.create_user("ann")
        with freeze_time("2026-10-01 08:00:00"):
            cls.challenge = cls.start_team_challenge(
                "November pace",
                [("definition_won_opportunities", 10), ("definition_win_rate", 60)],
                start_date="2026-10-01",
                user_domain=False,
                reward_realtime=False,
            )
        # October: 1 won, 1 lost (50%). November: 4 won, 1 lost (80%).
        for day, won in (("2026-10-05", True), ("2026-10-06", False)):
            cls.close_deal(day, won)
        for day in ("2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"):
            cls.close_deal(day, True)
        cls.close_deal("2026-11-06", False)
        with freeze_time("2026-11-01 06:00:00"):
            cls.run_cron()

    @classmethod
    def close_deal(cls, day, won):
        lead = cls.create_lead(cls.ann, day + " 09:00", "opportunity")
        (cls.win if won else cls.lose)(lead, day + " 10:00")

    def paces(self, day):
        with freeze_time(day + " 09:00:00"):
            goals = (
                self.env["gamification.goal"]
                .with_user(self.ann)
                .search(
                    [
                        ("challenge_id", "=", self.challenge.id),
                        ("start_date", "=", NOV[0]),
                    ]
                )
            )
            # The cron's update; the salesperson reads.
            goals.sudo().update_goal()
            goals.invalidate_recordset()
            return [
                (g.definition_id.name, g.pace_state, g.pace_display, g.pace_urgent)
                for g in goals.sorted(lambda g: g.line_id.sequence)
            ]

    def test_projection_for_counts_trend_for_ratios(self):
        self.assertEqual(
            self.paces("2026-11-16"),
            [
                # 4 / 11 × 21 = 7.6
                (
                    "Won Opportunities",
                    "off_track",
                    "Off track: 8 by the end of the period",
                    False,
                ),
                ("Win Rate", "better", "▲ Better than last period (50.00)", False),
            ],
        )

    def test_too_early_says_when_the_pace_comes(self):
        self.assertEqual(
            self.paces("2026-11-05")[0],
            (
                "Won Opportunities",
                False,
                "Too early for a pace: from working day 5 of 21",
                False,
            ),
        )
        # The TV board gives verdicts only.
        self.challenge.visibility_mode = "ranking"
        with freeze_time("2026-11-05 09:00:00"):
            board = self.challenge._tv_board_data()
        self.assertEqual(
            [(g["pace"], g["off_pace"]) for g in board["rows"][0]["goals"]],
            [("", False), ("▲ Better than last period", False)],
        )

    def test_a_goal_reached_shows_no_projection(self):
        goal = self.env["gamification.goal"].search(
            [
                ("challenge_id", "=", self.challenge.id),
                ("start_date", "=", NOV[0]),
                ("definition_id.name", "=", "Won Opportunities"),
            ]
        )
        goal.target_goal = 4
        self.assertEqual(
            self.paces("2026-11-16")[0], ("Won Opportunities", False, False, False)
        )

    def test_the_tv_board_gives_the_verdict_in_a_few_words(self):
        self.challenge.visibility_mode = "ranking"
        self.paces("2026-11-16")
        with freeze_time("2026-11-16 09:00:00"):
            board = self.challenge._tv_board_data()
        self.assertEqual(
            [(g["pace"], g["off_pace"]) for g in board["rows"][0]["goals"]],
            [("Off track: 8", True), ("▲ Better than last period", False)],
        )

    def test_company_time_off_is_not_a_working_day(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company day",
                "calendar_id": self.env.company.resource_calendar_id.id,
                "date_from": "2026-11-30 00:00:00",
                "date_to": "2026-11-30 23:59:59",
            }
        )
        # 4 / 11 × 20 = 7.3
        self.assertEqual(
            self.paces("2026-11-16")[0][2], "Off track: 7 by the end of the period"
        )

    def test_off_track_late_in_the_period_comes_first_in_the_top_bar(self):
        with freeze_time("2026-11-27 09:00:00"):
            goals = (
                self.env["gamification.goal"].with_user(self.ann).get_my_running_goals()
            )
        self.assertEqual(
            [(g["name"], g["pace"], g["urgent"]) for g in goals],
            [
                ("Won Opportunities", "Off track: 4 by the end of the period", True),
                ("Win Rate", "▲ Better than last period (50.00)", False),
            ],
        )
