# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Team against team: a challenge that ranks sales teams, each line's team
value made from the records of the team (their own ``team_id``)."""

from collections import namedtuple

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.kpi import ADDITIVE_MODES, completeness
from ..engine.ranking import rank, surplus

# One team's result on one challenge line over a period.
TeamLine = namedtuple("TeamLine", "line current target completeness reached")
# One row of a period's team ranking: engine.ranking.Rank, the team, and its
# TeamLine per challenge line (in line order).
TeamRank = namedtuple("TeamRank", "rank team lines")


class GamificationChallenge(models.Model):
    _inherit = "gamification.challenge"

    competing_team_ids = fields.Many2many(
        "crm.team",
        "sales_gamification_challenge_competing_team_rel",
        "challenge_id",
        "team_id",
        "Competing Teams",
        help="Rank these sales teams against each other instead of their "
        "salespeople. Their members take part; each deal, order or invoice "
        "counts for the team it was made in. Every member of the team "
        "ranked first receives the badge for everyone who reaches every goal.",
    )

    @api.constrains("competing_team_ids", "line_ids")
    def _check_team_lines(self):
        """Every line of a challenge between teams can compare teams (see
        also the lines' and the definitions' own checks)."""
        for challenge in self.filtered("competing_team_ids"):
            for line in challenge.line_ids:
                error = line.definition_id._kpi_team_error()
                if error:
                    raise ValidationError(error)

    def _period_team_ranking(self, start, end):
        """The ranking of the competing teams over one period, best first,
        ranked as salespeople are (``engine.ranking.rank``).

        :return: list of ``TeamRank``
        """
        self.ensure_one()
        teams = self.competing_team_ids
        if not teams:
            return []
        lines = self.line_ids.sorted(lambda line: (line.sequence, line.id))
        # Members of several teams count in each.
        sizes = {team.id: len(team._salespeople()) for team in teams}
        results = {}
        for line in lines:
            definition = line.definition_id
            values = definition._kpi_team_values(teams, start, end)
            spec = definition._kpi_spec(definition.id)
            for team in teams:
                current, sample = values[team.id]
                target = line.target_goal
                if (
                    definition.computation_mode in ADDITIVE_MODES
                    and line.team_aggregate == "average"
                ):
                    current = current / sizes[team.id] if sizes[team.id] else 0.0
                reached = spec.reached(target, current, sample)
                done = completeness(
                    definition.condition,
                    target,
                    current,
                    reached,
                    sample,
                    spec.min_sample,
                )
                results[line.id, team.id] = TeamLine(
                    line, current, target, done, reached
                )
        ranking = rank(
            (
                line.id,
                team.id,
                result.reached,
                result.completeness,
                surplus(
                    line.definition_id.condition,
                    result.target,
                    result.current,
                    result.completeness,
                ),
                None,
            )
            for line in lines
            for team in teams
            for result in [results[line.id, team.id]]
        )
        return [
            TeamRank(
                row,
                teams.browse(row.user_id),
                [results[line.id, row.user_id] for line in lines],
            )
            for row in ranking
        ]

    def _winning_team_members(self, start, end):
        """The members of the teams ranked first over the period (teams tied
        share the place): none when the challenge ranks salespeople, or
        when no team did anything."""
        ranking = self._period_team_ranking(start, end)
        if not ranking or not ranking[0].rank.completeness:
            return self.env["res.users"]
        return self.env["res.users"].concat(
            *(row.team._salespeople() for row in ranking if row.rank.rank == 1)
        )
