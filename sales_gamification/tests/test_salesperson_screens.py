# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import SalesCase


class TestSalespersonScreens(SalesCase):
    """What each role sees and may do: My Goals, Leaderboard, Win/Loss."""

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
        today = fields.Date.today()
        # This month's won deals: eve 4, dee 3, cid 2, bob 1, ann 0.
        for seller, count in zip(cls.sellers, range(5)):
            for _index in range(count):
                cls.win(
                    cls.create_lead(seller, today + " 00:00", "opportunity", 1000),
                    today + " 00:30",
                )
        cls.lose(
            cls.create_lead(cls.ann, today + " 00:00", "opportunity"), today + " 00:30"
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
                "report_message_frequency": "never",
                "reward_realtime": False,
                "line_ids": [(0, 0, {"definition_id": cls.won.id, "target_goal": 4})],
            }
        )
        challenge.action_start()
        return challenge

    def goals(self, challenge, user=None):
        domain = [("challenge_id", "=", challenge.id)]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.env["gamification.goal"].search(domain)

    def leaderboard(self, user, challenge):
        Line = self.env["sales_gamification.leaderboard.line"].sudo(user)
        action = Line._action_open()
        lines = Line.search(action["domain"] + [("challenge_id", "=", challenge.id)])
        return [(r.rank, r.name, r.reached, r.completeness, r.is_me) for r in lines]

    # Access rights

    def test_salesperson_reads_own_and_ranking_goals_only(self):
        Goal = self.env["gamification.goal"].sudo(self.ann)
        self.assertEqual(
            Goal.search([("challenge_id", "=", self.ranking.id)]),
            self.goals(self.ranking),
        )
        self.assertEqual(
            Goal.search([("challenge_id", "=", self.personal.id)]),
            self.goals(self.personal, self.ann),
        )
        with self.assertRaises(AccessError):
            self.goals(self.personal, self.bob).sudo(self.ann).read(["current"])

    def test_salesperson_cannot_write_goals_definitions_or_grants(self):
        own = self.goals(self.ranking, self.ann).sudo(self.ann)
        rival = self.goals(self.ranking, self.eve).sudo(self.ann)
        for goal in (own, rival):
            with self.assertRaises(AccessError):
                goal.write({"current": 99})
        with self.assertRaises(AccessError):
            own.unlink()
        with self.assertRaises(AccessError):
            self.env["gamification.goal"].sudo(self.ann).create(
                {"definition_id": self.won.id, "user_id": self.ann.id, "target_goal": 1}
            )
        with self.assertRaises(AccessError):
            self.won.sudo(self.ann).write({"name": "Mine"})
        self.assertEqual(self.goals(self.ranking, self.eve).current, 4.0)

    def test_thank_you_is_the_only_badge_a_salesperson_grants(self):
        BadgeUser = self.env["gamification.badge.user"].sudo(self.ann)
        thanks = BadgeUser.create(
            {
                "user_id": self.bob.id,
                "badge_id": self.env.ref("sales_gamification.badge_thank_you").id,
                "comment": "Thanks for the demo!",
            }
        )
        self.assertEqual(thanks.sudo().create_uid, self.ann)
        with self.assertRaises(UserError):
            BadgeUser.create(
                {
                    "user_id": self.ann.id,
                    "badge_id": self.env.ref(
                        "sales_gamification.badge_top_salesperson"
                    ).id,
                }
            )
        with self.assertRaises(AccessError):
            thanks.write({"user_id": self.ann.id})

    def test_other_users_see_nothing(self):
        with self.assertRaises(AccessError):
            self.env["gamification.goal"].sudo(self.portal).search([])
        self.assertEqual(
            self.env["gamification.goal"]
            .sudo(self.employee)
            .search([("challenge_id", "in", (self.ranking | self.personal).ids)]),
            self.env["gamification.goal"],
        )
        with self.assertRaises(AccessError):
            self.env["sales_gamification.win_loss.report"].sudo(self.employee).search(
                []
            )

    def test_manager_configures_everything(self):
        goal = self.goals(self.personal, self.bob).sudo(self.manager)
        goal.write({"target_goal": 2})
        self.assertEqual(goal.target_goal, 2)
        self.won.sudo(self.manager).write({"description": "Deals won"})
        self.personal.sudo(self.manager).write({"leaderboard_privacy": "top"})
        self.assertEqual(self.won.description, "Deals won")
        self.assertEqual(self.personal.leaderboard_privacy, "top")
        self.assertEqual(
            self.goals(self.ranking).sudo(self.manager).mapped("user_id"),
            self.sellers,
        )

    def test_menus_by_role(self):
        Menu = self.env["ir.ui.menu"]
        menus = [
            self.env.ref("sales_gamification." + xmlid).id
            for xmlid in (
                "menu_crm_my_goals",
                "menu_crm_leaderboard",
                "menu_crm_win_loss",
            )
        ]
        for user, visible in (
            (self.ann, True),
            (self.manager, True),
            (self.employee, False),
        ):
            seen = Menu.sudo(user)._visible_menu_ids()
            self.assertEqual([m in seen for m in menus], [visible] * 3, user.login)

    # Screens

    def test_my_goals_show_my_running_goals(self):
        action = self.env.ref("sales_gamification.gamification_goal_action_my_goals")
        Goal = (
            self.env["gamification.goal"].sudo(self.dee).with_context(uid=self.dee.id)
        )
        goals = Goal.search([("user_id", "=", self.dee.id), ("state", "!=", "draft")])
        self.assertEqual(
            action.domain, "[('user_id', '=', uid), ('state', '!=', 'draft')]"
        )
        self.assertEqual(
            goals,
            self.goals(self.ranking, self.dee) | self.goals(self.personal, self.dee),
        )
        self.assertEqual(goals.mapped("current"), [3.0, 3.0])
        self.assertEqual(goals.mapped("completeness"), [75.0, 75.0])
        end = fields.Date.from_string(goals[0].end_date)
        today = fields.Date.from_string(fields.Date.today())
        self.assertEqual(goals[0].days_left, (end - today).days + 1)

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

    def test_leaderboard_personal_challenge_shows_only_me(self):
        self.assertEqual(
            self.leaderboard(self.bob, self.personal), [(4, "Bob", 0, 25.0, True)]
        )

    def test_win_loss_uses_the_win_rate_definition(self):
        Report = self.env["sales_gamification.win_loss.report"]
        rows = Report.read_group(
            [("user_id", "in", self.sellers.ids)],
            ["won_count", "lost_count", "win_rate", "user_id"],
            ["user_id"],
            orderby="user_id",
        )
        self.assertEqual(
            [
                (r["user_id"][0], r["won_count"], r["lost_count"], r["win_rate"])
                for r in rows
            ],
            [
                (self.ann.id, 0, 1, 0.0),
                (self.bob.id, 1, 0, 100.0),
                (self.cid.id, 2, 0, 100.0),
                (self.dee.id, 3, 0, 100.0),
                (self.eve.id, 4, 0, 100.0),
            ],
        )
        today = fields.Date.today()
        rate = self.env.ref("sales_gamification.definition_win_rate")._kpi_values(
            self.sellers, today, today
        )
        for row in rows:
            self.assertEqual(
                rate[row["user_id"][0]],
                (row["win_rate"], row["won_count"] + row["lost_count"]),
            )
        own = Report.sudo(self.bob).search([])
        self.assertEqual(own.mapped("user_id"), self.bob)

    def test_top_bar_lists_my_running_goals(self):
        goals = self.env["gamification.goal"].sudo(self.eve).get_my_running_goals()
        mine = self.goals(self.personal, self.eve) | self.goals(self.ranking, self.eve)
        self.assertEqual(
            [
                (
                    g["challenge"],
                    g["name"],
                    g["current_display"],
                    g["target_display"],
                    g["completeness"],
                    g["state"],
                )
                for g in goals
            ],
            [
                ("Deals race", "Won Opportunities", "4", "4", 100.0, "reached"),
                ("My own pace", "Won Opportunities", "4", "4", 100.0, "reached"),
            ],
        )
        self.assertEqual({g["id"] for g in goals}, set(mine.ids))
        self.assertEqual(
            self.env["gamification.goal"].sudo(self.employee).get_my_running_goals(), []
        )
