# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""18.0.1.7.0 leaves a sales team's leader out of its challenges, a member
of the team or not ("crm.team._salespeople"): the running team challenges
follow at once, as they would when a member leaves."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["gamification.challenge"].search(
        [
            ("state", "=", "inprogress"),
            "|",
            ("team_id", "!=", False),
            ("competing_team_ids", "!=", False),
        ]
    )._sync_team_members()
