# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The engine package on its own: plain values in, plain values out, no
database."""

from datetime import date, datetime
from decimal import Decimal

from odoo.tests import BaseCase, tagged
from odoo.tools import SQL

from ..engine.expressions import ExpressionError, domain_error, expression_error
from ..engine.kpi import KpiSpec, completeness, rounded_percent
from ..engine.periods import (
    current_period,
    days_left,
    ended_periods,
    local_today,
    period_bounds,
)
from ..engine.queries import KpiItem, read_kpi_rows
from ..engine.ranking import Rank, rank, surplus, visible_ranks

MORNING = datetime(2026, 3, 18, 8, 0)
NOON = datetime(2026, 3, 18, 12, 0)
EVENING = datetime(2026, 3, 18, 19, 0)


def d(value):
    """'2026-03-04' -> date."""
    return date.fromisoformat(value)


def spec(**values):
    """A KpiSpec counting leads, higher is better, with ``values`` changed."""
    return KpiSpec(
        mode="count",
        table="crm_lead",
        source=SQL.identifier("crm_lead"),
        field=None,
        date_field="create_date",
        date_type="datetime",
        group_field="user_id",
        user_expression="user.id",
        condition="higher",
        min_sample=0,
        base=None,
        hits=None,
    )._replace(**values)


@tagged("post_install", "-at_install")
class TestPeriods(BaseCase):
    def test_daily_monthly_and_yearly_bounds(self):
        self.assertEqual(
            period_bounds("daily", d("2026-03-31")), (d("2026-03-31"),) * 2
        )
        self.assertEqual(
            period_bounds("monthly", d("2026-03-31")),
            (d("2026-03-01"), d("2026-03-31")),
        )
        self.assertEqual(
            period_bounds("monthly", d("2026-02-14")),
            (d("2026-02-01"), d("2026-02-28")),
        )
        self.assertEqual(
            period_bounds("monthly", d("2028-02-01")),
            (d("2028-02-01"), d("2028-02-29")),
        )
        self.assertEqual(
            period_bounds("monthly", d("2026-12-25")),
            (d("2026-12-01"), d("2026-12-31")),
        )
        self.assertEqual(
            period_bounds("yearly", d("2026-07-04")),
            (d("2026-01-01"), d("2026-12-31")),
        )

    def test_weeks_run_from_monday_to_sunday(self):
        # Wednesday April 1st, 2026: the week straddles two months.
        self.assertEqual(
            period_bounds("weekly", d("2026-04-01")),
            (d("2026-03-30"), d("2026-04-05")),
        )
        # A Monday starts its week, a Sunday ends its week: seven days.
        self.assertEqual(
            period_bounds("weekly", d("2026-03-02")),
            (d("2026-03-02"), d("2026-03-08")),
        )
        self.assertEqual(
            period_bounds("weekly", d("2026-03-01")),
            (d("2026-02-23"), d("2026-03-01")),
        )
        # Across the new year.
        self.assertEqual(
            period_bounds("weekly", d("2027-01-01")),
            (d("2026-12-28"), d("2027-01-03")),
        )

    def test_unknown_period_is_refused(self):
        with self.assertRaises(ValueError):
            period_bounds("once", d("2026-03-01"))
        with self.assertRaises(ValueError):
            period_bounds("fortnightly", d("2026-03-01"))

    def test_ended_periods_catch_up_every_unrewarded_period(self):
        # A monthly challenge started mid-January, never rewarded: January,
        # February and March are over on April 10th; April runs.
        self.assertEqual(
            ended_periods("monthly", d("2026-01-15"), None, None, d("2026-04-10")),
            [
                (d("2026-01-01"), d("2026-01-31")),
                (d("2026-02-01"), d("2026-02-28")),
                (d("2026-03-01"), d("2026-03-31")),
            ],
        )
        # January was rewarded: February and March are left.
        self.assertEqual(
            ended_periods(
                "monthly", d("2026-01-15"), None, d("2026-01-31"), d("2026-04-10")
            ),
            [
                (d("2026-02-01"), d("2026-02-28")),
                (d("2026-03-01"), d("2026-03-31")),
            ],
        )
        # Everything up to March was rewarded: nothing.
        self.assertEqual(
            ended_periods(
                "monthly", d("2026-01-15"), None, d("2026-03-31"), d("2026-04-10")
            ),
            [],
        )

    def test_a_period_ends_after_its_last_day(self):
        self.assertEqual(
            ended_periods("monthly", d("2026-03-01"), None, None, d("2026-03-31")),
            [],
        )
        self.assertEqual(
            ended_periods("monthly", d("2026-03-01"), None, None, d("2026-04-01")),
            [(d("2026-03-01"), d("2026-03-31"))],
        )
        self.assertEqual(
            ended_periods("daily", d("2026-03-30"), None, None, d("2026-04-01")),
            [
                (d("2026-03-30"), d("2026-03-30")),
                (d("2026-03-31"), d("2026-03-31")),
            ],
        )
        # Weeks of seven days, Monday to Sunday, from a Wednesday start.
        self.assertEqual(
            ended_periods("weekly", d("2026-03-04"), None, None, d("2026-03-18")),
            [
                (d("2026-03-02"), d("2026-03-08")),
                (d("2026-03-09"), d("2026-03-15")),
            ],
        )

    def test_ended_periods_stop_at_the_challenge_end(self):
        # The challenge ends on February 20th: February is its last period.
        self.assertEqual(
            ended_periods(
                "monthly", d("2026-01-15"), d("2026-02-20"), None, d("2026-04-10")
            ),
            [
                (d("2026-01-01"), d("2026-01-31")),
                (d("2026-02-01"), d("2026-02-28")),
            ],
        )
        # A challenge that has not started has no period.
        self.assertEqual(
            ended_periods("monthly", d("2026-05-01"), None, None, d("2026-04-10")),
            [],
        )

    def test_force_closes_the_running_period(self):
        self.assertEqual(
            ended_periods(
                "monthly",
                d("2026-01-15"),
                None,
                d("2026-02-28"),
                d("2026-04-10"),
                force=True,
            ),
            [
                (d("2026-03-01"), d("2026-03-31")),
                (d("2026-04-01"), d("2026-04-30")),
            ],
        )
        # Periods still to come are not closed.
        self.assertEqual(
            ended_periods(
                "weekly", d("2026-03-30"), None, None, d("2026-04-01"), force=True
            ),
            [(d("2026-03-30"), d("2026-04-05"))],
        )

    def test_once_challenges_have_one_period(self):
        start, end = d("2026-03-01"), d("2026-03-31")
        self.assertEqual(ended_periods("once", start, end, None, d("2026-03-31")), [])
        self.assertEqual(
            ended_periods("once", start, end, None, d("2026-04-01")), [(start, end)]
        )
        self.assertEqual(
            ended_periods("once", start, end, None, d("2026-03-15"), force=True),
            [(start, end)],
        )
        # Rewarded once, never again, even when closed by hand.
        self.assertEqual(ended_periods("once", start, end, end, d("2026-04-01")), [])
        self.assertEqual(
            ended_periods("once", start, end, end, d("2026-04-01"), force=True), []
        )
        # Without an end date, only closing the challenge ends it.
        self.assertEqual(ended_periods("once", start, None, None, d("2027-01-01")), [])
        self.assertEqual(
            ended_periods("once", start, None, None, d("2027-01-01"), force=True),
            [(start, None)],
        )
        self.assertEqual(
            ended_periods("once", None, None, None, d("2027-01-01"), force=True),
            [(None, None)],
        )

    def test_current_period(self):
        self.assertEqual(
            current_period("monthly", d("2026-03-15")),
            (d("2026-03-01"), d("2026-03-31")),
        )
        self.assertEqual(
            current_period("weekly", d("2026-04-01"), d("2026-01-01")),
            (d("2026-03-30"), d("2026-04-05")),
        )
        self.assertEqual(
            current_period("once", d("2026-03-15"), d("2026-03-10"), d("2026-04-20")),
            (d("2026-03-10"), d("2026-04-20")),
        )
        # Odoo's empty dates are False.
        self.assertEqual(
            current_period("once", d("2026-03-15"), False, False), (None, None)
        )

    def test_today_is_the_date_in_the_time_zone(self):
        now = datetime(2026, 3, 31, 17, 30)
        # 00:30 on April 1st in Ho Chi Minh City (UTC+7)...
        self.assertEqual(local_today("Asia/Ho_Chi_Minh", now), d("2026-04-01"))
        # ... but not yet half an hour earlier...
        self.assertEqual(
            local_today("Asia/Ho_Chi_Minh", datetime(2026, 3, 31, 16, 59)),
            d("2026-03-31"),
        )
        # ... while it is still March 31st in UTC.
        self.assertEqual(local_today("UTC", now), d("2026-03-31"))
        # 23:00 on March 31st in New York (UTC-4 in summer time).
        self.assertEqual(
            local_today("America/New_York", datetime(2026, 4, 1, 3, 0)),
            d("2026-03-31"),
        )

    def test_today_falls_back_to_utc(self):
        now = datetime(2026, 3, 31, 17, 30)
        for tz_name in ("Mars/Olympus_Mons", "", None, False):
            self.assertEqual(local_today(tz_name, now), d("2026-03-31"), tz_name)

    def test_days_left_counts_today(self):
        end = d("2026-03-31")
        self.assertEqual(days_left(end, d("2026-03-01")), 31)
        self.assertEqual(days_left(end, d("2026-03-29")), 3)
        self.assertEqual(days_left(end, d("2026-03-31")), 1)
        self.assertEqual(days_left(end, d("2026-04-01")), 0)
        self.assertEqual(days_left(end, d("2027-01-01")), 0)
        self.assertEqual(days_left(None, d("2026-03-31")), 0)
        self.assertEqual(days_left(False, d("2026-03-31")), 0)


@tagged("post_install", "-at_install")
class TestRanking(BaseCase):
    def test_most_goals_reached_then_completeness(self):
        ranking = rank(
            [
                # (goal id, user id, reached, completeness, surplus, reached at)
                (1, 7, True, 100.0, 100.0, NOON),
                (2, 7, False, 50.0, 50.0, None),
                (3, 3, True, 100.0, 100.0, NOON),
                (4, 3, False, 40.0, 40.0, None),
                # The highest completeness, but no goal reached.
                (5, 5, False, 90.0, 90.0, None),
                (6, 5, False, 95.0, 95.0, None),
                # As good as user 7 in every way: they share the rank, the
                # one registered first listed first.
                (7, 9, False, 50.0, 50.0, None),
                (8, 9, True, 100.0, 100.0, NOON),
            ]
        )
        self.assertEqual(
            ranking,
            [
                Rank(1, 7, 1, 75.0, (1, 2)),
                Rank(1, 9, 1, 75.0, (7, 8)),
                Rank(3, 3, 1, 70.0, (3, 4)),
                Rank(4, 5, 0, 92.5, (5, 6)),
            ],
        )

    def test_a_goal_counts_for_at_most_100_percent(self):
        # 300% on one goal does not make up for a goal left at 0%: user 4
        # averages (100 + 0) / 2 = 50%, user 2 (100 + 20) / 2 = 60%.
        self.assertEqual(
            rank(
                [
                    (1, 4, True, 100.0, 300.0, NOON),
                    (2, 4, False, 0.0, 0.0, None),
                    (3, 2, True, 100.0, 100.0, NOON),
                    (4, 2, False, 20.0, 20.0, None),
                ]
            ),
            [Rank(1, 2, 1, 60.0, (3, 4)), Rank(2, 4, 1, 50.0, (1, 2))],
        )

    def test_a_tie_at_100_percent_goes_to_who_went_further(self):
        # 9 deals out of 7 (128.57%) beat 6 out of 6 (100%), whoever
        # registered first or got there first.
        self.assertEqual(
            rank(
                [
                    (1, 6, True, 100.0, surplus("higher", 6, 6, 100.0), NOON),
                    (2, 8, True, 100.0, surplus("higher", 7, 9, 100.0), EVENING),
                ]
            ),
            [Rank(1, 8, 1, 100.0, (2,)), Rank(2, 6, 1, 100.0, (1,))],
        )

    def test_then_to_who_got_there_first(self):
        # Both at exactly 100% on both goals: user 8 reached the last of
        # hers at noon, user 6 in the evening.
        self.assertEqual(
            rank(
                [
                    (1, 6, True, 100.0, 100.0, MORNING),
                    (2, 6, True, 100.0, 100.0, EVENING),
                    (3, 8, True, 100.0, 100.0, NOON),
                    (4, 8, True, 100.0, 100.0, NOON),
                ]
            ),
            [Rank(1, 8, 2, 100.0, (3, 4)), Rank(2, 6, 2, 100.0, (1, 2))],
        )

    def test_surplus(self):
        self.assertEqual(surplus("higher", 7, 9, 100.0), 128.57)
        self.assertEqual(surplus("higher", 4, 3, 75.0), 75.0)
        self.assertEqual(surplus("lower", 5, 2, 100.0), 100.0)
        self.assertEqual(surplus("lower", 5, 8, 0.0), 0.0)

    def test_rounded_percent_is_the_progress_bars(self):
        self.assertEqual(
            [rounded_percent(c) for c in (85.71, 85.5, 84.5, 85.49, 0.0, 128.57)],
            [86, 86, 85, 85, 0, 100],
        )

    def test_average_completeness_is_rounded(self):
        self.assertEqual(
            rank(
                [
                    (1, 1, True, 100.0, 100.0, NOON),
                    (2, 1, False, 0.0, 0.0, None),
                    (3, 1, False, 0.0, 0.0, None),
                ]
            ),
            [Rank(1, 1, 1, 33.33, (1, 2, 3))],
        )

    def test_no_goals_no_ranking(self):
        self.assertEqual(rank([]), [])


@tagged("post_install", "-at_install")
class TestVisibleRanks(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Users 101 to 110, ranked in this order.
        cls.ranking = [
            Rank(position, 100 + position, 0, 100.0 - position, (position,))
            for position in range(1, 11)
        ]
        cls.row = {row.user_id: row for row in cls.ranking}

    def shown(self, user_id, privacy, top=3, personal=False, ranking=None):
        """(rank, mark) of what ``user_id`` sees."""
        ranking = self.ranking if ranking is None else ranking
        return [
            (row.rank, mark)
            for row, mark in visible_ranks(ranking, user_id, privacy, top, personal)
        ]

    def test_full_shows_every_row(self):
        self.assertEqual(
            visible_ranks(self.ranking, 105, "full", 3),
            [(row, None) for row in self.ranking],
        )

    def test_top_shows_the_first_and_me(self):
        self.assertEqual(
            self.shown(108, "top"), [(1, None), (2, None), (3, None), (8, None)]
        )
        self.assertEqual(self.shown(102, "top"), [(1, None), (2, None), (3, None)])
        self.assertEqual(self.shown(110, "top", top=1), [(1, None), (10, None)])
        # Someone outside the ranking sees the top only.
        self.assertEqual(self.shown(999, "top"), [(1, None), (2, None), (3, None)])

    def test_rivals_show_my_neighbours_and_the_percentile_marks(self):
        # Of 10 salespeople, the top 10% is rank 1, 25% rank 2, 50% rank 5;
        # a mark comes before a salesperson's row of the same rank.
        self.assertEqual(
            visible_ranks(self.ranking, 105, "rivals", 3),
            [
                (self.row[101], 10),
                (self.row[102], 25),
                (self.row[104], None),
                (self.row[105], 50),
                (self.row[105], None),
                (self.row[106], None),
            ],
        )
        self.assertEqual(
            self.shown(101, "rivals"),
            [(1, 10), (1, None), (2, 25), (2, None), (5, 50)],
        )
        self.assertEqual(
            self.shown(110, "rivals"),
            [(1, 10), (2, 25), (5, 50), (9, None), (10, None)],
        )
        # Someone outside the ranking sees the marks only.
        self.assertEqual(self.shown(999, "rivals"), [(1, 10), (2, 25), (5, 50)])

    def test_rivals_in_a_small_ranking(self):
        # Of 3, every mark is the first row.
        small = self.ranking[:3]
        self.assertEqual(
            self.shown(103, "rivals", ranking=small),
            [(1, 10), (1, 25), (1, 50), (2, None), (3, None)],
        )
        self.assertEqual(self.shown(101, "rivals", ranking=[]), [])

    def test_personal_challenges_show_my_row_only(self):
        for privacy in ("full", "top", "rivals"):
            self.assertEqual(
                visible_ranks(self.ranking, 107, privacy, 3, personal=True),
                [(self.row[107], None)],
            )
        self.assertEqual(self.shown(999, "full", personal=True), [])


@tagged("post_install", "-at_install")
class TestKpiSpec(BaseCase):
    def test_value_of_each_mode(self):
        # (count, total, hits) -> (value, sample size)
        self.assertEqual(spec(mode="count").value(7, 0, 0), (7.0, 7))
        self.assertEqual(
            spec(mode="sum", field="expected_revenue").value(2, Decimal("1500.50"), 0),
            (1500.5, 2),
        )
        self.assertEqual(
            spec(mode="average", field="days_to_close").value(4, 10.0, 0), (2.5, 4)
        )
        self.assertEqual(spec(mode="ratio").value(5, 0, 3), (60.0, 5))
        self.assertEqual(spec(mode="ratio").value(3, 0, 1), (100.0 / 3, 3))
        self.assertIsInstance(spec(mode="count").value(7, 0, 0)[0], float)

    def test_higher_is_better(self):
        kpi = spec()
        self.assertTrue(kpi.reached(5, 5.0, 5))
        self.assertTrue(kpi.reached(5, 6.0, 6))
        self.assertFalse(kpi.reached(5, 4.99, 5))
        # A target of 0 is reached without records.
        self.assertTrue(kpi.reached(0, 0.0, 0))

    def test_lower_is_better_needs_records(self):
        kpi = spec(mode="average", field="days_to_close", condition="lower")
        self.assertTrue(kpi.reached(2.0, 2.0, 1))
        self.assertTrue(kpi.reached(2.0, 1.75, 2))
        self.assertFalse(kpi.reached(2.0, 2.5, 2))
        # Doing nothing is no achievement.
        self.assertFalse(kpi.reached(2.0, 0.0, 0))

    def test_below_the_minimum_sample_nothing_is_reached(self):
        kpi = spec(mode="ratio", min_sample=5)
        self.assertFalse(kpi.reached(30, 100.0 / 3, 3))
        self.assertFalse(kpi.reached(30, 100.0, 4))
        self.assertTrue(kpi.reached(30, 60.0, 5))
        self.assertFalse(spec(condition="lower", min_sample=5).reached(2.0, 1.0, 4))


@tagged("post_install", "-at_install")
class TestGoalChanges(BaseCase):
    TODAY = d("2026-03-15")

    def goal(self, **values):
        """A goal's row: 3 of 5 (60%), running until March 31st."""
        return dict(
            {
                "current": 3.0,
                "sample_size": 3,
                "completeness": 60.0,
                "state": "inprogress",
                "closed": False,
                "target_goal": 5.0,
                "end_date": d("2026-03-31"),
            },
            **values,
        )

    def test_an_unchanged_goal_changes_nothing(self):
        self.assertEqual(spec().goal_changes(self.goal(), 3.0, 3, self.TODAY), {})
        reached = self.goal(
            current=6.0, sample_size=6, completeness=100.0, state="reached"
        )
        self.assertEqual(spec().goal_changes(reached, 6.0, 6, self.TODAY), {})

    def test_a_goal_is_reached_and_can_drop_back(self):
        self.assertEqual(
            spec().goal_changes(self.goal(), 5.0, 5, self.TODAY),
            {
                "current": 5.0,
                "sample_size": 5,
                "completeness": 100.0,
                "state": "reached",
            },
        )
        reached = self.goal(
            current=5.0, sample_size=5, completeness=100.0, state="reached"
        )
        self.assertEqual(
            spec().goal_changes(reached, 4.0, 4, self.TODAY),
            {
                "current": 4.0,
                "sample_size": 4,
                "completeness": 80.0,
                "state": "inprogress",
            },
        )
        # A sum moves without its sample.
        self.assertEqual(
            spec(mode="sum").goal_changes(self.goal(), 3.5, 3, self.TODAY),
            {"current": 3.5, "completeness": 70.0},
        )

    def test_a_goal_fails_once_its_period_has_passed(self):
        # Not on its last day...
        self.assertEqual(spec().goal_changes(self.goal(), 3.0, 3, d("2026-03-31")), {})
        # ... but the day after, even with an unchanged value: failed and
        # closed.
        self.assertEqual(
            spec().goal_changes(self.goal(), 3.0, 3, d("2026-04-01")),
            {"state": "failed", "closed": True},
        )
        self.assertEqual(
            spec().goal_changes(self.goal(), 4.0, 4, d("2026-04-01")),
            {
                "current": 4.0,
                "sample_size": 4,
                "completeness": 80.0,
                "state": "failed",
                "closed": True,
            },
        )
        # Reached at the end: reached, and left open.
        self.assertEqual(
            spec().goal_changes(self.goal(), 5.0, 5, d("2026-04-01")),
            {
                "current": 5.0,
                "sample_size": 5,
                "completeness": 100.0,
                "state": "reached",
            },
        )
        # A goal without an end never fails.
        self.assertEqual(
            spec().goal_changes(self.goal(end_date=None), 3.0, 3, d("2027-01-01")),
            {},
        )

    def test_closed_draft_and_canceled_goals_keep_their_state(self):
        closed = self.goal(state="failed", closed=True)
        self.assertEqual(
            spec().goal_changes(closed, 6.0, 6, d("2026-04-01")),
            {"current": 6.0, "sample_size": 6, "completeness": 100.0},
        )
        for state in ("draft", "canceled"):
            self.assertEqual(
                spec().goal_changes(self.goal(state=state), 6.0, 6, self.TODAY),
                {"current": 6.0, "sample_size": 6, "completeness": 100.0},
            )

    def test_minimum_sample_and_lower_is_better_states(self):
        win_rate = spec(mode="ratio", min_sample=5)
        goal = self.goal(current=0.0, sample_size=0, completeness=0.0, target_goal=30.0)
        # 33% of deals won is above 30%, but 3 deals of the 5 needed are 60%
        # of the way.
        self.assertEqual(
            win_rate.goal_changes(goal, 100.0 / 3, 3, self.TODAY),
            {"current": 100.0 / 3, "sample_size": 3, "completeness": 60.0},
        )
        self.assertEqual(
            win_rate.goal_changes(goal, 60.0, 5, self.TODAY),
            {
                "current": 60.0,
                "sample_size": 5,
                "completeness": 100.0,
                "state": "reached",
            },
        )
        days = spec(mode="average", condition="lower")
        goal = self.goal(current=0.0, sample_size=0, completeness=0.0, target_goal=2.0)
        self.assertEqual(days.goal_changes(goal, 0.0, 0, self.TODAY), {})
        self.assertEqual(
            days.goal_changes(goal, 0.0, 0, d("2026-04-01")),
            {"state": "failed", "closed": True},
        )
        self.assertEqual(
            days.goal_changes(goal, 1.75, 2, self.TODAY),
            {
                "current": 1.75,
                "sample_size": 2,
                "completeness": 100.0,
                "state": "reached",
            },
        )


