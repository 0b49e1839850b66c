# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Attacks over RPC, each run as the role that tries it: what a
salesperson, a plain employee, a portal user, a public visitor or a sales
manager must not be able to do."""

import hmac
from unittest.mock import patch

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .common import SalesCase

TODAY = "2026-03-18"
PYTHON_ONLY_ADMINS = (
    "Only administrators may create, change or delete goal definitions "
    "computed by Python code."
)
GRANT_IS_FINAL = "A badge grant cannot be changed. Delete it and grant the badge again."


@freeze_time("2026-03-18 10:00:00")
class TestSecurity(SalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.create_manager()
        cls.ann = cls.create_user("ann")
        cls.bob = cls.create_user("bob")
        cls.employee = cls.create_user("clerk", groups=("base.group_user",), team=False)
        cls.portal = cls.create_user(
            "portal", groups=("base.group_portal",), team=False
        )
        cls.public = cls.env.ref("base.public_user")
        cls.admin = cls.env.ref("base.user_admin")
        cls.won = cls.env.ref("sales_gamification.definition_won_opportunities")
        cls.thank_you = cls.env.ref("sales_gamification.badge_thank_you")
        cls.race_badge = cls.env["gamification.badge"].create(
            {"name": "Race Winner", "rule_auth": "everyone"}
        )
        # Today: Bob won two deals, Ann one.
        for seller, names in ((cls.bob, ("Acme renewal", "Acme tablets")),):
            for name in names:
                deal = cls.create_lead(seller, TODAY + " 08:00", "opportunity", 5000)
                deal.name = name
                cls.win(deal, TODAY + " 09:00")
        cls.ann_deal = cls.create_lead(cls.ann, TODAY + " 08:00", "opportunity", 900)
        cls.ann_deal.name = "Globex pilot"
        cls.win(cls.ann_deal, TODAY + " 09:30")
        cls.race = cls.env["gamification.challenge"].create(
            {
                "name": "Private Race",
                "period": "monthly",
                "visibility_mode": "ranking",
                "team_id": cls.team.id,
                "leaderboard_privacy": "top",
                "leaderboard_top": 1,
                "report_message_frequency": "never",
                "reward_realtime": False,
                "reward_first_id": cls.race_badge.id,
                "line_ids": [
                    Command.create({"definition_id": cls.won.id, "target_goal": 3})
                ],
            }
        )
        cls.race.action_start()
        cls.ann_goal = cls.goal_of(cls.ann)
        cls.bob_goal = cls.goal_of(cls.bob)

    @classmethod
    def goal_of(cls, user):
        return cls.env["gamification.goal"].search(
            [("challenge_id", "=", cls.race.id), ("user_id", "=", user.id)]
        )

    # 1. Python code and expressions

    def test_python_definitions_stay_with_administrators(self):
        Definition = self.env["gamification.goal.definition"]
        code = (
            "result = len(env['ir.config_parameter'].sudo()"
            ".get_param('database.secret'))"
        )
        count = Definition.search_count([])
        with self.assertRaises(AccessError) as error:
            Definition.with_user(self.manager).create(
                {"name": "Secret", "computation_mode": "python", "compute_code": code}
            )
        self.assertEqual(error.exception.args[0], PYTHON_ONLY_ADMINS)
        self.assertEqual(Definition.search_count([]), count)
        with self.assertRaises(AccessError):
            self.won.with_user(self.manager).write(
                {"computation_mode": "python", "compute_code": code}
            )
        with self.assertRaises(AccessError):
            self.won.with_user(self.manager).write({"compute_code": code})
        self.assertEqual(
            (self.won.computation_mode, self.won.compute_code), ("count", False)
        )
        # An administrator may; the sales manager may then neither change
        # nor delete it.
        python = Definition.with_user(self.admin).create(
            {
                "name": "Profile",
                "computation_mode": "python",
                "compute_code": "result = 1",
            }
        )
        for attempt in (
            lambda d: d.write({"name": "Renamed"}),
            lambda d: d.write({"compute_code": code}),
            lambda d: d.write({"computation_mode": "manually"}),
            lambda d: d.unlink(),
        ):
            with self.assertRaises(AccessError) as error:
                attempt(python.with_user(self.manager))
            self.assertEqual(error.exception.args[0], PYTHON_ONLY_ADMINS)
        self.assertEqual(
            (python.name, python.compute_code, python.computation_mode),
            ("Profile", "result = 1", "python"),
        )
        # The other modes are the sales manager's.
        calls = Definition.with_user(self.manager).create(
            {
                "name": "My calls",
                "computation_mode": "count",
                "model_id": self.env["ir.model"]._get_id("crm.lead"),
                "domain": "[('user_id', '=', user.id), ('type', '=', 'lead')]",
            }
        )
        calls.with_user(self.manager).write({"name": "Calls"})
        self.assertEqual(calls.name, "Calls")

    def test_a_sales_manager_counts_only_records_they_may_read(self):
        """Goals are computed as the system: a count of system parameters
        whose value starts with "a", then "b", ... would spell the database
        secret."""
        secret = {
            "name": "Secret",
            "computation_mode": "count",
            "model_id": self.env["ir.model"]._get_id("ir.config_parameter"),
            "domain": "[('key', '=', 'database.secret'), ('value', '=like', 'a%')]",
        }
        Definition = self.env["gamification.goal.definition"]
        with self.assertRaises(AccessError) as error:
            Definition.with_user(self.manager).create(secret)
        self.assertEqual(
            error.exception.args[0],
            "You cannot base a goal definition on System Parameter: you may not "
            "read its records.",
        )
        with self.assertRaises(AccessError):
            self.won.with_user(self.manager).write({"model_id": secret["model_id"]})
        self.assertEqual(self.won.model_id.model, "crm.lead")
        self.assertEqual(Definition.search_count([("name", "=", "Secret")]), 0)
        self.assertEqual(Definition.with_user(self.admin).create(secret).name, "Secret")

    def test_expressions_of_a_sales_manager_run_no_code(self):
        """Every expression evaluated with ``user`` is refused before it
        runs: here, it would rename the sales manager as the system."""
        attack = "user.sudo().write({'name': 'Owned'})"
        attempts = {
            "domain": "[('id', '!=', %s)]" % attack,
            "ratio_numerator_domain": "[('id', '!=', %s)]" % attack,
            "batch_user_expression": attack,
            "res_id_field": attack,
        }
        for field, value in attempts.items():
            with self.assertRaises(ValidationError) as error:
                self.won.with_user(self.manager).write({field: value})
            label = self.won._fields[field].get_description(self.env)["string"]
            self.assertEqual(
                error.exception.args[0],
                "%s: only values and fields of 'user' are allowed, not "
                "'user.sudo().write({'name': 'Owned'})'. Only administrators "
                "may write more than values and fields of 'user' here." % label,
            )
        self.assertEqual(self.manager.name, "Manager")
        with self.assertRaises(ValidationError) as error:
            self.won.with_user(self.manager).write(
                {"domain": "[('user_id', '=', user.env.uid)]"}
            )
        self.assertEqual(
            error.exception.args[0],
            "Filter Domain: 'env' is not a field of res.users. Only "
            "administrators may write more than values and fields of 'user' "
            "here.",
        )
        # Fields of the user are fine.
        self.won.with_user(self.manager).write({"res_id_field": "user.company_id.id"})
        self.assertEqual(self.won.res_id_field, "user.company_id.id")

    # 2 and 9. Badge grants

    def test_a_portal_user_cannot_forge_a_badge(self):
        BadgeUser = self.env["gamification.badge.user"]
        # Thank You goes to internal colleagues only (test_trust.py); a sales
        # manager grants a portal user another badge.
        thanks = BadgeUser.with_user(self.manager).create(
            {"user_id": self.portal.id, "badge_id": self.race_badge.id}
        )
        with self.assertRaises(AccessError):
            BadgeUser.with_user(self.portal).create(
                {"user_id": self.ann.id, "badge_id": self.thank_you.id}
            )
        forged = {
            "badge_id": self.race_badge.id,
            "challenge_id": self.race.id,
            "period_start": "2026-03-01",
            "period_end": "2026-03-31",
        }
        for user in (self.portal, self.ann, self.manager, self.admin):
            with self.assertRaises(AccessError) as error:
                thanks.with_user(user).write(forged)
        self.assertEqual(error.exception.args[0], GRANT_IS_FINAL)
        self.assertEqual(
            (thanks.badge_id, thanks.challenge_id, thanks.period_start),
            (self.race_badge, self.race.browse(), False),
        )
        # A portal user sees the grants they received, nothing else.
        BadgeUser.with_user(self.manager).create(
            {"user_id": self.bob.id, "badge_id": self.thank_you.id}
        )
        self.assertEqual(BadgeUser.with_user(self.portal).search([]), thanks)
        with self.assertRaises(AccessError):
            BadgeUser.with_user(self.public).search([])

    def test_salespeople_cannot_forge_grants(self):
        BadgeUser = self.env["gamification.badge.user"].with_user(self.ann)
        grant = {"user_id": self.bob.id, "badge_id": self.thank_you.id}
        count = BadgeUser.sudo().search_count([])
        refusals = [
            (
                dict(grant, sender_id=self.manager.id),
                "A badge is sent in your own name.",
            ),
            (
                dict(grant, challenge_id=self.race.id),
                "Only a challenge sets the challenge and the period of a badge.",
            ),
            (
                dict(grant, period_start="2026-03-01", period_end="2026-03-31"),
                "Only a challenge sets the challenge and the period of a badge.",
            ),
            (dict(grant, user_id=self.ann.id), "You cannot grant a badge to yourself."),
            (
                dict(grant, badge_id=self.race_badge.id),
                "The badge Race Winner rewards a challenge: only the challenge, "
                "a sales manager or an administrator grants it.",
            ),
        ]
        for vals, message in refusals:
            with self.assertRaises(AccessError) as error:
                BadgeUser.create(vals)
            self.assertEqual(error.exception.args[0], message)
        self.assertEqual(BadgeUser.sudo().search_count([]), count)
        thanks = BadgeUser.create(grant)
        self.assertEqual(
            (thanks.sender_id, thanks.challenge_id, thanks.period_start),
            (self.ann, self.race.browse(), False),
        )
        # Sales managers grant the badges of their challenges by hand.
        bonus = BadgeUser.with_user(self.manager).create(
            dict(grant, badge_id=self.race_badge.id)
        )
        self.assertEqual(bonus.sender_id, self.manager)

    def test_salespeople_are_offered_only_the_badges_they_send(self):
        Badge = self.env["gamification.badge"]
        odoo_badges = (
            self.env.ref("gamification.badge_good_job")
            | self.env.ref("gamification.badge_problem_solver")
            | self.env.ref("gamification.badge_idea")
        )
        self.assertEqual(
            odoo_badges.mapped("rule_auth"), ["everyone", "everyone", "everyone"]
        )
        offered = self.env.ref("sales_gamification.gamification_badge_action_send")
        self.assertEqual(
            Badge.with_user(self.ann).search(safe_eval(offered.domain)), self.thank_you
        )
        # Odoo's kanban shows "Can not grant" and no Grant button at 0.
        for user, remaining in (
            (self.ann, {"Thank You": 5, "Good Job": 0, "Problem Solver": 0}),
            (self.manager, {"Thank You": 5, "Good Job": -1, "Problem Solver": -1}),
            (self.employee, {"Thank You": 5, "Good Job": -1, "Problem Solver": -1}),
        ):
            with self.subTest(user=user.login):
                badges = (self.thank_you | odoo_badges).with_user(user)
                self.assertEqual(
                    {
                        badge.name: badge.remaining_sending
                        for badge in badges
                        if badge.name in remaining
                    },
                    remaining,
                )
        count = self.env["gamification.badge.user"].sudo().search_count([])
        wizard = (
            self.env["gamification.badge.user.wizard"]
            .with_user(self.ann)
            .create({"user_id": self.bob.id, "badge_id": odoo_badges[0].id})
        )
        with self.assertRaises(UserError) as error:
            wizard.action_grant_badge()
        self.assertEqual(
            error.exception.args[0],
            "Salespeople send only the badges meant for colleagues, such as "
            "Thank You; ask a sales manager for Good Job.",
        )
        self.assertEqual(
            self.env["gamification.badge.user"].sudo().search_count([]), count
        )
        # A colleague outside sales keeps Odoo's rules.
        self.env["gamification.badge.user.wizard"].with_user(self.employee).create(
            {"user_id": self.bob.id, "badge_id": odoo_badges[0].id}
        ).action_grant_badge()
        self.assertEqual(
            self.env["gamification.badge.user"]
            .sudo()
            .search([], order="id desc", limit=1)
            .mapped(lambda grant: (grant.sender_id, grant.user_id, grant.badge_id)),
            [(self.employee, self.bob, odoo_badges[0])],
        )

    def test_a_badge_is_offered_to_colleagues(self):
        arch = (
            self.env["gamification.badge.user.wizard"]
            .with_user(self.ann)
            .get_view(self.env.ref("gamification.view_badge_wizard_grant").id, "form")[
                "arch"
            ]
        )
        (recipient,) = etree.fromstring(arch).xpath("//field[@name='user_id']")
        domain = safe_eval(recipient.get("domain"), {"uid": self.ann.id})
        people = self.ann | self.bob | self.manager | self.employee | self.portal
        # Never oneself, nor a portal user.
        self.assertEqual(
            self.env["res.users"].with_user(self.ann).search(domain) & people,
            self.bob | self.manager | self.employee,
        )

    def test_sales_managers_grant_the_sales_badges(self):
        sales_badges = self.env["gamification.badge"].concat(
            *(
                self.env.ref("sales_gamification." + xmlid)
                for xmlid in (
                    "badge_top_salesperson",
                    "badge_first_deal",
                    "badge_deal_closer",
                    "badge_lead_hunter",
                )
            )
        )
        self.assertEqual(set(sales_badges.mapped("rule_auth")), {"sales_managers"})
        # What the badge kanban shows each role: -1 is no limit, 0 "Can not
        # grant" and no Grant button.
        for user, remaining in (
            (self.manager, -1),
            (self.admin, -1),
            (self.ann, 0),
            (self.employee, 0),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(
                    sales_badges.with_user(user).mapped("remaining_sending"),
                    [remaining] * 4,
                )
        top = sales_badges[0]
        self.env["gamification.badge.user.wizard"].with_user(self.manager).create(
            {"user_id": self.bob.id, "badge_id": top.id, "comment": "Best March"}
        ).action_grant_badge()
        self.assertEqual(
            self.env["gamification.badge.user"]
            .sudo()
            .search([("badge_id", "=", top.id)])
            .mapped(lambda grant: (grant.sender_id, grant.user_id, grant.comment)),
            [(self.manager, self.bob, "Best March")],
        )
        count = self.env["gamification.badge.user"].sudo().search_count([])
        for user in (self.ann, self.employee):
            wizard = (
                self.env["gamification.badge.user.wizard"]
                .with_user(user)
                .create({"user_id": self.bob.id, "badge_id": top.id})
            )
            with self.subTest(user=user.login):
                with self.assertRaises(UserError) as error:
                    top.with_user(user).check_granting()
                self.assertEqual(
                    error.exception.args[0],
                    "Sales managers grant Top Salesperson, as its challenges do.",
                )
                # The challenge that rewards with it says so first.
                with self.assertRaises(UserError) as error:
                    wizard.action_grant_badge()
                self.assertEqual(
                    error.exception.args[0],
                    "The badge Top Salesperson rewards a challenge: only the "
                    "challenge, a sales manager or an administrator grants it.",
                )
        self.assertEqual(
            self.env["gamification.badge.user"].sudo().search_count([]), count
        )

    # 3. Joining challenges

    def test_joining_a_challenge_needs_an_invitation(self):
        Challenge = self.env["gamification.challenge"]
        closed = Challenge.create(
            {
                "name": "Closed Race",
                "period": "monthly",
                "visibility_mode": "ranking",
                "user_domain": False,
                "user_ids": [Command.set(self.ann.ids)],
                "report_message_frequency": "never",
                "line_ids": [
                    Command.create({"definition_id": self.won.id, "target_goal": 3})
                ],
            }
        )
        closed.action_start()
        for user in (self.bob, self.employee):
            for method in ("accept_challenge", "discard_challenge"):
                with self.assertRaises(AccessError) as error:
                    getattr(closed.with_user(user), method)()
                self.assertEqual(
                    error.exception.args[0],
                    "You were not invited to the challenge 'Closed Race'.",
                )
        self.assertEqual(closed.user_ids, self.ann)
        self.assertEqual(
            self.env["gamification.goal"]
            .search([("challenge_id", "=", closed.id)])
            .user_id,
            self.ann,
        )
        closed.invited_user_ids = self.bob
        closed.with_user(self.bob).accept_challenge()
        self.assertEqual(closed.user_ids, self.ann | self.bob)
        self.assertEqual(closed.invited_user_ids, self.env["res.users"])
        self.assertEqual(
            self.env["gamification.goal"]
            .search([("challenge_id", "=", closed.id)])
            .user_id,
            self.ann | self.bob,
        )

    # 4. Leaderboard privacy

    def test_a_private_leaderboard_hides_rivals_goals(self):
        Goal = self.env["gamification.goal"].with_user(self.ann)
        self.assertEqual(
            Goal.search([("challenge_id", "=", self.race.id)]), self.ann_goal
        )
        with self.assertRaises(AccessError):
            self.bob_goal.with_user(self.ann).read(["current"])
        # The leaderboard applies the privacy: Bob leads, then Ann.
        Line = self.env["sales_gamification.leaderboard.line"]
        rows = Line.with_user(self.ann)._rows_for(self.race, self.ann)
        self.assertEqual(
            [(row["rank"], row["name"], row["completeness"]) for row in rows],
            [(1, "Bob", 66.67), (2, "Ann", 33.33)],
        )
        self.race.leaderboard_privacy = "full"
        self.assertEqual(
            Goal.search([("challenge_id", "=", self.race.id)]),
            self.ann_goal | self.bob_goal,
        )
        self.assertEqual(self.bob_goal.with_user(self.ann).current, 2.0)

    def test_a_former_participant_keeps_a_working_top_bar(self):
        """Ann leaves the team: she no longer sees the challenge, nor her
        reached goal of it, and her trophy still opens."""
        self.ann_goal.write({"target_goal": 1})
        self.ann_goal.update_goal()
        self.assertEqual(self.ann_goal.state, "reached")
        self.team.member_ids = self.bob
        self.assertEqual(self.race.user_ids, self.bob)
        self.assertEqual(self.ann_goal.exists(), self.ann_goal)
        Goal = self.env["gamification.goal"].with_user(self.ann)
        self.assertEqual(Goal.get_my_running_goals(), [])

    # 5. Definitions and saving records

    def test_a_definition_never_stops_a_sale(self):
        Definition = self.env["gamification.goal.definition"]
        orders = Definition.create(
            {
                "name": "Orders",
                "computation_mode": "count",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "field_date_id": self.env["ir.model.fields"]
                ._get("sale.order", "date_order")
                .id,
                "domain": "[(1, '=', 1), ('state', '=', 'sale')]",
                "batch_mode": True,
                "batch_distinctive_field": self.env["ir.model.fields"]
                ._get("sale.order", "user_id")
                .id,
                "batch_user_expression": "user.id",
            }
        )
        goal = self.env["gamification.goal"].create(
            {
                "definition_id": orders.id,
                "user_id": self.ann.id,
                "target_goal": 2,
                "start_date": "2026-03-01",
                "end_date": "2026-03-31",
                "state": "inprogress",
            }
        )
        self.create_order(self.ann, 300, confirmed=TODAY + " 10:00")
        self.env.cr.flush()
        self.assertEqual((goal.current, goal.state), (1.0, "inprogress"))
        # A definition broken in the database (saved before these checks,
        # or by hand): the sale goes through, the goal waits for the cron.
        self.env.cr.execute(
            SQL(
                "UPDATE gamification_goal_definition SET domain = %s WHERE id = %s",
                "[('state', '=', 'sale')",
                orders.id,
            )
        )
        orders.invalidate_recordset()
        self.env.registry.clear_cache()
        with self.assertLogs(
            "odoo.addons.sales_gamification.models.gamification_goal_definition",
            "ERROR",
        ) as logs:
            order = self.create_order(self.ann, 400, confirmed=TODAY + " 11:00")
            self.env.cr.flush()
        self.assertEqual(order.state, "sale")
        self.assertEqual(
            logs.output[0].splitlines()[0],
            "ERROR:odoo.addons.sales_gamification.models.gamification_goal_definition:"
            "The goal definition %d is ignored when records are saved." % orders.id,
        )
        self.assertEqual(goal.current, 1.0)
        # Saved through the ORM, the same domain is refused.
        with self.assertRaises(ValidationError):
            orders.write({"domain": "[('state', '=', 'sale')", "name": "Orders"})

    # 6. Targets

    def test_targets_are_positive_where_they_are_held(self):
        message = (
            "The target of 'Won Opportunities' must be positive: higher is better."
        )
        Line = self.env["gamification.challenge.line"].with_user(self.manager)
        with self.assertRaises(ValidationError) as error:
            Line.create(
                {
                    "challenge_id": self.race.id,
                    "definition_id": self.won.id,
                    "target_goal": 0,
                }
            )
        self.assertEqual(error.exception.args[0], message)
        line = self.race.line_ids
        with self.assertRaises(ValidationError) as error:
            line.with_user(self.manager).target_goal = 0
        self.assertEqual(error.exception.args[0], message)
        with self.assertRaises(ValidationError) as error:
            self.ann_goal.with_user(self.manager).target_goal = 0
        self.assertEqual(error.exception.args[0], message)
        self.assertEqual((line.target_goal, self.ann_goal.target_goal), (3, 3))
        # Lower is better: 0 days to close is a target.
        days = self.env.ref("sales_gamification.definition_days_to_close")
        lower = Line.create(
            {"challenge_id": self.race.id, "definition_id": days.id, "target_goal": 0}
        )
        self.assertEqual(lower.target_goal, 0)

    # 7. TV board

    def test_a_private_tv_board_shows_only_what_its_privacy_allows(self):
        def board():
            data = self.race._tv_board_data()
            return (
                [row["name"] for row in data["rows"]],
                [(win["user"], win["name"]) for win in data["wins"]],
            )

        bob_wins = [("Bob", "Acme tablets"), ("Bob", "Acme renewal")]
        self.assertEqual(board(), (["Bob"], bob_wins))
        self.race.visibility_mode = "personal"
        self.assertEqual(board(), ([], []))
        self.race.write({"visibility_mode": "ranking", "leaderboard_privacy": "full"})
        self.assertEqual(
            board(), (["Bob", "Ann"], [("Ann", "Globex pilot")] + bob_wins)
        )

    # 8. Other users

    def test_other_users_see_nothing(self):
        models = {
            "gamification.challenge": self.race,
            "gamification.challenge.line": self.race.line_ids,
            "gamification.goal": self.ann_goal,
        }
        for model, record in models.items():
            self.assertEqual(
                self.env[model].with_user(self.employee).search([]),
                self.env[model],
                model,
            )
            with self.assertRaises(AccessError):
                record.with_user(self.employee).read(["display_name"])
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.portal).search([])
        with self.assertRaises(AccessError):
            self.env["gamification.goal.definition"].with_user(self.employee).search([])
        BadgeUser = self.env["gamification.badge.user"]
        BadgeUser.with_user(self.manager).create(
            {"user_id": self.bob.id, "badge_id": self.thank_you.id}
        )
        self.assertEqual(BadgeUser.with_user(self.employee).search([]), BadgeUser)
        self.assertEqual(BadgeUser.with_user(self.portal).search([]), BadgeUser)
        # Salespeople see the challenges they take part in.
        self.assertEqual(
            self.env["gamification.challenge"]
            .with_user(self.ann)
            .search([("id", "=", self.race.id)]),
            self.race,
        )

    # 10. TV board timing

    def test_unknown_challenge_and_wrong_token_take_one_path(self):
        Challenge = self.env["gamification.challenge"]
        unknown = Challenge.search([], order="id desc", limit=1).id + 1000
        compared = []
        real = hmac.compare_digest

        def compare(a, b):
            compared.append((len(a), len(b)))
            return real(a, b)

        wrong = "x" * len(self.race.tv_token)
        with patch.object(hmac, "compare_digest", compare):
            with self.assertQueries(1):
                challenge, valid = Challenge._tv_find(unknown, wrong)
            self.assertEqual((len(challenge), valid), (0, False))
            with self.assertQueries(1):
                challenge, valid = Challenge._tv_find(self.race.id, wrong)
            self.assertEqual((challenge, valid), (self.race, False))
            challenge, valid = Challenge._tv_find(self.race.id, self.race.tv_token)
            self.assertEqual((challenge, valid), (self.race, True))
        self.assertEqual(compared, [(32, 32)] * 3)

    # 11. Progress reports

    def test_the_report_reaches_a_user_without_avatar(self):
        """On Odoo 11 the ranking report failed on a salesperson without a
        photo. Odoo 18 gives each new contact an avatar, and its report
        shows none: a user whose photo was removed gets it."""
        self.ann.partner_id.image_1920 = False
        self.assertEqual(self.ann.partner_id.image_128, False)
        self.race.report_message_frequency = "daily"
        before = self.race.message_ids
        self.race.with_user(self.manager).action_report_progress()
        report = self.race.message_ids - before
        self.assertEqual(len(report), 1)
        self.assertEqual(report.partner_ids, (self.ann | self.bob).partner_id)
        self.assertIn(
            "Top Achievers for goal <strong>Won Opportunities</strong>", report.body
        )
        self.assertEqual(str(self.race.last_report_date), TODAY)

    def test_a_failing_report_does_not_stop_the_period_close(self):
        """A report template that cannot render (here, an administrator's
        own, naming a field that does not exist) fails in the daily update,
        before the periods close: the cron closes February all the same,
        and sends the report again the next day."""
        self.ann.partner_id.image_1920 = False
        broken = self.env["mail.template"].create(
            {
                "name": "Sales report",
                "model_id": self.env["ir.model"]._get_id("gamification.challenge"),
                "body_html": '<p><t t-out="object.no_such_field"/></p>',
            }
        )
        self.race.write(
            {
                "start_date": "2026-02-01",
                "report_message_frequency": "daily",
                "report_template_id": broken.id,
                "reward_failure": True,
            }
        )
        self.race.last_report_date = "2026-03-01"
        with self.assertLogs(
            "odoo.addons.sales_gamification.models.gamification_challenge_rewards",
            "ERROR",
        ) as logs:
            self.run_cron()
        logger = "odoo.addons.sales_gamification.models.gamification_challenge_rewards"
        self.assertEqual(
            logs.output[0].splitlines()[0],
            "ERROR:%s:The progress report of the challenge %d failed; it is "
            "sent again at the next update." % (logger, self.race.id),
        )
        self.assertEqual(str(self.race.rewarded_until), "2026-02-28")
        self.assertEqual(str(self.race.last_report_date), "2026-03-01")
        february = self.race._period_goals(
            self.race.start_date, self.race.rewarded_until
        )
        self.assertEqual(february.mapped("closed"), [True, True])
        # Nobody won a deal in February: Ann and Bob share the 1st place.
        self.assertEqual(
            self.env["gamification.badge.user"]
            .search([("challenge_id", "=", self.race.id)])
            .mapped(lambda g: (g.user_id.name, g.badge_id.name, str(g.period_end))),
            [
                ("Ann", "Race Winner", "2026-02-28"),
                ("Bob", "Race Winner", "2026-02-28"),
            ],
        )
