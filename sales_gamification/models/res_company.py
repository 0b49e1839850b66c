# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models

from ..engine.periods import local_today


class ResCompany(models.Model):
    _inherit = "res.company"

    def _sales_tz(self):
        """The time zone of the company's challenge periods: its address's
        (the company contact's *Timezone*), UTC when it has none."""
        # Any user computing goals needs it, whatever they may read.
        return self.sudo().partner_id.tz or "UTC"

    def _sales_today(self):
        """Today for challenges and goals: the date in the company's time
        zone (``_sales_tz``). Every period, running goal, end of period and
        day left is counted from it."""
        return local_today(self._sales_tz())
