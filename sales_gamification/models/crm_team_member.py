# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models

# Changing these fields of a membership changes who is in which team.
MEMBERSHIP_FIELDS = ("user_id", "crm_team_id", "active")


class CrmTeamMember(models.Model):
    """Salespeople who join or leave a sales team join or leave its
    challenges."""

    _inherit = "crm.team.member"

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members.crm_team_id._sync_challenges()
        return members

    def write(self, vals):
        if not any(name in vals for name in MEMBERSHIP_FIELDS):
            return super().write(vals)
        teams = self.crm_team_id
        result = super().write(vals)
        (teams | self.crm_team_id)._sync_challenges()
        return result

    def unlink(self):
        teams = self.crm_team_id
        result = super().unlink()
        teams._sync_challenges()
        return result
