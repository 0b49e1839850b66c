# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class GamificationKarmaTracking(models.Model):
    _inherit = "gamification.karma.tracking"

    def _get_origin_selection_values(self):
        """Karma a challenge grants names the challenge as its source."""
        return super()._get_origin_selection_values() + [
            ("gamification.challenge", self.env._("Challenge"))
        ]
