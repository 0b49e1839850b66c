# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models, tools
from odoo.tools import SQL

from .crm_lead import LOST_DOMAIN, WON_DOMAIN


class SalesGamificationWinLossReport(models.Model):
    """Won and lost opportunities, one row each, by closing date.

    Won and lost mean what the Win Rate goal definition counts
    (``WON_DOMAIN``, ``LOST_DOMAIN``). Averaged, the Win Rate measure gives
    100 x won / (won + lost). The graph shows the closed deals, won and lost
    stacked: a rate from one deal is one deal high, as the Win Rate goal
    shows its sample beside its minimum.
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
    result = fields.Selection([("won", "Won"), ("lost", "Lost")], readonly=True)
    closed_count = fields.Integer("Closed Deals", readonly=True)
    won_count = fields.Integer("Won", readonly=True)
    lost_count = fields.Integer("Lost", readonly=True)
    win_rate = fields.Float(
        "Win Rate (%)",
        readonly=True,
        aggregator="avg",
        help="100 x won / (won + lost)",
    )
    expected_revenue = fields.Float(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        Lead = self.env(context={})["crm.lead"]
        won = Lead._where_calc(WON_DOMAIN).where_clause
        lost = Lead._where_calc(LOST_DOMAIN, active_test=False).where_clause
        self.env.cr.execute(
            SQL(
                """CREATE VIEW %s AS (
                    SELECT crm_lead.id, crm_lead.id AS lead_id, crm_lead.user_id,
                           crm_lead.team_id, crm_lead.date_closed,
                           crm_lead.expected_revenue,
                           CASE WHEN %s THEN 'won' ELSE 'lost' END AS result,
                           1 AS closed_count,
                           CASE WHEN %s THEN 1 ELSE 0 END AS won_count,
                           CASE WHEN %s THEN 0 ELSE 1 END AS lost_count,
                           CASE WHEN %s THEN 100.0 ELSE 0.0 END AS win_rate
                      FROM crm_lead
                     WHERE crm_lead.date_closed IS NOT NULL AND ((%s) OR (%s))
                )""",
                SQL.identifier(self._table),
                won,
                won,
                won,
                won,
                won,
                lost,
            )
        )
