# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    def write(self, vals):
        result = super().write(vals)
        if "user_id" in vals:
            self._sync_challenges()
        return result

    def _salespeople(self):
        """Who competes for these teams: their members but each team's
        leader, who runs its challenges (a leader may sell in another team).
        A sales manager joins her team for Odoo's pipeline, not to rank
        against her salespeople."""
        return self.env["res.users"].union(
            *(team.member_ids - team.user_id for team in self)
        )

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
