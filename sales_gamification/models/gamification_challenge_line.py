# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class GamificationChallengeLine(models.Model):
    _name = "gamification.challenge.line"
    _inherit = ["gamification.challenge.line", "sales_gamification.valid.values"]

    team_aggregate = fields.Selection(
        [("sum", "Sum of its members"), ("average", "Average of its members")],
        "Team Value",
        default="sum",
        required=True,
        help="In a challenge between sales teams, how a team's count or sum is "
        "made: the total of the team's records, or that total divided by its "
        "number of members (fair to teams of different sizes). The target "
        "applies to that value. Averages and ratios are computed on the "
        "team's records.",
    )
    quota_ids = fields.One2many(
        "sales_gamification.quota",
        "line_id",
        "Quotas",
        help="Salespeople with a target of their own for this goal.",
    )
    karma_reached = fields.Integer(
        "Karma",
        help="Karma the salesperson earns when this goal is reached: once per "
        "goal and period. Odoo's ranks follow karma.",
    )

    @api.constrains("karma_reached")
    def _check_karma_reached(self):
        if any(line.karma_reached < 0 for line in self):
            raise ValidationError(self.env._("Karma cannot be negative."))

    @api.constrains("target_goal", "definition_id")
    def _check_target_goal(self):
        for line in self:
            line.definition_id._check_target(line.target_goal)

    @api.constrains("definition_id", "challenge_id")
    def _check_team_definition(self):
        # However the line comes (with its challenge, created alone, or
        # switched to another definition), a challenge between teams
        # compares them on every line.
        self.challenge_id._check_team_lines()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.challenge_id._generate_running_goals()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if "definition_id" in vals:
            # The line's goals of the running period count what it counts
            # now; closed periods keep what they counted.
            self.env["gamification.goal"].sudo().search(
                [
                    ("line_id", "in", self.ids),
                    ("closed", "=", False),
                    ("challenge_id.state", "=", "inprogress"),
                ]
            ).unlink()
            self.challenge_id._generate_running_goals()
        return result

    def _quota_targets(self):
        """{(line id, user id): target} of these lines' quotas."""
        quotas = (
            self.env["sales_gamification.quota"]
            .sudo()
            .search([("line_id", "in", self.ids)])
        )
        return {(quota.line_id.id, quota.user_id.id): quota.target for quota in quotas}

    @api.model
    def _apply_quotas(self, keys):
        """The running goals of ``keys`` ({(line id, user id)}) take their
        salesperson's quota, or the line's target without one, and their
        state follows at once. Closed goals keep the target they closed
        with."""
        lines = self.sudo().browse({line_id for line_id, _user_id in keys if line_id})
        if not lines:
            return
        goals = (
            self.env["gamification.goal"]
            .sudo()
            .search(
                [
                    ("line_id", "in", lines.ids),
                    ("user_id", "in", list({user_id for _line_id, user_id in keys})),
                    ("closed", "=", False),
                    ("challenge_id.state", "=", "inprogress"),
                ]
            )
        )
        targets = lines._quota_targets()
        moved = goals.browse()
        for goal in goals:
            key = (goal.line_id.id, goal.user_id.id)
            if key not in keys:
                continue
            target = targets.get(key, goal.line_id.target_goal)
            if goal.target_goal != target:
                goal.target_goal = target
                moved |= goal
        moved.update_goal()
