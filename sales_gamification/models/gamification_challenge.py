# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
import secrets
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape
from odoo.tools.misc import formatLang

REWARD_FIELDS = ("reward_id", "reward_first_id", "reward_second_id", "reward_third_id")
# Latest won deals shown on the TV board.
TV_WINS = 8


def new_tv_token():
    return secrets.token_urlsafe(24)


def period_bounds(period, day):
    """First and last day (dates) of the calendar period containing ``day``.

    Weeks run from Monday to Sunday.
    """
    if period == "daily":
        return day, day
    if period == "weekly":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if period == "monthly":
        first = day.replace(day=1)
        return first, first + relativedelta(months=1, days=-1)
    if period == "yearly":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    raise ValueError(period)


class GamificationChallenge(models.Model):
    _inherit = "gamification.challenge"

    team_id = fields.Many2one(
        "crm.team",
        "Sales Team",
        help="Challenge every member of this sales team; members who join or "
        "leave the team join or leave the challenge.",
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
    tv_token = fields.Char(
        "TV Token",
        default=lambda self: new_tv_token(),
        copy=False,
        readonly=True,
        groups="sales_team.group_sale_manager",
        help="Secret part of the TV board's address: whoever has the address "
        "sees the board without logging in. Regenerate it to revoke the "
        "address.",
    )
    tv_url = fields.Char(
        "TV Board Address",
        compute="_compute_tv_url",
        groups="sales_team.group_sale_manager",
        help="Open it on the sales room's screen: the ranking, the progress "
        "and the latest wins update themselves within seconds.",
    )
    rewarded_until = fields.Date(
        readonly=True,
        copy=False,
        help="End of the last period whose goals were closed and whose badges "
        "were granted. Each period is rewarded exactly once.",
    )

    def _init_column(self, column_name):
        # Challenges that exist when the addon is installed each get their
        # own token, not one default shared by all.
        if column_name != "tv_token":
            return super()._init_column(column_name)
        self.env.cr.execute(
            "SELECT id FROM gamification_challenge WHERE tv_token IS NULL"
        )
        for (challenge_id,) in self.env.cr.fetchall():
            self.env.cr.execute(
                "UPDATE gamification_challenge SET tv_token = %s WHERE id = %s",
                (new_tv_token(), challenge_id),
            )

    def _check_tv_token_use(self, names):
        """Odoo 11 lets any user search, group and sort on a field of
        restricted ``groups``: the token could be guessed by searching. Only
        sales managers may use it."""
        # "tv_token", "tv_token desc", "tv_token:count", "tv_token.x"
        used = {re.split(r"[\s.:]", (name or "").strip())[0] for name in names}
        if "tv_token" in used:
            if self.env.uid != SUPERUSER_ID and not self.env.user.has_group(
                "sales_team.group_sale_manager"
            ):
                raise AccessError(_("Only sales managers may use the TV token."))

    @api.model
    def _where_calc(self, domain, active_test=True):
        self._check_tv_token_use(
            leaf[0]
            for leaf in domain or []
            if isinstance(leaf, (list, tuple)) and isinstance(leaf[0], str)
        )
        return super()._where_calc(domain, active_test=active_test)

    @api.model
    def _search(
        self,
        args,
        offset=0,
        limit=None,
        order=None,
        count=False,
        access_rights_uid=None,
    ):
        self._check_tv_token_use((order or "").split(","))
        return super()._search(
            args,
            offset=offset,
            limit=limit,
            order=order,
            count=count,
            access_rights_uid=access_rights_uid,
        )

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        self._check_tv_token_use(
            groupby + (orderby or "").split(",") + list(fields or [])
        )
        return super().read_group(
            domain,
            fields,
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )

    @api.depends("tv_token")
    def _compute_tv_url(self):
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        for challenge in self:
            if challenge.id and challenge.tv_token:
                challenge.tv_url = "%s/sales_gamification/tv/%d?token=%s" % (
                    base_url,
                    challenge.id,
                    challenge.tv_token,
                )
            else:
                challenge.tv_url = False

    @api.constrains("start_date", "end_date")
    def _check_period_dates(self):
        for challenge in self:
            if (
                challenge.start_date
                and challenge.end_date
                and challenge.end_date < challenge.start_date
            ):
                raise ValidationError(
                    _("The challenge '%s' cannot end before it starts.")
                    % challenge.name
                )

    @api.constrains("line_ids")
    def _check_line_targets(self):
        for line in self.mapped("line_ids"):
            if line.condition == "higher" and line.target_goal <= 0:
                raise ValidationError(
                    _("The target of '%s' must be positive: higher is better.")
                    % line.definition_id.name
                )

    @api.constrains("manager_id", *REWARD_FIELDS)
    def _check_reward_badges(self):
        Badge = self.env["gamification.badge"]
        forbidden = (Badge.USER_NOT_VIP, Badge.BADGE_REQUIRED)
        for challenge in self:
            granter = challenge.manager_id or self.env.user
            for field in REWARD_FIELDS:
                badge = challenge[field]
                if badge and badge.sudo(granter)._can_grant_badge() in forbidden:
                    raise ValidationError(
                        _(
                            "%s may not grant the badge '%s': its rules allow "
                            "other users only."
                        )
                        % (granter.name, badge.name)
                    )

    @api.model
    def create(self, vals):
        challenge = super().create(vals)
        if challenge.team_id:
            challenge._recompute_challenge_users()
        return challenge

    @api.multi
    def write(self, vals):
        if vals.get("state") == "inprogress":
            for challenge in self:
                if not (challenge.line_ids or vals.get("line_ids")):
                    raise UserError(
                        _(
                            "Add at least one goal to the challenge '%s' before "
                            "starting it."
                        )
                        % challenge.name
                    )
        result = super().write(vals)
        if "team_id" in vals:
            self._sync_team_members()
        return result

    @api.multi
    def action_open_tv_board(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": "/sales_gamification/tv/%d?token=%s" % (self.id, self.tv_token),
            "target": "new",
        }

    @api.multi
    def action_regenerate_tv_token(self):
        for challenge in self:
            challenge.tv_token = new_tv_token()
        return True

    def _sync_team_members(self):
        """Bring running challenges in line with their teams' members."""
        self._recompute_challenge_users()
        self.filtered(
            lambda c: c.state == "inprogress"
        )._generate_goals_from_challenge()

    def _recompute_challenge_users(self):
        """The members of the sales team, if any, take part; then the domain."""
        for challenge in self.filtered("team_id"):
            members = challenge.team_id.member_ids
            if challenge.user_domain:
                members |= self._get_challenger_users(challenge.user_domain)
            if challenge.user_ids != members:
                challenge.user_ids = members
        return super(
            GamificationChallenge, self.filtered(lambda c: not c.team_id)
        )._recompute_challenge_users()

    def _update_all(self):
        """Odoo's daily update, without its filter on the users who logged in
        since the last update: every running goal is computed, whether its
        salesperson opened Odoo or not (the engine costs the same)."""
        if not self:
            return True
        Goal = self.env["gamification.goal"]
        yesterday = fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)) - timedelta(days=1)
        )
        Goal.search(
            [
                ("challenge_id", "in", self.ids),
                ("closed", "=", False),
                "|",
                ("state", "=", "inprogress"),
                "&",
                ("state", "=", "reached"),
                "|",
                ("end_date", ">=", yesterday),
                ("end_date", "=", False),
            ]
        ).update_goal()
        self._recompute_challenge_users()
        self._generate_goals_from_challenge()
        today = fields.Date.today()
        for challenge in self.filtered(lambda c: c.last_report_date != today):
            # As Odoo's: goals closed but still open at the last report date.
            closed_goals_to_report = Goal.search(
                [
                    ("challenge_id", "=", challenge.id),
                    ("start_date", ">=", challenge.last_report_date),
                    ("end_date", "<=", challenge.last_report_date),
                ]
            )
            if challenge.next_report_date and today >= challenge.next_report_date:
                challenge.report_progress()
            elif closed_goals_to_report:
                challenge.report_progress(subset_goals=closed_goals_to_report)
        self._check_challenge_reward()
        return True

    def _post_recognition(self, body):
        """Tell the challenge's channel ("Send a copy to") of a success.

        :param body: HTML; names in it must be escaped
        """
        for challenge in self.filtered("report_message_group_id"):
            challenge.report_message_group_id.message_post(
                body=body,
                author_id=challenge.manager_id.partner_id.id or None,
                message_type="comment",
                subtype="mail.mt_comment",
            )

    # Periods

    def _current_period(self, today):
        """(start, end) strings of the period running on ``today`` (a date)."""
        self.ensure_one()
        if self.period == "once":
            return self.start_date, self.end_date
        start, end = period_bounds(self.period, today)
        return fields.Date.to_string(start), fields.Date.to_string(end)

    def _ended_periods(self, today, force=False):
        """The periods to close and reward, oldest first: every period that
        ended before ``today`` since the challenge started (or since the last
        rewarded one), and the running one too when ``force``d (a challenge
        closed by hand)."""
        self.ensure_one()
        rewarded = self.rewarded_until and fields.Date.from_string(self.rewarded_until)
        end_limit = self.end_date and fields.Date.from_string(self.end_date)
        if self.period == "once":
            if not self.end_date:
                # Without an end date, only closing the challenge ends it.
                return [(self.start_date, self.end_date)] if force else []
            if rewarded and rewarded >= end_limit:
                return []
            if end_limit < today or force:
                return [(self.start_date, self.end_date)]
            return []
        first_day = fields.Date.from_string(
            self.start_date
            or fields.Date.to_string(fields.Datetime.from_string(self.create_date))
        )
        periods = []
        start, end = period_bounds(self.period, first_day)
        while start <= today and not (end_limit and start > end_limit):
            ended = end < today
            if (ended or force) and not (rewarded and end <= rewarded):
                periods.append(
                    (fields.Date.to_string(start), fields.Date.to_string(end))
                )
            start, end = period_bounds(self.period, end + timedelta(days=1))
        return periods

    def _generate_period_goals(self, start, end):
        """The goals of the period, created for the participants who lack one."""
        self.ensure_one()
        Goal = self.env["gamification.goal"]
        goals = Goal.search(
            [
                ("challenge_id", "=", self.id),
                ("start_date", "=", start),
                ("end_date", "=", end),
            ]
        )
        existing = {(goal.line_id.id, goal.user_id.id) for goal in goals}
        for line in self.line_ids:
            for user in self.user_ids:
                if (line.id, user.id) in existing:
                    continue
                goals |= Goal.create(
                    {
                        "definition_id": line.definition_id.id,
                        "line_id": line.id,
                        "user_id": user.id,
                        "target_goal": line.target_goal,
                        "start_date": start,
                        "end_date": end,
                        "state": "inprogress",
                        "remind_update_delay": self.remind_update_delay,
                    }
                )
        return goals

    def _generate_goals_from_challenge(self):
        """Goals of the running period for every participant; goals of former
        participants in progress are removed. Unlike Odoo's, weeks last seven
        days and new goals start from their real value."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        Goal = self.env["gamification.goal"]
        for challenge in self:
            start, end = challenge._current_period(today)
            Goal.search(
                [
                    ("challenge_id", "=", challenge.id),
                    ("user_id", "not in", challenge.user_ids.ids),
                    ("state", "=", "inprogress"),
                ]
            ).unlink()
            before = Goal.search([("challenge_id", "=", challenge.id)])
            goals = challenge._generate_period_goals(start, end)
            (goals - before).update_goal()
        return True

    # Ranking and rewards

    @api.model
    def _rank_goals(self, goals):
        """Rank the users of ``goals`` (one period of one challenge).

        Order: most goals reached, then highest average completeness (each
        goal counts for at most 100%), then, as a last resort, the user who
        was registered first (lowest id): a deterministic order.

        :return: list of dicts ``{'user', 'reached', 'completeness', 'goals'}``,
            best first
        """
        by_user = defaultdict(lambda: self.env["gamification.goal"])
        for goal in goals:
            by_user[goal.user_id] |= goal
        ranking = [
            {
                "user": user,
                "goals": user_goals,
                "reached": len(user_goals.filtered(lambda g: g.state == "reached")),
                "completeness": round(
                    sum(min(g.completeness, 100.0) for g in user_goals)
                    / len(user_goals),
                    2,
                ),
            }
            for user, user_goals in by_user.items()
        ]
        ranking.sort(
            key=lambda row: (-row["reached"], -row["completeness"], row["user"].id)
        )
        return ranking

    def _check_challenge_reward(self, force=False):
        """Close and reward every period that ended, exactly once each.

        Odoo's version only rewards a period whose end date is yesterday,
        which a recurring challenge's running period never is.
        """
        today = fields.Date.from_string(fields.Date.context_today(self))
        self._close_ended_periods(today, force=force)
        return True

    def _close_ended_periods(self, today, force=False):
        """Close and reward the periods ended before ``today`` (a date)."""
        for challenge in self:
            for start, end in challenge._ended_periods(today, force=force):
                challenge._close_period(start, end)
                if self.env.context.get("commit_gamification"):
                    self.env.cr.commit()

    def _close_period(self, start, end):
        """Compute and close the goals of a period, grant its badges."""
        self.ensure_one()
        goals = self._generate_period_goals(start, end)
        goals.update_goal()
        goals.filtered(lambda g: g.state in ("draft", "inprogress")).write(
            {"state": "failed", "closed": True}
        )
        goals.filtered(lambda g: not g.closed).write({"closed": True})
        ranking = self._rank_goals(goals)
        winners = [row for row in ranking if row["reached"] == len(self.line_ids)]
        granted = []
        if self.reward_id:
            for row in winners:
                if self.reward_realtime and self.env[
                    "gamification.badge.user"
                ].search_count(
                    [
                        ("challenge_id", "=", self.id),
                        ("badge_id", "=", self.reward_id.id),
                        ("user_id", "=", row["user"].id),
                    ]
                ):
                    continue
                granted.append(
                    self._reward_period_user(row["user"], self.reward_id, start, end)
                )
        podium = ranking if self.reward_failure else winners
        for row, field in zip(podium, REWARD_FIELDS[1:]):
            if self[field]:
                granted.append(
                    self._reward_period_user(row["user"], self[field], start, end)
                )
        self.rewarded_until = end
        body = _("The period from %s to %s is over.") % (start, end)
        for badge_user in granted:
            body += "<br/>" + _("%s receives the badge %s.") % (
                html_escape(badge_user.user_id.name),
                html_escape(badge_user.badge_id.name),
            )
        if not granted:
            body += "<br/>" + _("No badge is granted for this period.")
        self.message_post(body=body)
        return granted

    def _reward_reached_goals(self, goals):
        """Grant the reward badge at once to the users of ``goals`` (just
        reached) who now reach every goal of their period, in the challenges
        that reward "as soon as every goal is reached": once per challenge
        and user, as Odoo's option says."""
        Goal = self.env["gamification.goal"]
        BadgeUser = self.env["gamification.badge.user"]
        for challenge in self.filtered(
            lambda c: c.reward_realtime and c.reward_id and c.state == "inprogress"
        ):
            for goal in goals.filtered(lambda g: g.challenge_id == challenge):
                period_goals = Goal.search(
                    [
                        ("challenge_id", "=", challenge.id),
                        ("user_id", "=", goal.user_id.id),
                        ("start_date", "=", goal.start_date),
                        ("end_date", "=", goal.end_date),
                    ]
                )
                if len(period_goals) < len(challenge.line_ids) or any(
                    g.state != "reached" for g in period_goals
                ):
                    continue
                if BadgeUser.search_count(
                    [
                        ("challenge_id", "=", challenge.id),
                        ("badge_id", "=", challenge.reward_id.id),
                        ("user_id", "=", goal.user_id.id),
                    ]
                ):
                    continue
                challenge._reward_period_user(
                    goal.user_id, challenge.reward_id, goal.start_date, goal.end_date
                )

    def _reward_period_user(self, user, badge, start, end):
        # The challenge grants, not whoever runs it: badges reserved to
        # challenges ("nobody" may grant them) must go through.
        badge_user = (
            self.env["gamification.badge.user"]
            .sudo()
            .create(
                {
                    "user_id": user.id,
                    "badge_id": badge.id,
                    "challenge_id": self.id,
                    "period_start": start,
                    "period_end": end,
                }
            )
        )
        badge_user._send_badge()
        return badge_user

    # TV board

    def _tv_board_data(self):
        """What the TV board shows: the ranking of the running period (the
        last one once the challenge is over), each goal's progress, and the
        latest won deals of the participants in that period.

        A TV hangs in the sales room: with a private leaderboard, it shows
        only the top salespeople (``leaderboard_top``).
        """
        self.ensure_one()
        today = fields.Date.from_string(fields.Date.context_today(self))
        if self.state == "done" and self.rewarded_until:
            today = fields.Date.from_string(self.rewarded_until)
        start, end = self._current_period(today)
        goals = self.env["gamification.goal"].search(
            [
                ("challenge_id", "=", self.id),
                ("start_date", "=", start),
                ("end_date", "=", end),
            ]
        )
        ranking = self._rank_goals(goals)
        if self.leaderboard_privacy != "full":
            ranking = ranking[: self.leaderboard_top]
        lines = self.line_ids.sorted(lambda line: (line.sequence, line.id))
        rows = []
        for position, row in enumerate(ranking, 1):
            by_line = {goal.line_id: goal for goal in row["goals"]}
            progress = []
            for line in lines:
                goal = by_line.get(line)
                if not goal:
                    progress.append(None)
                    continue
                current, target = goal._progress_display()
                progress.append(
                    {
                        "current": current,
                        "target": target,
                        "completeness": min(goal.completeness, 100.0),
                        "reached": goal.state == "reached",
                    }
                )
            rows.append(
                {
                    "rank": position,
                    "user_id": row["user"].id,
                    "name": row["user"].name,
                    "reached": row["reached"],
                    "completeness": row["completeness"],
                    "goals": progress,
                }
            )
        return {
            "challenge": self.name,
            "start": start or "",
            "end": end or "",
            "lines": [
                {
                    "name": line.definition_id.name,
                    "suffix": line.definition_id.full_suffix or "",
                }
                for line in lines
            ],
            "rows": rows,
            "wins": self._tv_latest_wins(start, end),
        }

    def _tv_latest_wins(self, start, end):
        """The participants' latest won deals of the period, newest first."""
        self.ensure_one()
        domain = [
            ("type", "=", "opportunity"),
            ("probability", "=", 100),
            ("user_id", "in", self.user_ids.ids),
        ]
        if start:
            domain.append(("date_closed", ">=", start + " 00:00:00"))
        if end:
            day_after = fields.Date.from_string(end) + timedelta(days=1)
            domain.append(
                ("date_closed", "<", fields.Date.to_string(day_after) + " 00:00:00")
            )
        leads = self.env["crm.lead"].search(
            domain, order="date_closed desc, id desc", limit=TV_WINS
        )
        currency = self.env.user.company_id.currency_id
        return [
            {
                "id": lead.id,
                "user": lead.user_id.name,
                "name": lead.name,
                "amount": formatLang(
                    self.env,
                    lead.planned_revenue,
                    currency_obj=lead.company_currency or currency,
                ),
                "date": lead.date_closed,
            }
            for lead in leads
        ]