@tagged("post_install", "-at_install")
class TestCompleteness(BaseCase):
    def test_higher_is_better(self):
        self.assertEqual(completeness("higher", 200.0, 50.0, False), 25.0)
        self.assertEqual(completeness("higher", 3.0, 1.0, False), 33.33)
        self.assertEqual(completeness("higher", 3.0, 2.0, False), 66.67)
        self.assertEqual(completeness("higher", 5.0, 5.0, True), 100.0)
        # Beyond the target, still 100%.
        self.assertEqual(completeness("higher", 5.0, 12.0, True), 100.0)

    def test_a_negative_value_is_0_percent(self):
        """Completeness lies between 0 and 100: a period with more credit
        notes than invoices is 0% complete, not less."""
        self.assertEqual(completeness("higher", 5.0, -2.0, False), 0.0)
        self.assertEqual(completeness("higher", 1000.0, -200.0, False, 1, 0), 0.0)

    def test_a_target_of_zero_never_divides_by_zero(self):
        self.assertEqual(completeness("higher", 0.0, 0.0, True), 100.0)
        self.assertEqual(completeness("higher", 0.0, -5.0, False), 0.0)
        self.assertEqual(completeness("higher", -10.0, -20.0, False), 0.0)
        self.assertEqual(completeness("higher", -10.0, -5.0, True), 100.0)

    def test_lower_is_better_is_all_or_nothing(self):
        self.assertEqual(completeness("lower", 2.0, 1.75, True), 100.0)
        self.assertEqual(completeness("lower", 2.0, 2.5, False), 0.0)
        self.assertEqual(completeness("lower", 2.0, 0.0, False, 0, 0), 0.0)

    def test_a_short_sample_caps_completeness(self):
        # Beyond the target, but 3 of the 5 closed deals needed: 60%.
        self.assertEqual(completeness("higher", 30.0, 100.0 / 3, False, 3, 5), 60.0)
        # The lower of the two.
        self.assertEqual(completeness("higher", 200.0, 50.0, False, 3, 5), 25.0)
        self.assertEqual(completeness("higher", 30.0, 100.0, False, 1, 3), 33.33)
        self.assertEqual(completeness("lower", 2.0, 1.0, True, 3, 5), 60.0)
        # A full sample, or no sample given: no cap.
        self.assertEqual(completeness("higher", 30.0, 60.0, True, 5, 5), 100.0)
        self.assertEqual(completeness("higher", 30.0, 60.0, True, None, 5), 100.0)


