# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models, tools


class SalesGamificationWinLossReport(models.Model):
    """Won and lost opportunities, one row each, by closing date.

    Won and lost mean what the Win Rate goal definition counts: won is an
    active opportunity at 100%, lost an archived one at 0%. Averaged, the
    Win Rate measure gives 100 x won / (won + lost).
    """

    _name = "sales_gamification.win_loss.report"
    _description = "Win/Loss Analysis"
    _auto = False
    _rec_name = "date_closed"
    _order = "date_closed desc"

    lead_id = fields.Many2one("crm.lead", "Opportunity", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    date_closed = fields.Datetime("Closed Date", readonly=True)
    won_count = fields.Integer("Won", readonly=True)
    lost_count = fields.Integer("Lost", readonly=True)
    win_rate = fields.Float(
        "Win Rate (%)",
        readonly=True,
        group_operator="avg",
        help="100 x won / (won + lost)",
    )
    planned_revenue = fields.Float("Expected Revenue", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE VIEW sales_gamification_win_loss_report AS (
                SELECT lead.id, lead.id AS lead_id, lead.user_id, lead.team_id,
                       lead.date_closed, lead.planned_revenue,
                       CASE WHEN lead.active THEN 1 ELSE 0 END AS won_count,
                       CASE WHEN lead.active THEN 0 ELSE 1 END AS lost_count,
                       CASE WHEN lead.active THEN 100.0 ELSE 0.0 END AS win_rate
                  FROM crm_lead lead
                 WHERE lead.type = 'opportunity'
                   AND lead.date_closed IS NOT NULL
                   AND ((lead.active AND lead.probability = 100)
                        OR (NOT lead.active AND lead.probability = 0))
            )
            """
        )
