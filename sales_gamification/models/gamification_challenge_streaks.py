# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Streaks of a recurring challenge: closed periods in a row in which a
salesperson reached every goal, and the badge of a streak."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.streaks import streak


class GamificationChallenge(models.Model):
    _inherit = "gamification.challenge"

    streak_badge_id = fields.Many2one(
        "gamification.badge",
        help="Granted to a salesperson whose streak reaches the streak length: "
        "once per streak. A streak counts the closed periods in a row in which "
        "they reached every goal.",
    )
    streak_length = fields.Integer(
        default=3, help="Periods in a row that earn the streak badge."
    )

    @api.constrains("streak_length")
    def _check_streak_length(self):
        if any(challenge.streak_length < 2 for challenge in self):
            raise ValidationError(
                self.env._("A streak is at least 2 periods in a row.")
            )

    def _streaks(self, users):
        """{user id: streak} of ``users`` in the challenge, from its closed
        goals (``engine.streaks.streak``); 0 for a challenge that does not
        recur."""
        self.ensure_one()
        if self.period == "once" or not users:
            return dict.fromkeys(users.ids, 0)
        groups = (
            self.env["gamification.goal"]
            .sudo()
            ._read_group(
                [
                    ("challenge_id", "=", self.id),
                    ("closed", "=", True),
                    ("user_id", "in", users.ids),
                ],
                ["user_id", "start_date:day"],
                ["state:array_agg"],
            )
        )
        periods = {user_id: {} for user_id in users.ids}
        for user, start, states in groups:
            periods[user.id][start] = all(state == "reached" for state in states)
        return {user_id: streak(done) for user_id, done in periods.items()}

    def _streak_awards(self, users):
        """The (user, streak badge) pairs due to those of ``users`` (who
        reached every goal of the period just closed) whose streak now
        reaches the streak length: exactly once per streak, when it gets
        there."""
        self.ensure_one()
        if not self.streak_badge_id:
            return []
        streaks = self._streaks(users)
        return [
            (user, self.streak_badge_id)
            for user in users
            if streaks[user.id] == self.streak_length
        ]
