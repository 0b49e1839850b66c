# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models


class GamificationChallengeLine(models.Model):
    _inherit = "gamification.challenge.line"

    @api.constrains("target_goal", "definition_id")
    def _check_target_goal(self):
        for line in self:
            line.definition_id._check_target(line.target_goal)
