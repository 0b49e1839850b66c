# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class AccountInvoice(models.Model):
    # Posting, cancelling or refunding an invoice moves the goals at once.
    _name = "account.invoice"
    _inherit = ["account.invoice", "sales_gamification.kpi.source"]
