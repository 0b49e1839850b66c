# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "sales_gamification.kpi.source"]

    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    amount_untaxed_company = fields.Monetary(
        "Untaxed Amount in Company Currency",
        compute="_compute_amount_untaxed_company",
        store=True,
        currency_field="company_currency_id",
        help="Untaxed amount converted at the order's rate (of its confirmation "
        "date once confirmed).",
    )

    @api.depends("amount_untaxed", "currency_rate")
    def _compute_amount_untaxed_company(self):
        for order in self:
            rate = order.currency_rate or 1.0
            order.amount_untaxed_company = order.amount_untaxed / rate
