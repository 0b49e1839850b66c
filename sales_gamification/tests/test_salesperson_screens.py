# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import date

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time
from odoo.tools.safe_eval import safe_eval

from .common import SalesCase

TODAY = date(2026, 3, 18)


@freeze_time("2026-03-18 10:00:00")
class TestSalespersonScreens(SalesCase):
    """What each role sees and may do: My Goals, Leaderboard, Win/Loss.

    Today is 18 March 2026: the monthly challenges run until 31 March."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.create_manager()
        cls.sellers = cls.env["res.users"].concat(
            *(cls.create_user(login) for login in ("ann", "bob", "cid", "dee", "eve"))
        )
        cls.ann, cls.bob, cls.cid, cls.dee, cls.eve = cls.sellers
        cls.employee = cls.create_user("clerk", groups=("base.group_user",), team=False)
        cls.portal = cls.create_user(
            "portal", groups=("base.group_portal",), team=False
        )
        # This month's won deals: eve 4, dee 3, cid 2, bob 1, ann 0; ann
        # lost one.
        for seller, count in zip(cls.sellers, range(5), strict=False):
            for _index in range(count):
                cls.win(
                    cls.create_lead(seller, "2026-03-18 00:00", "opportunity", 1000),
                    "2026-03-18 00:30",
                )
        cls.lose(
            cls.create_lead(cls.ann, "2026-03-18 00:00", "opportunity"),
            "2026-03-18 00:30",
        )
        cls.won = cls.env.ref("sales_gamification.definition_won_opportunities")
        cls.ranking = cls.make_challenge("Deals race", "ranking")
        cls.personal = cls.make_challenge("My own pace", "personal")

    @classmethod
    def make_challenge(cls, name, visibility):
        challenge = cls.env["gamification.challenge"].create(
            {
                "name": name,
                "period": "monthly",
                "visibility_mode": visibility,
                "team_id": cls.team.id,
                "user_domain": False,
                "report_message_frequency": "never",
                "reward_realtime": False,
                "line_ids": [
                    Command.create({"definition_id": cls.won.id, "target_goal": 4})
                ],
            }
        )
        challenge.action_start()
        return challenge

    def goals(self, challenge, user=None):
        domain = [("challenge_id", "=", challenge.id)]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.env["gamification.goal"].search(domain)

    def leaderboard_lines(self, user, challenge=None):
        """The rows ``user`` sees when opening CRM > Leaderboard: the rows
        the list builds, within the action's domain."""
        Line = self.env["sales_gamification.leaderboard.line"].with_user(user)
        self.assertIs(Line.refresh_rows(), True)
        action = self.env.ref("sales_gamification.leaderboard_line_action")
        domain = safe_eval(action.domain, {"uid": user.id})
        if challenge:
            domain.append(("challenge_id", "=", challenge.id))
        return Line.search(domain)

    def leaderboard(self, user, challenge):
        return [
            (r.rank, r.name, r.reached, r.completeness, r.is_me)
            for r in self.leaderboard_lines(user, challenge)
        ]

    # Access rights

    def test_salesperson_reads_own_and_ranking_goals_only(self):
        Goal = self.env["gamification.goal"].with_user(self.ann)
        self.assertEqual(len(self.goals(self.ranking)), 5)
        self.assertEqual(
            Goal.search([("challenge_id", "=", self.ranking.id)]),
            self.goals(self.ranking),
        )
        self.assertEqual(
            Goal.search([("challenge_id", "=", self.personal.id)]),
            self.goals(self.personal, self.ann),
        )
        with self.assertRaises(AccessError):
            self.goals(self.personal, self.bob).with_user(self.ann).read(["current"])

    def test_salesperson_cannot_write_goals_definitions_or_grants(self):
        own = self.goals(self.ranking, self.ann).with_user(self.ann)
        rival = self.goals(self.ranking, self.eve).with_user(self.ann)
        for goal in (own, rival):
            with self.assertRaises(AccessError):
                goal.write({"current": 99})
        with self.assertRaises(AccessError):
            own.unlink()
        with self.assertRaises(AccessError):
            self.env["gamification.goal"].with_user(self.ann).create(
                {"definition_id": self.won.id, "user_id": self.ann.id, "target_goal": 1}
            )
        with self.assertRaises(AccessError):
            self.won.with_user(self.ann).write({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.env["gamification.goal.definition"].with_user(self.ann).create(
                {"name": "Mine", "computation_mode": "manually"}
            )
        self.assertEqual(self.goals(self.ranking, self.eve).current, 4.0)
        self.assertEqual(self.goals(self.ranking, self.ann).current, 0.0)
        self.assertEqual(self.won.name, "Won Opportunities")

    def test_thank_you_is_the_only_badge_a_salesperson_grants(self):
        BadgeUser = self.env["gamification.badge.user"].with_user(self.ann)
        thanks = BadgeUser.create(
            {
                "user_id": self.bob.id,
                "badge_id": self.env.ref("sales_gamification.badge_thank_you").id,
                "comment": "Thanks for the demo!",
            }
        )
        self.assertEqual(thanks.sudo().create_uid, self.ann)
        self.assertEqual(thanks.sudo().sender_id, self.ann)
        with self.assertRaises(UserError) as error:
            BadgeUser.create(
                {
                    "user_id": self.bob.id,
                    "badge_id": self.env.ref(
                        "sales_gamification.badge_top_salesperson"
                    ).id,
                }
            )
        self.assertEqual(
            error.exception.args[0],
            "The badge Top Salesperson rewards a challenge: only the challenge, "
            "a sales manager or an administrator grants it.",
        )
        with self.assertRaises(AccessError):
            thanks.write({"user_id": self.ann.id})
        with self.assertRaises(AccessError):
            thanks.unlink()
        self.assertEqual(thanks.user_id, self.bob)

    def test_other_users_see_nothing(self):
        with self.assertRaises(AccessError):
            self.env["gamification.goal"].with_user(self.portal).search([])
        self.assertEqual(
            self.env["gamification.goal"]
            .with_user(self.employee)
            .search([("challenge_id", "in", (self.ranking | self.personal).ids)]),
            self.env["gamification.goal"],
        )
        with self.assertRaises(AccessError):
            self.env["sales_gamification.win_loss.report"].with_user(
                self.employee
            ).search([])

    def test_manager_configures_everything(self):
        goal = self.goals(self.personal, self.bob).with_user(self.manager)
        goal.write({"target_goal": 2})
        self.assertEqual(goal.target_goal, 2)
        self.won.with_user(self.manager).write({"description": "Deals won"})
        self.personal.with_user(self.manager).write({"leaderboard_privacy": "top"})
        self.assertEqual(self.won.description, "Deals won")
        self.assertEqual(self.personal.leaderboard_privacy, "top")
        self.assertEqual(
            self.goals(self.ranking).with_user(self.manager).user_id,
            self.sellers,
        )

    def test_menus_by_role(self):
        Menu = self.env["ir.ui.menu"]
        menus = [
            self.env.ref("sales_gamification." + xmlid).id
            for xmlid in (
                "menu_crm_my_goals",
                "menu_crm_leaderboard",
                "menu_crm_badges",
                "menu_crm_win_loss",
            )
        ]
        for user, visible in (
            (self.ann, True),
            (self.manager, True),
            (self.employee, False),
        ):
            seen = Menu.with_user(user)._visible_menu_ids()
            self.assertEqual([m in seen for m in menus], [visible] * 4, user.login)

    # Screens

    def test_my_goals_show_my_running_goals(self):
        action = self.env.ref("sales_gamification.gamification_goal_action_my_goals")
        self.assertEqual(
            action.domain, "[('user_id', '=', uid), ('state', '!=', 'draft')]"
        )
        # The domain as the web client evaluates it for Dee.
        goals = (
            self.env["gamification.goal"]
            .with_user(self.dee)
            .search(safe_eval(action.domain, {"uid": self.dee.id}))
        )
        self.assertEqual(
            goals,
            self.goals(self.ranking, self.dee) | self.goals(self.personal, self.dee),
        )
        self.assertEqual(
            [
                (g.current, g.completeness, g.state, g.start_date, g.end_date)
                for g in goals
            ],
            [(3.0, 75.0, "inprogress", date(2026, 3, 1), date(2026, 3, 31))] * 2,
        )
        # 18 to 31 March, both included; on the 31st, no "1 days left".
        self.assertEqual(goals.mapped("days_left"), [14, 14])
        self.assertEqual(goals.mapped("days_left_display"), ["14 days left"] * 2)
        with freeze_time("2026-03-31 10:00:00"):
            goals.invalidate_recordset(["days_left", "days_left_display"])
            self.assertEqual(goals.mapped("days_left_display"), ["Last day"] * 2)

    def test_leaderboard_full_ranking(self):
        self.assertEqual(
            self.leaderboard(self.cid, self.ranking),
            [
                (1, "Eve", 1, 100.0, False),
                (2, "Dee", 0, 75.0, False),
                (3, "Cid", 0, 50.0, True),
                (4, "Bob", 0, 25.0, False),
                (5, "Ann", 0, 0.0, False),
            ],
        )
        self.assertEqual(
            self.leaderboard_lines(self.cid, self.ranking).mapped("lines_summary"),
            [
                "Won Opportunities 100%",
                "Won Opportunities 75%",
                "Won Opportunities 50%",
                "Won Opportunities 25%",
                "Won Opportunities 0%",
            ],
        )

    def test_leaderboard_top_and_me(self):
        self.ranking.write({"leaderboard_privacy": "top", "leaderboard_top": 2})
        self.assertEqual(
            self.leaderboard(self.ann, self.ranking),
            [
                (1, "Eve", 1, 100.0, False),
                (2, "Dee", 0, 75.0, False),
                (5, "Ann", 0, 0.0, True),
            ],
        )

    def test_leaderboard_nearest_rivals_with_marks(self):
        self.ranking.write({"leaderboard_privacy": "rivals"})
        # Five salespeople: the top 10% and 25% marks are rank 1, the top
        # 50% mark rank 2.
        self.assertEqual(
            self.leaderboard(self.bob, self.ranking),
            [
                (1, "Top 10% mark", 1, 100.0, False),
                (1, "Top 25% mark", 1, 100.0, False),
                (2, "Top 50% mark", 0, 75.0, False),
                (3, "Cid", 0, 50.0, False),
                (4, "Bob", 0, 25.0, True),
                (5, "Ann", 0, 0.0, False),
            ],
        )
        marks = self.leaderboard_lines(self.bob, self.ranking).filtered("is_mark")
        self.assertEqual(marks.mapped("user_id"), self.env["res.users"])

    def test_leaderboard_personal_challenge_shows_only_me(self):
        self.assertEqual(
            self.leaderboard(self.bob, self.personal), [(4, "Bob", 0, 25.0, True)]
        )

    def test_leaderboard_lists_only_my_challenges(self):
        self.assertEqual(
            self.leaderboard_lines(self.bob).challenge_id, self.ranking | self.personal
        )
        # Built again, the rows are not doubled; others' rows stay theirs.
        self.assertEqual(len(self.leaderboard_lines(self.bob)), 6)
        self.assertEqual(len(self.leaderboard_lines(self.ann)), 6)
        self.assertEqual(len(self.leaderboard_lines(self.bob)), 6)
        with self.assertRaises(AccessError):
            self.env["sales_gamification.leaderboard.line"].with_user(
                self.employee
            ).refresh_rows()

    def test_leaderboard_of_the_manager_who_runs_the_challenges(self):
        # Mai takes part in neither challenge: she sees no row of them.
        self.assertEqual(self.leaderboard_lines(self.manager).challenge_id.ids, [])
        # She leads the sales team of the Deals race, and is responsible for
        # My own pace: every salesperson's row of both, whatever the
        # privacy, each with their goals.
        self.team.user_id = self.manager
        self.personal.manager_id = self.manager
        self.ranking.write({"leaderboard_privacy": "top", "leaderboard_top": 1})
        everyone = [
            (1, "Eve", 1, 100.0, False),
            (2, "Dee", 0, 75.0, False),
            (3, "Cid", 0, 50.0, False),
            (4, "Bob", 0, 25.0, False),
            (5, "Ann", 0, 0.0, False),
        ]
        self.assertEqual(self.leaderboard(self.manager, self.ranking), everyone)
        self.assertEqual(self.leaderboard(self.manager, self.personal), everyone)
        self.assertEqual(
            self.leaderboard_lines(self.manager, self.personal).mapped("lines_summary"),
            [
                "Won Opportunities 100%",
                "Won Opportunities 75%",
                "Won Opportunities 50%",
                "Won Opportunities 25%",
                "Won Opportunities 0%",
            ],
        )
        # The salespeople still see what the privacy allows them.
        self.assertEqual(
            self.leaderboard(self.ann, self.ranking),
            [(1, "Eve", 1, 100.0, False), (5, "Ann", 0, 0.0, True)],
        )
        # A salesperson responsible for a challenge is no sales manager.
        self.personal.manager_id = self.bob
        self.assertEqual(
            self.leaderboard(self.bob, self.personal), [(4, "Bob", 0, 25.0, True)]
        )

    def test_win_loss_uses_the_win_rate_definition(self):
        Report = self.env["sales_gamification.win_loss.report"]
        rows = Report._read_group(
            [("user_id", "in", self.sellers.ids)],
            ["user_id"],
            ["won_count:sum", "lost_count:sum", "win_rate:avg"],
            order="user_id",
        )
        self.assertEqual(
            rows,
            [
                (self.ann, 0, 1, 0.0),
                (self.bob, 1, 0, 100.0),
                (self.cid, 2, 0, 100.0),
                (self.dee, 3, 0, 100.0),
                (self.eve, 4, 0, 100.0),
            ],
        )
        rate = self.env.ref("sales_gamification.definition_win_rate")._kpi_values(
            self.sellers, TODAY, TODAY
        )
        self.assertEqual(
            rate,
            {user.id: (win_rate, won + lost) for user, won, lost, win_rate in rows},
        )
        own = Report.with_user(self.bob).search([])
        self.assertEqual(own.user_id, self.bob)
        self.assertEqual(own.mapped("won_count"), [1])

    def test_top_bar_lists_my_running_goals(self):
        goals = self.env["gamification.goal"].with_user(self.eve).get_my_running_goals()
        mine = self.goals(self.personal, self.eve) | self.goals(self.ranking, self.eve)
        self.assertEqual(
            [
                (
                    g["challenge"],
                    g["name"],
                    g["current_display"],
                    g["target_display"],
                    g["suffix"],
                    g["completeness"],
                    g["state"],
                    g["days_left"],
                )
                for g in goals
            ],
            [
                (name, "Won Opportunities", "4", "4", "deals", 100.0, "reached", 14)
                for name in ("Deals race", "My own pace")
            ],
        )
        self.assertEqual({g["id"] for g in goals}, set(mine.ids))
        self.assertEqual(
            self.env["gamification.goal"]
            .with_user(self.employee)
            .get_my_running_goals(),
            [],
        )

    def test_no_button_that_would_fail(self):
        """A salesperson opening a rival's goal or a challenge sees no
        button that ends in an access error; a sales manager sees them."""

        def buttons(user, model, xmlid):
            Model = self.env[model].with_user(user)
            arch = Model.get_view(self.env.ref(xmlid).id, "form")["arch"]
            root = etree.fromstring(arch)
            statusbars = root.xpath("//header/field[@name='state']")
            return (
                sorted(root.xpath("//button[@type='object']/@name")),
                [bool(field.get("options")) for field in statusbars],
            )

        goal_form = ("gamification.goal", "gamification.goal_form_view")
        self.assertEqual(buttons(self.ann, *goal_form), ([], [False]))
        self.assertEqual(
            buttons(self.manager, *goal_form),
            (
                ["action_fail", "action_reach", "action_start", "update_goal"],
                [False],
            ),
        )
        challenge_form = ("gamification.challenge", "gamification.challenge_form_view")
        self.assertEqual(
            buttons(self.ann, *challenge_form),
            (["action_view_period_goals", "action_view_users"], [False]),
        )
        self.assertEqual(
            buttons(self.manager, *challenge_form),
            (
                [
                    "action_check",
                    "action_open_tv_board",
                    "action_regenerate_tv_token",
                    "action_split_team_target",
                    "action_split_team_target_by_weight",
                    "action_start",
                    "action_view_period_goals",
                    "action_view_users",
                ],
                [True],
            ),
        )

    def test_win_loss_graph_shows_each_salespersons_sample(self):
        """Won and lost deals stacked per salesperson: Bob's 100% from one
        deal is one deal high, Eve's from four is four."""
        Report = self.env["sales_gamification.win_loss.report"]
        arch = Report.get_view(
            self.env.ref("sales_gamification.win_loss_report_view_graph").id, "graph"
        )["arch"]
        graph = etree.fromstring(arch)
        self.assertEqual(
            [(f.get("name"), f.get("type")) for f in graph.xpath("//field")],
            [("user_id", "row"), ("result", "col"), ("closed_count", "measure")],
        )
        self.assertEqual(graph.get("stacked"), "True")
        rows = Report.with_user(self.manager)._read_group(
            [("user_id", "in", self.sellers.ids)],
            ["user_id", "result"],
            ["closed_count:sum"],
            order="user_id, result desc",
        )
        self.assertEqual(
            [(user.name, result, count) for user, result, count in rows],
            [
                ("Ann", "lost", 1),
                ("Bob", "won", 1),
                ("Cid", "won", 2),
                ("Dee", "won", 3),
                ("Eve", "won", 4),
            ],
        )