@tagged("post_install", "-at_install")
class TestKpiRows(BaseCase):
    def test_rows_are_read_in_the_order_of_the_items(self):
        """A row holds, per item, its count, then its sum (sum and average),
        then its numerator (ratio)."""
        items = [
            KpiItem(spec(), None, None, None, None),
            KpiItem(spec(mode="sum", field="expected_revenue"), None, None, None, None),
            KpiItem(
                spec(mode="average", field="days_to_close"), None, None, None, None
            ),
            KpiItem(spec(mode="ratio"), None, None, None, None),
        ]
        rows = [
            (7, 3, 3, Decimal("4500.00"), 3, 51.0, 5, 3),
            # No record for the sum, average and ratio: absent.
            (8, 2, 0, 0, 0, 0, 0, 0),
        ]
        self.assertEqual(
            read_kpi_rows(items, rows),
            [
                {7: (3.0, 3), 8: (2.0, 2)},
                {7: (4500.0, 3)},
                {7: (17.0, 3)},
                {7: (60.0, 5)},
            ],
        )
        self.assertEqual(read_kpi_rows(items, []), [{}, {}, {}, {}])


# The fields the expression checks may walk through.
FIELDS = {
    "res.users": {
        "id": (None, None),
        "name": (None, None),
        "company_id": ("res.company", None),
        "totp_secret": (None, "hidden"),
        "log_ids": ("res.users.log", "out_of_reach"),
    },
    "res.company": {"id": (None, None), "user_ids": ("res.users", None)},
    "crm.lead": {
        "name": (None, None),
        "user_id": ("res.users", None),
        "message_ids": ("mail.message", "out_of_reach"),
    },
}


