# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def create(self, vals):
        user = super().create(vals)
        if user.sale_team_id:
            user.sale_team_id._sync_challenges()
        return user

    @api.multi
    def write(self, vals):
        if "sale_team_id" not in vals:
            return super().write(vals)
        teams = self.mapped("sale_team_id")
        result = super().write(vals)
        (teams | self.mapped("sale_team_id"))._sync_challenges()
        return result
