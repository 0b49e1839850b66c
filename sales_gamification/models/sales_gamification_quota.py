# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Quotas: a salesperson's own target for a goal of a challenge, instead of
the line's target that everyone shares. Set by hand in the challenge's
*Quotas* tab, by Odoo's import (challenge, goal, salesperson, target), or
split from the sales team's monthly invoicing target."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine.quotas import split

# The definitions a team's invoicing target is split over: invoiced amounts.
INVOICING_MODELS = ("account.move", "account.move.line", "account.invoice.report")


class SalesGamificationQuota(models.Model):
    _name = "sales_gamification.quota"
    _inherit = ["sales_gamification.valid.values"]
    _description = "Quota"
    _order = "challenge_id, line_id, user_id"

    challenge_id = fields.Many2one(
        "gamification.challenge", required=True, index=True, ondelete="cascade"
    )
    definition_id = fields.Many2one(
        "gamification.goal.definition",
        "Goal",
        required=True,
        ondelete="cascade",
        help="One of the challenge's goals.",
    )
    line_id = fields.Many2one(
        "gamification.challenge.line",
        compute="_compute_line_id",
        store=True,
        index=True,
        ondelete="cascade",
    )
    user_id = fields.Many2one(
        "res.users",
        "Salesperson",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('share', '=', False)]",
    )
    target = fields.Float(
        required=True,
        help="This salesperson's target for the goal, in each period, instead "
        "of the goal's target.",
    )
    weight = fields.Float(
        default=1.0,
        help="This salesperson's share when the team's invoicing target is "
        "split by weight: a weight of 2 gets twice the target of a weight of 1.",
    )

    # What the screens offer: the challenge's goals and salespeople.
    allowed_definition_ids = fields.Many2many(
        "gamification.goal.definition", compute="_compute_allowed"
    )
    allowed_user_ids = fields.Many2many("res.users", compute="_compute_allowed")

    _sql_constraints = [
        (
            "one_per_goal_and_salesperson",
            "UNIQUE(challenge_id, definition_id, user_id)",
            "A salesperson has one quota per goal of a challenge.",
        ),
    ]

    @api.depends("challenge_id.line_ids.definition_id", "challenge_id.user_ids")
    def _compute_allowed(self):
        for quota in self:
            quota.allowed_definition_ids = quota.challenge_id.line_ids.definition_id
            quota.allowed_user_ids = quota.challenge_id.user_ids

    @api.depends("challenge_id.line_ids.definition_id", "definition_id")
    def _compute_line_id(self):
        for quota in self:
            lines = quota.challenge_id.line_ids.filtered(
                lambda line, quota=quota: line.definition_id == quota.definition_id
            )
            quota.line_id = lines.sorted(lambda line: (line.sequence, line.id))[:1]

    @api.constrains("line_id", "definition_id", "target", "weight")
    def _check_quota(self):
        for quota in self:
            if not quota.line_id:
                raise ValidationError(
                    self.env._(
                        "The challenge '%(challenge)s' has no goal '%(goal)s': a "
                        "quota is a target for one of its goals.",
                        challenge=quota.challenge_id.name,
                        goal=quota.definition_id.name,
                    )
                )
            quota.definition_id._check_target(quota.target)
            if quota.weight < 0:
                raise ValidationError(
                    self.env._("The weight of a quota cannot be negative.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        quotas = super().create(vals_list)
        quotas._apply_to_running_goals()
        return quotas

    def write(self, vals):
        before = self._keys()
        result = super().write(vals)
        self._apply_to_running_goals(before)
        return result

    def unlink(self):
        keys = self._keys()
        result = super().unlink()
        self.env["gamification.challenge.line"]._apply_quotas(keys)
        return result

    def _keys(self):
        """{(line id, user id)} of these quotas."""
        return {(quota.line_id.id, quota.user_id.id) for quota in self}

    def _apply_to_running_goals(self, before=frozenset()):
        """The running goals of these quotas' lines and salespeople (and of
        those they had, ``before``) take their target now; closed goals keep
        the target they closed with."""
        self.env["gamification.challenge.line"]._apply_quotas(
            self._keys() | set(before)
        )

    @api.model
    def _split_team_target(self, challenge, by_weight=False):
        """Quotas of the challenge's invoicing goals from its sales team's
        monthly invoicing target (``crm.team.invoiced_target``), split over
        the team's salespeople evenly, or by the weights of their quotas (1
        for a salesperson without one).

        :return: the quotas set
        """
        challenge.ensure_one()
        self.check_access("create")
        _ = self.env._
        team = challenge.team_id
        if not team:
            raise UserError(
                _("Pick the challenge's sales team first: its target is split.")
            )
        if challenge.period != "monthly":
            raise UserError(
                _(
                    "The team's invoicing target is monthly: split it for a "
                    "monthly challenge."
                )
            )
        if team.invoiced_target <= 0:
            raise UserError(
                _(
                    "The sales team '%s' has no invoicing target: set it on the "
                    "team first.",
                    team.name,
                )
            )
        lines = challenge.line_ids.filtered(
            lambda line: line.definition_id.model_id.model in INVOICING_MODELS
            and line.definition_id.computation_mode == "sum"
        )
        if not lines:
            raise UserError(
                _("The challenge has no invoicing goal to split the target over.")
            )
        people = challenge.user_ids.sorted("id")
        if not people:
            raise UserError(_("The challenge has no salespeople yet."))
        digits = challenge.env.company.currency_id.decimal_places
        quotas = self.browse()
        for line in lines:
            existing = {
                quota.user_id: quota
                for quota in challenge.quota_ids
                if quota.definition_id == line.definition_id
            }
            weights = [
                existing[user].weight if by_weight and user in existing else 1.0
                for user in people
            ]
            if sum(weights) <= 0:
                raise UserError(_("The weights of the salespeople add up to zero."))
            for user, target in zip(
                people, split(team.invoiced_target, weights, digits), strict=True
            ):
                quota = existing.get(user)
                if quota:
                    quota.target = target
                else:
                    quota = self.create(
                        {
                            "challenge_id": challenge.id,
                            "definition_id": line.definition_id.id,
                            "user_id": user.id,
                            "target": target,
                        }
                    )
                quotas |= quota
        return quotas