@tagged("post_install", "-at_install")
class TestExpressions(BaseCase):
    def check(self, source):
        return expression_error(source, FIELDS.__getitem__)

    def test_values_and_fields_of_the_user_pass(self):
        for source in (
            "",
            "user.id",
            "[('user_id', '=', user.id), ('active', '=', True)]",
            "[(1, '=', 1), ('amount', '>', -5), ('name', 'not in', [None, 'x'])]",
            "[('company_id', 'in', user.company_id.user_ids.ids)]",
            "not False",
        ):
            self.assertIsNone(self.check(source), source)

    def test_anything_else_is_refused(self):
        cases = {
            "user.sudo().write({'name': 'x'})": ExpressionError(
                "expression", "user.sudo().write({'name': 'x'})"
            ),
            "[('id', '=', user.env['res.users'])]": ExpressionError(
                "expression", "user.env['res.users']"
            ),
            "user.env.uid": ExpressionError("not_field", "env", "res.users"),
            "user._fields": ExpressionError("not_field", "_fields", "res.users"),
            "user.name.upper": ExpressionError("not_relational", "name"),
            "user.company_id.id.real": ExpressionError("not_relational", "id"),
            "env.user": ExpressionError("expression", "env"),
            "[('id', '=', uid)]": ExpressionError("name", "uid"),
            "[x for x in ()]": ExpressionError("expression", "[x for x in ()]"),
            "lambda: 1": ExpressionError("expression", "lambda: 1"),
            "1 + 1": ExpressionError("expression", "1 + 1"),
            "[(": ExpressionError("syntax", "'(' was never closed"),
        }
        for source, error in cases.items():
            self.assertEqual(self.check(source), error, source)

    def test_fields_the_author_may_not_read_are_refused(self):
        self.assertEqual(
            self.check("[('name', '<', user.totp_secret)]"),
            ExpressionError("hidden", "totp_secret", "res.users"),
        )
        self.assertEqual(
            self.check("user.company_id.user_ids.totp_secret"),
            ExpressionError("hidden", "totp_secret", "res.users"),
        )
        self.assertEqual(
            self.check("user.log_ids.ids"),
            ExpressionError("out_of_reach", "log_ids", "res.users"),
        )


