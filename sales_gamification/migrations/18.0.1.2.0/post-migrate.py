# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""18.0.1.2.0 lets salespeople send only the badges marked "Sent by
Salespeople". The badges are ``noupdate``: mark Thank You, as a new
installation does."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    thank_you = env.ref("sales_gamification.badge_thank_you", raise_if_not_found=False)
    if thank_you:
        thank_you.sales_grantable = True
