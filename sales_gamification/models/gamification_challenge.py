# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Challenges: sales team participants, leaderboard privacy, configuration
checks. Periods and rewards are in ``gamification_challenge_rewards.py``,
the TV board in ``gamification_challenge_tv.py``."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..engine.periods import current_period

REWARD_FIELDS = ("reward_id", "reward_first_id", "reward_second_id", "reward_third_id")
# Context key of the sales screens' challenge actions: new challenges get
# the sales defaults (see ``default_get``).
NEW_CHALLENGE = "sales_gamification_new_challenge"


class GamificationChallenge(models.Model):
    _name = "gamification.challenge"
    _inherit = ["gamification.challenge", "sales_gamification.valid.values"]
    # Sales challenges before Odoo's onboarding ones (Complete your Profile).
    _order = "is_sales desc, end_date, start_date, name, id"

    active = fields.Boolean(
        default=True, help="Archived challenges are hidden and no longer run."
    )
    team_id = fields.Many2one(
        "crm.team",
        "Sales Team",
        help="Challenge every member of this sales team; members who join or "
        "leave the team join or leave the challenge.",
    )
    is_sales = fields.Boolean(
        "Sales Challenge",
        compute="_compute_is_sales",
        store=True,
        help="Challenges a sales team, or has a goal on CRM, Sales or "
        "Invoicing records: listed first.",
    )
    quota_ids = fields.One2many(
        "sales_gamification.quota",
        "challenge_id",
        "Quotas",
        help="Targets of their own for some salespeople: each period's goals "
        "take them instead of the goal's target.",
    )
    leaderboard_privacy = fields.Selection(
        [
            ("full", "Full ranking"),
            ("top", "Top salespeople and me"),
            ("rivals", "My nearest rivals and the top 10/25/50% marks"),
        ],
        default="full",
        required=True,
        help="What a salesperson sees of the ranking in CRM > Leaderboard. "
        "Full public rankings tend to discourage the bottom half; showing "
        "the nearest rivals and benchmarks does not.",
    )
    leaderboard_top = fields.Integer(
        "Salespeople Shown", default=5, help="For 'Top salespeople and me'."
    )

    @api.depends("team_id", "line_ids.definition_id.is_sales")
    def _compute_is_sales(self):
        for challenge in self:
            challenge.is_sales = bool(
                challenge.team_id
                or any(challenge.line_ids.definition_id.mapped("is_sales"))
            )

    @api.model
    def default_get(self, fields_list):
        """A challenge created from the sales screens (``NEW_CHALLENGE`` in
        the context) starts as the sales manager's: their team's
        salespeople (nobody when they lead no team, never Odoo's default of
        every internal user), monthly from the first of this month. The
        period's best salesperson gets the badge even with a goal missed,
        at the period's end, as the article's monthly winner does."""
        result = super().default_get(fields_list)
        if not self.env.context.get(NEW_CHALLENGE):
            return result
        team = self.env["crm.team"].search([("user_id", "=", self.env.uid)], limit=1)
        defaults = {
            "team_id": team.id,
            "user_domain": False,
            "period": "monthly",
            "start_date": self.env.company._sales_today().replace(day=1),
            "reward_failure": True,
            "reward_realtime": False,
        }
        for name, value in defaults.items():
            if name in fields_list and "default_" + name not in self.env.context:
                result[name] = value
        return result

    @api.constrains("start_date", "end_date")
    def _check_period_dates(self):
        for challenge in self:
            if (
                challenge.start_date
                and challenge.end_date
                and challenge.end_date < challenge.start_date
            ):
                raise ValidationError(
                    self.env._(
                        "The challenge '%s' cannot end before it starts.",
                        challenge.name,
                    )
                )

    @api.constrains("manager_id", *REWARD_FIELDS)
    def _check_reward_badges(self):
        Badge = self.env["gamification.badge"]
        forbidden = (Badge.USER_NOT_VIP, Badge.BADGE_REQUIRED)
        for challenge in self:
            granter = challenge.manager_id or self.env.user
            for field in REWARD_FIELDS:
                badge = challenge[field]
                if badge and badge.with_user(granter)._can_grant_badge() in forbidden:
                    raise ValidationError(
                        self.env._(
                            "%(user)s may not grant the badge '%(badge)s': its "
                            "rules allow other users only.",
                            user=granter.name,
                            badge=badge.name,
                        )
                    )

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.team_id:
            self.user_domain = False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("team_id") or vals.get("competing_team_ids"):
                # The teams' members take part, not Odoo's default domain
                # (every internal user).
                vals["user_domain"] = False
        challenges = super().create(vals_list)
        challenges.filtered(
            lambda c: c.team_id or c.competing_team_ids
        )._recompute_challenge_users()
        return challenges

    def write(self, vals):
        if vals.get("team_id") or vals.get("competing_team_ids"):
            vals = dict(vals, user_domain=False)
        if vals.get("state") == "inprogress":
            for challenge in self:
                if not (challenge.line_ids or vals.get("line_ids")):
                    raise UserError(
                        self.env._(
                            "Add at least one goal to the challenge '%s' before "
                            "starting it.",
                            challenge.name,
                        )
                    )
        result = super().write(vals)
        if "team_id" in vals or "competing_team_ids" in vals:
            self._sync_team_members()
        return result

    def _sync_team_members(self):
        """Bring running challenges in line with their teams' members."""
        self._recompute_challenge_users()
        self.filtered(
            lambda c: c.state == "inprogress"
        )._generate_goals_from_challenge()

    def _recompute_challenge_users(self):
        """The salespeople of the sales team, and of the competing teams, take
        part in a team challenge (``crm.team._salespeople``); the users of the
        domain in the others."""
        by_teams = self.filtered(lambda c: c.team_id or c.competing_team_ids)
        for challenge in by_teams:
            members = (challenge.team_id | challenge.competing_team_ids)._salespeople()
            if challenge.user_ids != members:
                challenge.user_ids = members
        return super(
            GamificationChallenge, self - by_teams
        )._recompute_challenge_users()

    def action_split_team_target(self):
        """Quotas of the invoicing goals: the team's target, evenly."""
        self.env["sales_gamification.quota"]._split_team_target(self)

    def action_split_team_target_by_weight(self):
        """Quotas of the invoicing goals: the team's target, by weight."""
        self.env["sales_gamification.quota"]._split_team_target(self, by_weight=True)

    def accept_challenge(self):
        """Join the challenges the current user was invited to. Odoo's
        version joins any challenge, as the system."""
        self._check_invited()
        return super().accept_challenge()

    def discard_challenge(self):
        """Decline the invitation to these challenges."""
        self._check_invited()
        return super().discard_challenge()

    def _check_invited(self):
        """Raise AccessError unless the current user was invited to every one
        of these challenges, or runs challenges (sales manager,
        administrator)."""
        user = self.env.user
        if self._is_challenge_manager():
            return
        for challenge in self.sudo():
            if user not in challenge.invited_user_ids:
                raise AccessError(
                    self.env._(
                        "You were not invited to the challenge '%s'.", challenge.name
                    )
                )

    @api.model
    def _is_challenge_manager(self):
        """Whether the current user runs challenges and grants their badges:
        a sales manager, an administrator or the system."""
        user = self.env.user
        return (
            self.env.su
            or user.has_group("sales_team.group_sale_manager")
            or user.has_group("base.group_erp_manager")
        )

    def action_view_period_goals(self):
        """Every goal of the running period (the last one once the challenge
        is over), reached ones included."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "sales_gamification.gamification_goal_action_period"
        )
        action["domain"] = self._period_goals_domain(*self._shown_period())
        action["context"] = {"create": False}
        return action

    def _post_recognition(self, body):
        """Tell the challenge's channel ("Send a copy to") of a success.

        :param body: plain text, escaped, or Markup
        """
        for challenge in self.filtered("report_message_group_id"):
            challenge.report_message_group_id.message_post(
                body=body,
                author_id=challenge.manager_id.partner_id.id or None,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def _current_period(self, today=None):
        """(start, end) dates of the period running on ``today`` (the
        company's today by default)."""
        self.ensure_one()
        return current_period(
            self.period,
            today or self.env.company._sales_today(),
            self.start_date,
            self.end_date,
        )

    def _shown_period(self):
        """(start, end) of the period the screens show: the running one, the
        last one once the challenge is over."""
        self.ensure_one()
        today = None
        if self.state == "done" and self.rewarded_until:
            today = self.rewarded_until
        return self._current_period(today)

    def _previous_period(self, start):
        """(start, end) of the period before the one starting on ``start``;
        None for a challenge that does not recur."""
        self.ensure_one()
        if self.period == "once" or not start:
            return None
        return self._current_period(fields.Date.subtract(start, days=1))

    def _period_goals_domain(self, start, end):
        return [
            ("challenge_id", "in", self.ids),
            ("start_date", "=", start or False),
            ("end_date", "=", end or False),
        ]

    def _period_goals(self, start, end, users=None):
        """The goals of one period of these challenges, of ``users`` when
        given."""
        domain = self._period_goals_domain(start, end)
        if users is not None:
            domain.append(("user_id", "in", users.ids))
        return self.env["gamification.goal"].search(domain)
