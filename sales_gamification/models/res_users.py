# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models

# Bus channel, per partner, of the congratulations shown in the web client.
RECOGNITION_CHANNEL = "sales_gamification.recognition"


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

    def _notify_recognition(self, title, message, img_url):
        """Congratulate the users in their open web clients (a rainbow man),
        as soon as the current transaction commits."""
        self.env["bus.bus"].sendmany(
            [
                (
                    (self.env.cr.dbname, RECOGNITION_CHANNEL, user.partner_id.id),
                    {"title": title, "message": message, "img_url": img_url},
                )
                for user in self
            ]
        )
