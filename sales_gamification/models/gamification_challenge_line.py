# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class GamificationChallengeLine(models.Model):
    _inherit = "gamification.challenge.line"

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
