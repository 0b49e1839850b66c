# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
from ast import literal_eval

from odoo import fields
from odoo.tests import freeze_time, tagged

from .common import ClosingCase

# Ann's won deals of each month from November 2025 to October 2026; Bob
# wins one every month, November 2026 included.
ANN_WINS = [2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0]
MONTHS = ["2025-11", "2025-12"] + ["2026-%02d" % month for month in range(1, 11)]


@tagged("post_install", "-at_install")
class TestHistory(ClosingCase):
    """A monthly challenge on won deals (target 1) since November 2025,
    closed by the cron month after month: twelve closed periods, and
    November 2026 running."""

    START = "2025-11-01"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for month, wins in zip(MONTHS + ["2026-11"], ANN_WINS + [2], strict=False):
            for _index in range(wins):
                cls.win_on(cls.ann, month + "-10")
            cls.win_on(cls.bob, month + "-12")
        for month in MONTHS[1:] + ["2026-11"]:
            cls.close(month + "-01")

    def history(self, user):
        action = self.env.ref("sales_gamification.gamification_goal_action_history")
        with freeze_time("2026-11-15 09:00:00"):
            groups = (
                self.env["gamification.goal"]
                .with_user(user)
                ._read_group(
                    literal_eval(action.domain),
                    ["user_id", "end_date:month"],
                    ["current:avg"],
                )
            )
        return [(u.login, d.strftime("%Y-%m"), value) for u, d, value in groups]

    def test_twelve_closed_periods_of_each_salesperson(self):
        self.assertEqual(
            self.history(self.ann),
            [("ann", m, float(w)) for m, w in zip(MONTHS, ANN_WINS, strict=False)]
            + [("bob", m, 1.0) for m in MONTHS],
        )

    def test_rivals_results_only_where_the_full_ranking_is_shown(self):
        self.challenge.leaderboard_privacy = "top"
        self.assertEqual(
            self.history(self.ann),
            [("ann", m, float(w)) for m, w in zip(MONTHS, ANN_WINS, strict=False)],
        )

    def test_the_team_trend_per_definition(self):
        groups = (
            self.env["gamification.goal"]
            .with_user(self.create_manager())
            ._read_group(
                [("closed", "=", True), ("challenge_id", "=", self.challenge.id)],
                ["definition_id", "end_date:month"],
                ["current:avg"],
            )
        )
        self.assertEqual(
            [(d.name, e.strftime("%Y-%m"), v) for d, e, v in groups],
            [
                ("Won Opportunities", m, (w + 1) / 2)
                for m, w in zip(MONTHS, ANN_WINS, strict=False)
            ],
        )

    def test_dollars_and_leads_are_never_added_together(self):
        """Goal History and the Goals list add up or average no value, target
        or sample across goals: only their percentage of target, stored."""
        Goal = self.env["gamification.goal"].with_user(self.create_manager())
        described = Goal.fields_get(
            ["current", "target_goal", "sample_size", "completeness"], ["aggregator"]
        )
        self.assertEqual(
            {name: field.get("aggregator") for name, field in described.items()},
            {
                "current": False,
                "target_goal": False,
                "sample_size": False,
                "completeness": "avg",
            },
        )
        action = self.env.ref("sales_gamification.gamification_goal_action_history")
        views = Goal.get_views(
            [(view.view_id.id, view.view_mode) for view in action.view_ids]
        )["views"]
        measures = {
            view_type: re.findall(
                r'<field name="(\w+)"[^>]*type="measure"', views[view_type]["arch"]
            )
            for view_type in ("pivot", "graph")
        }
        self.assertEqual(
            measures, {"pivot": ["completeness"], "graph": ["completeness"]}
        )
        # Ann: 2 deals of 1 is 100%, none is 0%; Bob, 100% every month.
        groups = Goal._read_group(
            [("closed", "=", True), ("challenge_id", "=", self.challenge.id)],
            ["definition_id", "end_date:month"],
            ["completeness:avg"],
        )
        self.assertEqual(
            [(d.name, e.strftime("%Y-%m"), v) for d, e, v in groups],
            [
                ("Won Opportunities", m, 100.0 if w else 50.0)
                for m, w in zip(MONTHS, ANN_WINS, strict=False)
            ],
        )

    def test_the_leaderboard_shows_the_change_since_the_period_before(self):
        with freeze_time("2026-11-15 09:00:00"):
            Leaderboard = self.env["sales_gamification.leaderboard.line"]
            rows = Leaderboard.with_user(self.bob)._rows_for(self.challenge, self.bob)
        # October: Bob first, Ann second; November: Ann's two deals first.
        self.assertEqual(
            [
                (r["rank"], r["name"], r["rank_change"], r["rank_change_display"])
                for r in rows
            ],
            [(1, "Ann", 1, "▲ 1"), (2, "Bob", -1, "▼ 1")],
        )
        day = fields.Date.to_date
        self.assertEqual(
            self.challenge._previous_period(day("2026-11-01")),
            (day("2026-10-01"), day("2026-10-31")),
        )
