# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import Counter

from odoo import api, fields, models

from ..engine.kpi import rounded_percent
from ..engine.ranking import visible_ranks


class SalesGamificationLeaderboardLine(models.TransientModel):
    """One row of a salesperson's leaderboard, built when it is opened.

    The rows a salesperson may see depend on the challenge's leaderboard
    privacy and on their own rank, so they are computed for them, from the
    challenge's ``_period_ranking``.
    """

    _name = "sales_gamification.leaderboard.line"
    _description = "Leaderboard Line"
    _order = "challenge_id, sequence"

    challenge_id = fields.Many2one("gamification.challenge", readonly=True)
    sequence = fields.Integer(readonly=True)
    rank = fields.Integer(readonly=True, aggregator=False)
    name = fields.Char(readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    reached = fields.Integer("Goals Reached", readonly=True, aggregator=False)
    completeness = fields.Float("Completeness (%)", readonly=True, aggregator=False)
    lines_summary = fields.Char("Goals", readonly=True)
    rank_change = fields.Integer(
        readonly=True,
        aggregator=False,
        help="Places won (positive) or lost since the period before.",
    )
    rank_change_display = fields.Char("Change", readonly=True)
    streak = fields.Integer(
        readonly=True,
        aggregator=False,
        help="Closed periods in a row in which the salesperson reached every goal.",
    )
    is_me = fields.Boolean(readonly=True)
    is_mark = fields.Boolean(readonly=True)

    @api.model
    def _rows_for(self, challenge, user, everyone=False):
        """The leaderboard rows ``user`` may see for ``challenge`` (dicts):
        what its privacy allows them, or every row (``everyone``) for the
        sales manager who runs it."""
        # Rivals' goals of personal challenges are not readable by a
        # salesperson; the ranking needs them all, the rows show what the
        # privacy allows.
        challenge = challenge.sudo()
        start, end = challenge._current_period()
        if challenge.competing_team_ids:
            return self._team_rows(challenge, user, start, end)
        ranking = challenge._period_ranking(start, end)
        previous = challenge._previous_period(start)
        before = {
            row.user_id: row.rank
            for row, _user, _goals in (
                challenge._period_ranking(*previous) if previous else []
            )
        }
        by_user = {row.user_id: (u, goals) for row, u, goals in ranking}
        # Salespeople tied share a rank, and no change of it: who moved
        # ahead of whom is not said of equal results.
        shared = Counter(row.rank for row, _user, _goals in ranking)
        streaks = challenge._streaks(
            self.env["res.users"].concat(*(u for _row, u, _goals in ranking))
        )
        rows = []
        for row, mark in visible_ranks(
            [row for row, _user, _goals in ranking],
            user.id,
            "full" if everyone else challenge.leaderboard_privacy,
            challenge.leaderboard_top,
            personal=challenge.visibility_mode == "personal" and not everyone,
        ):
            values = {
                "rank": row.rank,
                "reached": row.reached,
                "completeness": row.completeness,
            }
            if mark:
                values.update(name=self.env._("Top %s%% mark", mark), is_mark=True)
            else:
                ranked_user, goals = by_user[row.user_id]
                values.update(
                    user_id=ranked_user.id,
                    name=ranked_user.name,
                    is_me=ranked_user == user,
                    streak=streaks[ranked_user.id],
                    **rank_change(
                        None if shared[row.rank] > 1 else before.get(row.user_id),
                        row.rank,
                    ),
                    lines_summary=" · ".join(
                        "%s %d%%"
                        % (goal.definition_id.name, rounded_percent(goal.completeness))
                        for goal in goals.sorted(lambda g: g.line_id.sequence)
                    ),
                )
            rows.append(values)
        return rows

    @api.model
    def _team_rows(self, challenge, user, start, end):
        """The rows of a challenge between sales teams: every team, the
        user's own in bold."""
        return [
            {
                "rank": row.rank.rank,
                "reached": row.rank.reached,
                "completeness": row.rank.completeness,
                "name": row.team.name,
                "is_me": user in row.team.member_ids,
                "lines_summary": " · ".join(
                    "%s %d%%"
                    % (
                        result.line.definition_id.name,
                        rounded_percent(result.completeness),
                    )
                    for result in row.lines
                ),
            }
            for row in challenge._period_team_ranking(start, end)
        ]

    @api.model
    def _running_challenges(self, user):
        """The running challenges of ``user``'s leaderboard: those they take
        part in, and, for a sales manager, those they run (as the
        challenge's responsible or its sales team's leader), with every
        row.

        :return: list of (challenge, everyone)
        """
        Challenge = self.env["gamification.challenge"]
        mine = Challenge.search(
            [("state", "=", "inprogress"), ("user_ids", "in", user.id)]
        )
        run = Challenge.browse()
        if user.has_group("sales_team.group_sale_manager"):
            run = Challenge.search(
                [
                    ("state", "=", "inprogress"),
                    "|",
                    ("manager_id", "=", user.id),
                    ("team_id.user_id", "=", user.id),
                ]
            )
        return [(challenge, challenge in run) for challenge in (mine | run).sorted()]

    @api.model
    def refresh_rows(self):
        """Build the current user's leaderboard rows afresh. The Leaderboard
        list calls it before each load (``static/src/leaderboard/``): the
        rows are the same from the menu, a reload or a shared link."""
        user = self.env.user
        self.search([("create_uid", "=", user.id)]).unlink()
        self.create(
            [
                dict(row, challenge_id=challenge.id, sequence=sequence)
                for challenge, everyone in self._running_challenges(user)
                for sequence, row in enumerate(
                    self._rows_for(challenge, user, everyone=everyone)
                )
            ]
        )
        return True


def rank_change(before, now):
    """The leaderboard's change of rank since the period before: places won
    (positive) or lost, and as shown (▲ 2, ▼ 1, =); nothing for a
    salesperson who was not ranked then."""
    if before is None:
        return {"rank_change": 0, "rank_change_display": ""}
    change = before - now
    shown = "▲ %d" % change if change > 0 else "▼ %d" % -change if change < 0 else "="
    return {"rank_change": change, "rank_change_display": shown}
