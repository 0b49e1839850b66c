# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from odoo import api, models, tools

from ..engine.pace import WORKING_WEEKDAYS
from ..engine.periods import local_today


class ResCompany(models.Model):
    _inherit = "res.company"

    def _sales_tz(self):
        """The time zone of the company's challenge periods: its address's
        (the company contact's *Timezone*), UTC when it has none."""
        return self._sales_tz_of(self.id)

    @api.model
    @tools.ormcache("company_id")
    def _sales_tz_of(self, company_id):
        # Kept per worker: every save that moves goals needs it. Changing
        # the company contact's time zone clears it (res.partner.write).
        # Any user computing goals needs it, whatever they may read.
        return self.sudo().browse(company_id).partner_id.tz or "UTC"

    def write(self, vals):
        if "partner_id" in vals:
            self.env.registry.clear_cache()
        return super().write(vals)

    def _sales_today(self):
        """Today for challenges and goals: the date in the company's time
        zone (``_sales_tz``). Every period, running goal, end of period and
        day left is counted from it."""
        return local_today(self._sales_tz())

    def _sales_working_days(self, start, end):
        """(working weekdays, holidays from ``start`` to ``end``) of the
        company's working calendar, for the pace of goals: the weekdays it
        has hours on (``date.weekday()`` numbers) and the days of its
        company-wide time off. Monday to Friday without a calendar."""
        calendar = self.sudo().resource_calendar_id
        if not calendar:
            return WORKING_WEEKDAYS, frozenset()
        weekdays = frozenset(
            int(day) for day in calendar.attendance_ids.mapped("dayofweek")
        )
        tz = self._sales_tz()
        holidays = set()
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("calendar_id", "in", [calendar.id, False]),
                    ("resource_id", "=", False),
                    ("date_from", "<", end + timedelta(days=1)),
                    ("date_to", ">=", start),
                ]
            )
        )
        for leave in leaves:
            day = local_today(tz, leave.date_from)
            last = local_today(tz, leave.date_to)
            while day <= last:
                holidays.add(day)
                day += timedelta(days=1)
        return weekdays or WORKING_WEEKDAYS, frozenset(holidays)
