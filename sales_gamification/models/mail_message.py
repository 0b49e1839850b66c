# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models

from .sales_gamification_kpi_source import NO_REFRESH

# The report the activity goals count: done activities of leads, which Odoo
# keeps as messages with their activity type.
ACTIVITY_REPORT = "crm.activity.report"


class MailMessage(models.Model):
    """An activity of a lead marked done moves the activity goals (Calls
    Logged, Meetings Held) of whoever marked it done, in the same
    transaction, as a saved lead moves its salesperson's goals; deleting
    its message moves them back."""

    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        keys = messages._kpi_activity_keys()
        if keys:
            self.env["sales_gamification.kpi.source"]._kpi_refresh(keys)
        return messages

    def unlink(self):
        # Who counted these activities is read before they are gone; their
        # goals are refreshed before the commit, without them.
        keys = self._kpi_activity_keys()
        result = super().unlink()
        if keys:
            self.env["sales_gamification.kpi.source"]._kpi_refresh(keys)
        return result

    def _kpi_activity_keys(self):
        """The owners of the goals that the done activities among these
        messages count in: {definition id: owners}, empty for none."""
        done = self.filtered(
            lambda message: message.model == "crm.lead"
            and message.mail_activity_type_id
        )
        if not done or self.env.context.get(NO_REFRESH):
            return {}
        sources = self.env["gamification.goal.definition"]._kpi_sources(ACTIVITY_REPORT)
        if not sources:
            return {}
        leads = self.env["crm.lead"].sudo().browse(set(done.mapped("res_id")))
        owners = {
            # Who marked the activity done, and the lead's salesperson.
            "author_id": set(done.author_id.ids),
            "user_id": set(leads.exists().user_id.ids),
        }
        return {
            definition_id: owners[field_name]
            for definition_id, _triggers, field_name in sources
            if field_name in owners
        }
