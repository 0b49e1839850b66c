# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models

SECONDS_PER_DAY = 86400.0


def _days_between(start, end):
    """Days, with their fraction, from one datetime string to another."""
    delta = fields.Datetime.from_string(end) - fields.Datetime.from_string(start)
    return delta.total_seconds() / SECONDS_PER_DAY


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "sales_gamification.kpi.source"]

    date_opportunity = fields.Datetime(
        "Became Opportunity",
        compute="_compute_date_opportunity",
        store=True,
        index=True,
        help="When the record became an opportunity: its conversion date, or "
        "its creation date if it was created as an opportunity.",
    )
    days_to_qualify = fields.Float(
        compute="_compute_days_to_qualify",
        store=True,
        group_operator="avg",
        help="Days from the creation of the lead to its conversion into an "
        "opportunity.",
    )
    days_to_close = fields.Float(
        compute="_compute_days_to_close",
        store=True,
        group_operator="avg",
        help="Days from the creation of the lead or opportunity to the day it "
        "was won or lost (Odoo's 'Days to Close' counts whole days only).",
    )

    @api.depends("type", "date_conversion", "create_date")
    def _compute_date_opportunity(self):
        for lead in self:
            if lead.type == "opportunity":
                lead.date_opportunity = lead.date_conversion or lead.create_date
            else:
                lead.date_opportunity = False

    @api.depends("date_conversion", "create_date")
    def _compute_days_to_qualify(self):
        for lead in self:
            if lead.date_conversion and lead.create_date:
                lead.days_to_qualify = _days_between(
                    lead.create_date, lead.date_conversion
                )
            else:
                lead.days_to_qualify = 0.0

    @api.depends("date_closed", "create_date")
    def _compute_days_to_close(self):
        for lead in self:
            if lead.date_closed and lead.create_date:
                lead.days_to_close = _days_between(lead.create_date, lead.date_closed)
            else:
                lead.days_to_close = 0.0
