# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class GamificationBadgeUser(models.Model):
    _inherit = "gamification.badge.user"

    period_start = fields.Date(
        readonly=True, help="First day of the challenge period this badge rewards."
    )
    period_end = fields.Date(
        readonly=True, help="Last day of the challenge period this badge rewards."
    )

    def _send_badge(self):
        result = super()._send_badge()
        for badge_user in self:
            badge_user.with_context(lang=badge_user.user_id.lang)._notify_granted()
        return result

    def _notify_granted(self):
        """Congratulate the user at once, and tell the challenge's channel."""
        self.ensure_one()
        self.user_id._notify_recognition(
            self.env._("New badge!"),
            self.env._("You receive the badge %s.", self.badge_id.name),
            "/web/image/gamification.badge/%d/image_128" % self.badge_id.id,
        )
        # The challenge's channel may be private to the challenge's manager.
        self.challenge_id.sudo()._post_recognition(
            self.env._(
                "%(user)s receives the badge %(badge)s.",
                user=self.user_id.name,
                badge=self.badge_id.name,
            )
        )
