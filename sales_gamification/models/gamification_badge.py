# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import _, fields, models
from odoo.tools import html_escape


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

    def _send_badge(self):
        # Odoo's notification mail is posted on the grant, which needs write
        # access to it: the system sends it, since a salesperson who grants
        # a badge may create the grant but not edit it.
        result = super(GamificationBadgeUser, self.sudo())._send_badge()
        for badge_user in self:
            badge_user.with_context(lang=badge_user.user_id.lang)._notify_granted()
        return result

    def _notify_granted(self):
        """Congratulate the user at once, and tell the challenge's channel."""
        self.ensure_one()
        self.user_id._notify_recognition(
            _("New badge!"),
            _("You receive the badge %s.") % self.badge_id.name,
            "/web/image/gamification.badge/%d/image" % self.badge_id.id,
        )
        # The challenge's channel may be private to the challenge's manager.
        self.challenge_id.sudo()._post_recognition(
            _("%s receives the badge %s.")
            % (html_escape(self.user_id.name), html_escape(self.badge_id.name))
        )
