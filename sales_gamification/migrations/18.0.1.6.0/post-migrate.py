# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""18.0.1.6.0 lets sales managers grant the addon's sales badges by hand
("Sales managers, and challenges"). Their data is ``noupdate``: the badges
that still say "No one, assigned through challenges" get the new rule; a
badge whose rule an administrator changed keeps it."""

from odoo import SUPERUSER_ID, api

SALES_BADGES = (
    "badge_top_salesperson",
    "badge_first_deal",
    "badge_deal_closer",
    "badge_lead_hunter",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for name in SALES_BADGES:
        badge = env.ref("sales_gamification." + name, raise_if_not_found=False)
        if badge and badge.rule_auth == "nobody":
            badge.rule_auth = "sales_managers"
