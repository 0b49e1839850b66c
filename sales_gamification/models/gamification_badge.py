# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError

# What _can_grant_badge answers when a salesperson may not send a badge
# because it is not one of the badges salespeople send (beside Odoo's own
# answers, 1 to 5).
NOT_SALES_GRANTABLE = 100
# ... and when a badge that sales managers grant is sent by someone else.
SALES_MANAGERS_ONLY = 101


class GamificationBadge(models.Model):
    _name = "gamification.badge"
    _inherit = ["gamification.badge", "sales_gamification.valid.values"]

    rule_auth = fields.Selection(
        selection_add=[("sales_managers", "Sales managers, and challenges")],
        # Uninstalled, challenges alone grant them, as Odoo's "No one" says.
        ondelete={
            "sales_managers": lambda badges: badges.write({"rule_auth": "nobody"})
        },
    )
    sales_grantable = fields.Boolean(
        "Sent by Salespeople",
        help="Salespeople may send this badge to a colleague (CRM > Badges). "
        "They send no other badge; sales managers and administrators send "
        "any badge its own rules allow.",
    )

    # What the user may still send depends on who the user is.
    @api.depends(
        "rule_auth",
        "rule_auth_user_ids",
        "rule_auth_badge_ids",
        "rule_max",
        "rule_max_number",
        "stat_my_monthly_sending",
        "sales_grantable",
    )
    @api.depends_context("uid")
    def _remaining_sending_calc(self):
        return super()._remaining_sending_calc()

    def _can_grant_badge(self):
        if (
            self.rule_auth == "sales_managers"
            and not self.env.is_admin()
            and not self.env.user.has_group("sales_team.group_sale_manager")
        ):
            return SALES_MANAGERS_ONLY
        status = super()._can_grant_badge()
        if (
            status == self.CAN_GRANT
            and not self.sales_grantable
            and self.env.user.has_group("sales_team.group_sale_salesman")
            and not self.env["gamification.challenge"]._is_challenge_manager()
        ):
            return NOT_SALES_GRANTABLE
        return status

    def check_granting(self):
        if self._can_grant_badge() == SALES_MANAGERS_ONLY:
            raise UserError(
                self.env._("Sales managers grant %s, as its challenges do.", self.name)
            )
        if self._can_grant_badge() == NOT_SALES_GRANTABLE:
            raise UserError(
                self.env._(
                    "Salespeople send only the badges meant for colleagues, "
                    "such as Thank You; ask a sales manager for %s.",
                    self.name,
                )
            )
        return super().check_granting()
