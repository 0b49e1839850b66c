# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class AccountMove(models.Model):
    # Posting, cancelling or reversing an invoice moves the goals at once.
    _name = "account.move"
    _inherit = ["account.move", "sales_gamification.kpi.source"]
