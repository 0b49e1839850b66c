# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models

SECONDS_PER_DAY = 86400.0
# What won and lost mean, for the Win Rate goal, the Win/Loss report and the
# TV board: a won opportunity is active at 100%, a lost one archived at 0%.
WON_DOMAIN = [
    ("type", "=", "opportunity"),
    ("active", "=", True),
    ("probability", "=", 100),
]
LOST_DOMAIN = [
    ("type", "=", "opportunity"),
    ("active", "=", False),
    ("probability", "=", 0),
]
# The fields whose change can make a deal won, or no longer won, or someone
# else's: the TV boards of its salespeople load the latest wins again.
WON_FIELDS = {"type", "active", "probability", "stage_id", "user_id"}
# Key of what the transaction's deals tell their challenges before it
# commits: (their salespeople, the deals not won before their save).
DEALS_SAVED = "sales_gamification.deals_saved"


def days_between(start, end):
    """Days, with their fraction, from one datetime to another; 0 when one
    is missing, never negative (a record created and closed within the same
    second)."""
    if not (start and end):
        return 0.0
    return max(0.0, (end - start).total_seconds() / SECONDS_PER_DAY)


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
        aggregator="avg",
        help="Days from the creation of the lead to its conversion into an "
        "opportunity.",
    )
    days_to_close = fields.Float(
        compute="_compute_days_to_close",
        store=True,
        aggregator="avg",
        help="Days from the creation of the lead or opportunity to the day it "
        "was won or lost (Odoo's 'Days to Close' counts whole days only).",
    )
    # The KPIs on leads share one query, whose condition is an OR of one
    # period per definition, on the day a deal was won or lost, the day a
    # lead was converted, its creation and date_opportunity. PostgreSQL reads
    # it from indexes only if every one of these dates has one; otherwise it
    # reads every lead ever made. Open deals and leads never converted have
    # no such date: they stay out of these two indexes.
    date_closed = fields.Datetime(index="btree_not_null")
    date_conversion = fields.Datetime(index="btree_not_null")

    @api.depends("type", "date_conversion", "create_date")
    def _compute_date_opportunity(self):
        for lead in self:
            if lead.type == "opportunity":
                lead.date_opportunity = lead.date_conversion or lead.create_date
            else:
                lead.date_opportunity = False

    # Two computations: a deal won must not recompute the time to qualify.
    @api.depends("date_conversion", "create_date")
    def _compute_days_to_qualify(self):
        for lead in self:
            lead.days_to_qualify = days_between(lead.create_date, lead.date_conversion)

    @api.depends("date_closed", "create_date")
    def _compute_days_to_close(self):
        for lead in self:
            lead.days_to_close = days_between(lead.create_date, lead.date_closed)

    def write(self, vals):
        if not WON_FIELDS.intersection(vals):
            return super().write(vals)
        # A plain field: reading it before the save computes nothing.
        sellers = self.user_id
        # Deals not won before the save: the wins feeds post those won once
        # the transaction's saves are done (reading them now would compute
        # their probability in the middle of the save).
        not_won = self.filtered(lambda lead: not lead._is_won())
        result = super().write(vals)
        self._deals_saved(sellers | self.user_id, not_won)
        return result

    def _deals_saved(self, sellers, not_won):
        """Once the transaction's saves are done, tell the running challenges
        of ``sellers`` that deals were won, lost or handed over: their open
        TV boards list the latest wins, their wins feeds post those of
        ``not_won`` now won. One query when no board is open and no feed is
        set."""
        cr = self.env.cr
        pending = cr.precommit.data.get(DEALS_SAVED)
        if pending is None:
            pending = cr.precommit.data[DEALS_SAVED] = (set(), set())
            cr.precommit.add(self.sudo()._deals_saved_pending)
        pending[0].update(sellers.ids)
        pending[1].update(not_won.ids)

    def _deals_saved_pending(self):
        seller_ids, not_won_ids = self.env.cr.precommit.data.pop(DEALS_SAVED, ((), ()))
        if not seller_ids:
            return
        now = fields.Datetime.now()
        challenges = self.env["gamification.challenge"].search(
            [
                ("state", "=", "inprogress"),
                ("user_ids", "in", list(seller_ids)),
                "|",
                ("tv_watched_until", ">", now),
                "&",
                ("wins_channel_id", "!=", False),
                ("visibility_mode", "!=", "personal"),
            ]
        )
        challenges._tv_notify()
        if not_won_ids and challenges.wins_channel_id:
            challenges._feed_post_won(not_won_ids)

    def _is_won(self):
        """Whether the deal is won, as ``WON_DOMAIN`` says."""
        self.ensure_one()
        return self.type == "opportunity" and self.active and self.probability == 100
