# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import _, api, fields, models

PERCENTILE_MARKS = (10, 25, 50)


class SalesGamificationLeaderboardLine(models.TransientModel):
    """One row of a salesperson's leaderboard, built when it is opened.

    The rows a salesperson may see depend on the challenge's leaderboard
    privacy and on their own rank, so they are computed for them, from the
    ranking of ``gamification.challenge._rank_goals``.
    """

    _name = "sales_gamification.leaderboard.line"
    _description = "Leaderboard Line"
    _order = "challenge_id, sequence"

    challenge_id = fields.Many2one("gamification.challenge", readonly=True)
    sequence = fields.Integer(readonly=True)
    rank = fields.Integer(readonly=True, group_operator=False)
    name = fields.Char("Salesperson", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    reached = fields.Integer("Goals Reached", readonly=True, group_operator=False)
    completeness = fields.Float("Completeness (%)", readonly=True, group_operator=False)
    lines_summary = fields.Char("Goals", readonly=True)
    is_me = fields.Boolean(readonly=True)
    is_mark = fields.Boolean(readonly=True)

    @api.model
    def _rows_for(self, challenge, user):
        """The leaderboard rows ``user`` may see for ``challenge`` (dicts)."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        start, end = challenge._current_period(today)
        # Rivals' goals of personal challenges are not readable by a
        # salesperson; the ranking needs them all, the rows show what the
        # privacy allows.
        goals = (
            self.env["gamification.goal"]
            .sudo()
            .search(
                [
                    ("challenge_id", "=", challenge.id),
                    ("start_date", "=", start),
                    ("end_date", "=", end),
                ]
            )
        )
        ranking = challenge.sudo()._rank_goals(goals)
        rows = [
            {
                "rank": position,
                "user_id": row["user"].id,
                "name": row["user"].name,
                "reached": row["reached"],
                "completeness": row["completeness"],
                "lines_summary": " · ".join(
                    "%s %d%%" % (goal.definition_id.name, min(goal.completeness, 100))
                    for goal in row["goals"].sorted(lambda g: g.line_id.sequence)
                ),
                "is_me": row["user"] == user,
            }
            for position, row in enumerate(ranking, 1)
        ]
        mine = [row for row in rows if row["is_me"]]
        if challenge.visibility_mode == "personal":
            return mine
        privacy = challenge.leaderboard_privacy
        if privacy == "top":
            return [
                row
                for row in rows
                if row["rank"] <= challenge.leaderboard_top or row["is_me"]
            ]
        if privacy == "rivals":
            my_rank = mine[0]["rank"] if mine else None
            shown = [row for row in rows if my_rank and abs(row["rank"] - my_rank) <= 1]
            marks = []
            for percent in PERCENTILE_MARKS:
                mark_rank = max(1, len(rows) * percent // 100)
                if mark_rank <= len(rows):
                    marks.append(
                        {
                            "rank": mark_rank,
                            "name": _("Top %d%% mark") % percent,
                            "reached": rows[mark_rank - 1]["reached"],
                            "completeness": rows[mark_rank - 1]["completeness"],
                            "is_mark": True,
                        }
                    )
            return sorted(
                marks + shown, key=lambda r: (r["rank"], not r.get("is_mark"))
            )
        return rows

    @api.model
    def _action_open(self):
        """Build the current user's leaderboard and open it."""
        user = self.env.user
        self.search([("create_uid", "=", user.id)]).unlink()
        challenges = self.env["gamification.challenge"].search(
            [("state", "=", "inprogress"), ("user_ids", "in", user.id)]
        )
        for challenge in challenges:
            for sequence, row in enumerate(self._rows_for(challenge, user)):
                self.create(dict(row, challenge_id=challenge.id, sequence=sequence))
        action = self.env.ref("sales_gamification.leaderboard_line_action").read()[0]
        action["domain"] = [("create_uid", "=", user.id)]
        return action
