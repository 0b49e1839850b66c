# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    def _sync_challenges(self):
        """The challenges of these teams follow their members."""
        if self:
            # Whoever changes a team's members, its challenges follow.
            self.env["gamification.challenge"].sudo().search(
                [
                    "|",
                    ("team_id", "in", self.ids),
                    ("competing_team_ids", "in", self.ids),
                ]
            )._sync_team_members()
