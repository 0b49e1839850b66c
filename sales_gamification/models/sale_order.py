# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "sales_gamification.kpi.source"]

    company_currency_id = fields.Many2one(
        related="company_id.currency_id", readonly=True, string="Company Currency"
    )
    amount_untaxed_company = fields.Monetary(
        "Untaxed Amount in Company Currency",
        compute="_compute_amount_untaxed_company",
        store=True,
        currency_field="company_currency_id",
        help="Untaxed amount converted at the rate of the confirmation date "
        "(of the order date while not confirmed).",
    )

    @api.depends("amount_untaxed", "currency_id", "confirmation_date", "date_order")
    def _compute_amount_untaxed_company(self):
        for order in self:
            company_currency = order.company_id.currency_id
            if not order.currency_id or order.currency_id == company_currency:
                order.amount_untaxed_company = order.amount_untaxed
                continue
            day = fields.Date.to_string(
                fields.Datetime.from_string(order.confirmation_date or order.date_order)
            )
            order.amount_untaxed_company = order.currency_id.with_context(
                date=day
            ).compute(order.amount_untaxed, company_currency)