@tagged("post_install", "-at_install")
class TestDomainPaths(BaseCase):
    def check(self, source):
        return domain_error(source, "crm.lead", FIELDS.__getitem__)

    def test_paths_through_readable_fields_pass(self):
        for source in (
            "",
            "[]",
            "[('name', '=', 'x'), '|', ('user_id', '=', user.id), (1, '=', 1)]",
            "[('user_id.company_id.user_ids.name', 'ilike', 'a')]",
            "[('user_id', 'any', [('name', '=', 'x')])]",
            "['!', ('user_id.id', 'in', user.company_id.user_ids.ids)]",
        ):
            self.assertIsNone(self.check(source), source)

    def test_paths_out_of_reach_are_refused(self):
        cases = {
            "[('user_id.totp_secret', '<', 'M')]": ExpressionError(
                "hidden", "totp_secret", "res.users"
            ),
            "[('user_id.company_id.user_ids.totp_secret', '!=', False)]": (
                ExpressionError("hidden", "totp_secret", "res.users")
            ),
            "[('user_id', 'any', [('totp_secret', '!=', False)])]": ExpressionError(
                "hidden", "totp_secret", "res.users"
            ),
            "[('message_ids.body', 'ilike', 'x')]": ExpressionError(
                "out_of_reach", "message_ids", "crm.lead"
            ),
            "[('message_ids', '!=', False)]": ExpressionError(
                "out_of_reach", "message_ids", "crm.lead"
            ),
            "[('name', '<', user.totp_secret)]": ExpressionError(
                "hidden", "totp_secret", "res.users"
            ),
            "[('stage', '=', 1)]": ExpressionError("not_field", "stage", "crm.lead"),
            "[('name.size', '=', 1)]": ExpressionError("not_relational", "name"),
            "[('name', 'any', [])]": ExpressionError("not_relational", "name"),
            "[('name', '=', 'x')] + []": ExpressionError(
                "not_domain", "[('name', '=', 'x')] + []"
            ),
            "[('name', '=')]": ExpressionError("not_domain", "('name', '=')"),
            "['name']": ExpressionError("not_domain", "'name'"),
            "[(user.name, '=', 'x')]": ExpressionError(
                "not_domain", "(user.name, '=', 'x')"
            ),
            "[('name', user.name, 'x')]": ExpressionError(
                "not_domain", "('name', user.name, 'x')"
            ),
            "[('name', '=', user.sudo())]": ExpressionError(
                "expression", "user.sudo()"
            ),
        }
        for source, error in cases.items():
            self.assertEqual(self.check(source), error, source)
