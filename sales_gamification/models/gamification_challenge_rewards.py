# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Challenge periods: the daily update, goals of each period, the ranking,
and the badges of every period that ends, granted exactly once."""

import logging
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..engine.periods import ended_periods
from ..engine.ranking import rank, surplus
from .gamification_challenge import REWARD_FIELDS

_logger = logging.getLogger(__name__)

# Context key of the daily update: a progress report that fails is logged,
# and the update goes on to close the periods.
GUARDED_REPORTS = "sales_gamification_guarded_reports"


class GamificationChallenge(models.Model):
    _inherit = "gamification.challenge"

    rewarded_until = fields.Date(
        readonly=True,
        copy=False,
        help="End of the last period whose goals were closed and whose badges "
        "were granted. Each period is rewarded exactly once.",
    )
    karma_winner = fields.Integer(
        "Karma for a Period Won",
        help="Karma each salesperson who reached every goal of a period earns "
        "when the period closes, on top of the karma of each goal.",
    )

    @api.constrains("karma_winner")
    def _check_karma_winner(self):
        if any(challenge.karma_winner < 0 for challenge in self):
            raise ValidationError(self.env._("Karma cannot be negative."))

    def _update_all(self):
        """Odoo's daily update, which computes only the goals of the users
        present in the web client since the last update, and before it the
        sales goals of every participant: their records change whether the
        salesperson opened Odoo or not (an invoice posted by the accountant),
        and the engine computes them all with the same queries."""
        if self:
            today = self.env.company._sales_today()
            self.env["gamification.goal"].search(
                [
                    ("challenge_id", "in", self.ids),
                    ("definition_id", "in", self._kpi_source_definitions().ids),
                    ("closed", "=", False),
                    "|",
                    ("state", "=", "inprogress"),
                    "&",
                    ("state", "=", "reached"),
                    "|",
                    ("end_date", ">=", fields.Date.subtract(today, days=1)),
                    ("end_date", "=", False),
                ]
            ).update_goal()
        # Odoo sends the progress reports before it closes the periods.
        return super(
            GamificationChallenge, self.with_context(**{GUARDED_REPORTS: True})
        )._update_all()

    def report_progress(self, users=(), subset_goals=False):
        """Odoo's progress report; in the daily update, a report that fails
        (a template that cannot render) is undone and logged, and the
        update closes the periods and grants the badges all the same."""
        if not self._is_challenge_manager():
            raise AccessError(
                self.env._("Only sales managers send the progress of a challenge.")
            )
        if not self.env.context.get(GUARDED_REPORTS):
            return super().report_progress(users=users, subset_goals=subset_goals)
        try:
            with self.env.cr.savepoint():
                return super().report_progress(users=users, subset_goals=subset_goals)
        except Exception:
            _logger.exception(
                "The progress report of the challenge %s failed; it is sent "
                "again at the next update.",
                self.id,
            )
            return False

    def _kpi_source_definitions(self):
        """The definitions on the models whose saved records move goals
        (CRM, Sales, Invoicing)."""
        models = list(self.env["sales_gamification.kpi.source"]._inherit_children)
        # Which definitions are on those models, whoever runs the update.
        return (
            self.env["gamification.goal.definition"]
            .sudo()
            .search([("model_id.model", "in", models)])
        )

    def _generate_goals_from_challenge(self):
        """Goals of the running period for every participant; goals of former
        participants in progress are removed. Unlike Odoo's, weeks last seven
        days and new goals start from their real value."""
        Goal = self.env["gamification.goal"]
        for challenge in self:
            start, end = challenge._current_period()
            Goal.search(
                [
                    ("challenge_id", "=", challenge.id),
                    ("user_id", "not in", challenge.user_ids.ids),
                    ("state", "=", "inprogress"),
                ]
            ).unlink()
            before = challenge._period_goals(start, end)
            goals = challenge._generate_period_goals(start, end)
            (goals - before).update_goal()
        return True

    def _generate_running_goals(self):
        """A goal added to a running challenge (a new line, or a line that
        counts another definition) is every participant's at once, with its
        real value, not at the next Refresh or daily job."""
        running = self.filtered(lambda c: c.state == "inprogress")
        running._generate_goals_from_challenge()

    def _generate_period_goals(self, start, end):
        """The goals of the period, created for the participants who lack one."""
        self.ensure_one()
        goals = self._period_goals(start, end)
        existing = {(goal.line_id.id, goal.user_id.id) for goal in goals}
        # A salesperson's quota, or the line's target.
        quotas = self.line_ids._quota_targets()
        vals_list = [
            {
                "definition_id": line.definition_id.id,
                "line_id": line.id,
                # The line's challenge, stored with the goal, not in another
                # UPDATE after.
                "challenge_id": self.id,
                "user_id": user.id,
                "target_goal": quotas.get((line.id, user.id), line.target_goal),
                "start_date": start,
                "end_date": end,
                "state": "inprogress",
                "remind_update_delay": self.remind_update_delay,
            }
            for line in self.line_ids
            for user in self.user_ids
            if (line.id, user.id) not in existing
        ]
        return goals | self.env["gamification.goal"].create(vals_list)

    def _period_ranking(self, start, end):
        """The ranking of one period of the challenge: rewards, leaderboards
        and the TV board all rank with it (see ``engine.ranking.rank``).

        :return: list of (``engine.ranking.Rank``, user, goals), best first
        """
        self.ensure_one()
        goals = self._period_goals(start, end)
        ranking = rank(
            (
                goal.id,
                goal.user_id.id,
                goal.state == "reached",
                goal.completeness,
                surplus(
                    # The related field would be computed goal by goal.
                    goal.definition_id.condition,
                    goal.target_goal,
                    goal.current,
                    goal.completeness,
                ),
                goal.reached_date if goal.state == "reached" else None,
            )
            for goal in goals
        )
        users = self.env["res.users"].browse(row.user_id for row in ranking)
        # Each row's goals prefetch the whole period's: what the screens
        # compute of one goal (its pace) is computed for all at once.
        return [
            (row, user, goals.browse(row.goal_ids).with_prefetch(goals._prefetch_ids))
            for row, user in zip(ranking, users, strict=False)
        ]

    def _check_challenge_reward(self, force=False):
        """Close and reward every period that ended, exactly once each.

        Odoo's version only rewards a period whose end date is yesterday,
        which a recurring challenge's running period never is. A period the
        cron missed is closed at its next run.
        """
        today = self.env.company._sales_today()
        for challenge in self:
            first_day = challenge.start_date or challenge.create_date.date()
            periods = ended_periods(
                challenge.period,
                first_day,
                challenge.end_date or None,
                challenge.rewarded_until or None,
                today,
                force=force,
            )
            for start, end in periods:
                try:
                    # A close commits once it is whole, never within: the
                    # savepoint undoes all of a close that fails.
                    with self.env.cr.savepoint():
                        challenge.with_context(commit_gamification=False)._close_period(
                            start, end
                        )
                except Exception:
                    # One challenge broken in the database (by hand, or by
                    # a module removed since) must not keep the others'
                    # periods open: it is tried again at the next update.
                    _logger.exception(
                        "The period %s – %s of the challenge %s could not be closed.",
                        start,
                        end,
                        challenge.id,
                    )
                    break
                if self.env.context.get("commit_gamification"):
                    # One period closed, as Odoo's cron commits a challenge.
                    self.env.cr.commit()  # pylint: disable=invalid-commit
        return True

    def _close_period(self, start, end):
        """Compute and close the goals of a period, grant its badges."""
        self.ensure_one()
        goals = self._generate_period_goals(start, end)
        goals.update_goal()
        # Closed, and failed if not reached.
        goals._write_in_one_query(
            SQL(
                """closed = TRUE,
                   state = CASE WHEN state IN ('draft', 'inprogress') THEN 'failed'
                           ELSE state END,
                   reached_date = CASE WHEN state IN ('draft', 'inprogress') THEN NULL
                                  ELSE reached_date END"""
            ),
            ["closed", "state", "reached_date"],
        )
        ranking = self._period_ranking(start, end)
        # Everyone who reached every goal: their streaks go on.
        achievers = [
            user for row, user, _goals in ranking if row.reached == len(self.line_ids)
        ]
        winners = achievers
        # The 1st, 2nd and 3rd badges go by rank: salespeople tied share
        # the badge of their rank (1, 1, 3: two 1st badges and a 3rd).
        podium = [
            (row.rank, user)
            for row, user, _goals in ranking
            if self.reward_failure or user in achievers
        ]
        if self.competing_team_ids:
            # Between teams: the members of the team ranked first win, and
            # salespeople have no podium of their own.
            winners, podium = list(self._winning_team_members(start, end)), []
        # Every badge of the close is granted at once, then karma: the
        # queries do not grow with the badges, beyond their mails.
        awards = []
        if self.reward_id:
            rewarded = (
                self._rewarded_users(self.reward_id, winners)
                if self.reward_realtime
                else set()
            )
            awards += [
                (user, self.reward_id) for user in winners if user.id not in rewarded
            ]
        for place, user in podium:
            field = REWARD_FIELDS[place] if place < len(REWARD_FIELDS) else None
            if field and self[field]:
                awards.append((user, self[field]))
        awards += self._streak_awards(self.env["res.users"].concat(*achievers))
        granted = self._reward_period_users(awards, start, end)
        if self.karma_winner > 0:
            self._grant_karma(
                [
                    (
                        self,
                        user,
                        self.karma_winner,
                        self.with_context(lang=user.lang).env._(
                            "Period won: %(start)s – %(end)s", start=start, end=end
                        ),
                    )
                    for user in winners
                ]
            )
        self.rewarded_until = end
        lines = [
            self.env._(
                "The period from %(start)s to %(end)s is over.", start=start, end=end
            )
        ]
        lines += [
            self.env._(
                "%(user)s receives the badge %(badge)s.",
                user=badge_user.user_id.name,
                badge=badge_user.badge_id.name,
            )
            for badge_user in granted
        ] or [self.env._("No badge is granted for this period.")]
        self.message_post(body=Markup("<br/>").join(lines))
        return granted

    @api.model
    def _grant_karma(self, gains):
        """Give each (challenge, user, karma, reason) of ``gains`` through
        Odoo's karma tracking, the challenge as its source: Odoo's ranks and
        rank-up messages follow. A user who earns several at once gets them
        in turn: as many batches as the most gains of one user."""
        turns = defaultdict(int)
        rounds = defaultdict(dict)
        for challenge, user, karma, reason in gains:
            if karma > 0:
                # The challenge grants, not whoever saved the record.
                rounds[turns[user.id]][user.sudo()] = {
                    "gain": karma,
                    "source": challenge.sudo(),
                    "reason": reason,
                }
                turns[user.id] += 1
        for turn in sorted(rounds):
            self.env["res.users"].sudo()._add_karma_batch(rounds[turn])

    def _rewarded_users(self, badge, users):
        """The ids of those of ``users`` the challenge already granted
        ``badge``, in one query."""
        self.ensure_one()
        users = self.env["res.users"].concat(*users)
        if not users:
            return set()
        return set(
            self.env["gamification.badge.user"]
            .search(
                [
                    ("challenge_id", "=", self.id),
                    ("badge_id", "=", badge.id),
                    ("user_id", "in", users.ids),
                ]
            )
            .user_id.ids
        )

    def _reward_reached_goals(self, goals):
        """Grant the reward badge at once to the users of ``goals`` (just
        reached) who now reach every goal of their period, in the challenges
        that reward "as soon as every goal is reached": once per challenge
        and user, as Odoo's option says. One query per challenge and period
        reads the goals, one the badges already granted."""
        # Between teams, the badge is the winning team's, at the period's end.
        for challenge in self.filtered(
            lambda c: c.reward_realtime
            and c.reward_id
            and c.state == "inprogress"
            and not c.competing_team_ids
        ):
            periods = defaultdict(lambda: self.env["res.users"])
            for goal in goals.filtered_domain([("challenge_id", "=", challenge.id)]):
                periods[(goal.start_date, goal.end_date)] |= goal.user_id
            for (start, end), users in periods.items():
                states = defaultdict(list)
                for goal in challenge._period_goals(start, end, users):
                    states[goal.user_id.id].append(goal.state)
                rewarded = challenge._rewarded_users(challenge.reward_id, users)
                challenge._reward_period_users(
                    [
                        (user, challenge.reward_id)
                        for user in users
                        if len(states[user.id]) >= len(challenge.line_ids)
                        and all(state == "reached" for state in states[user.id])
                        and user.id not in rewarded
                    ],
                    start,
                    end,
                )

    def _reward_period_users(self, awards, start, end):
        """Grant each (user, badge) of ``awards`` for the period, all in one
        batch: one mail or inbox notification per badge, the rest for all.

        :return: the grants (gamification.badge.user)
        """
        self.ensure_one()
        # The challenge grants, not whoever runs it: badges reserved to
        # challenges ("nobody" may grant them) must go through.
        grants = (
            self.env["gamification.badge.user"]
            .sudo()
            .create(
                [
                    {
                        "user_id": user.id,
                        "badge_id": badge.id,
                        "challenge_id": self.id,
                        "period_start": start,
                        "period_end": end,
                    }
                    for user, badge in awards
                ]
            )
        )
        grants._send_badge()
        return grants
