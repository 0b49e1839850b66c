# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class GamificationBadge(models.Model):
    _inherit = "gamification.badge"

    def _can_grant_badge(self):
        """Odoo's check of badges that require other badges compares badges
        with badge grants, and crashes: compare badges with badges."""
        if self.rule_auth != "having" or self.env.user._is_admin():
            return super()._can_grant_badge()
        owned = (
            self.env["gamification.badge.user"]
            .search([("user_id", "=", self.env.uid)])
            .mapped("badge_id")
        )
        if self.rule_auth_badge_ids - owned:
            return self.BADGE_REQUIRED
        if self.rule_max and self.stat_my_monthly_sending >= self.rule_max_number:
            return self.TOO_MANY
        return self.CAN_GRANT


class GamificationBadgeUser(models.Model):
    _inherit = "gamification.badge.user"

    period_start = fields.Date(
        readonly=True, help="First day of the challenge period this badge rewards."
    )
    period_end = fields.Date(
        readonly=True, help="Last day of the challenge period this badge rewards."
    )
