# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models

# Bus notification of the congratulations shown in the web client.
RECOGNITION_NOTIFICATION = "sales_gamification/recognition"
# Bus notification that the user's goals moved: the top bar and My Goals
# load them again (static/src/recognition/goals_changed.js).
GOALS_NOTIFICATION = "sales_gamification/goals"


class ResUsers(models.Model):
    _inherit = "res.users"

    def _notify_recognition(self, title, message, img_url):
        """Congratulate the users in their open web clients (a rainbow man),
        as soon as the current transaction commits."""
        self._bus_send(
            RECOGNITION_NOTIFICATION,
            {"title": title, "message": message, "img_url": img_url},
        )

    def _notify_goals_moved(self):
        """Tell the users' open web clients that their goals moved, as soon
        as the current transaction commits."""
        self._bus_send(GOALS_NOTIFICATION, {})
