# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

from odoo import api, fields, models

from .gamification_goal_definition import KPI_MODES


class GamificationGoal(models.Model):
    _inherit = "gamification.goal"

    sample_size = fields.Integer(
        readonly=True,
        help="Number of records the current value is computed from (for an "
        "average or a ratio: the denominator).",
    )
    definition_min_sample = fields.Integer(
        related="definition_id.min_sample", readonly=True
    )
    days_left = fields.Integer(
        compute="_compute_days_left",
        help="Days until the end of the goal's period, today included.",
    )

    @api.depends("end_date")
    def _compute_days_left(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        for goal in self:
            if goal.end_date:
                end = fields.Date.from_string(goal.end_date)
                goal.days_left = max(0, (end - today).days + 1)
            else:
                goal.days_left = 0

    @api.depends(
        "current",
        "target_goal",
        "sample_size",
        "definition_id.condition",
        "definition_id.min_sample",
    )
    def _get_completion(self):
        """Percentage of completeness, between 0 and 100.

        Unlike Odoo's, it never divides by zero, a "lower is better" KPI
        goal with no records is 0% complete, and a KPI goal short of its
        minimum sample is at most as complete as its sample.
        """
        for goal in self:
            kpi = goal.definition_id.computation_mode in KPI_MODES
            if goal.definition_condition == "lower":
                if kpi:
                    reached = goal.definition_id._kpi_reached(
                        goal.target_goal, goal.current, goal.sample_size
                    )
                else:
                    reached = goal.current <= goal.target_goal
                completeness = 100.0 if reached else 0.0
            elif goal.current >= goal.target_goal:
                completeness = 100.0
            elif goal.target_goal <= 0:
                completeness = 0.0
            else:
                completeness = round(100.0 * goal.current / goal.target_goal, 2)
            min_sample = goal.definition_id.min_sample
            if kpi and goal.sample_size < min_sample:
                completeness = min(
                    completeness, round(100.0 * goal.sample_size / min_sample, 2)
                )
            goal.completeness = completeness

    @api.model
    def get_my_running_goals(self):
        """The current user's goals of running periods, for the top bar.

        :return: list of dicts, one per goal, in challenge and line order
        """
        today = fields.Date.context_today(self)
        goals = self.search(
            [
                ("user_id", "=", self.env.uid),
                ("state", "in", ("inprogress", "reached")),
                ("challenge_id.state", "=", "inprogress"),
                ("start_date", "<=", today),
                ("end_date", ">=", today),
            ]
        ).sorted(lambda g: (g.challenge_id.name, g.line_id.sequence, g.id))
        lang = self.env["res.lang"]._lang_get(self.env.user.lang)
        return [
            {
                "id": goal.id,
                "name": goal.definition_id.name,
                "challenge": goal.challenge_id.name,
                "current_display": lang.format("%.2f", goal.current, grouping=True),
                "target_display": lang.format("%.2f", goal.target_goal, grouping=True),
                "suffix": goal.definition_suffix or "",
                "completeness": goal.completeness,
                "state": goal.state,
                "days_left": goal.days_left,
            }
            for goal in goals
        ]

    @api.multi
    def update_goal(self):
        """Compute the goals of KPI definitions with the batch engine.

        Goals are grouped by definition and period: one grouped query (two
        for a ratio) serves all the users of a group in batch mode. Goals
        are read and written as plain rows, in one query each, so the cost
        hardly grows with the number of goals. Manual and Python goals go
        through Odoo's own computation.
        """
        rows = self._kpi_read_rows()
        definitions = self.env["gamification.goal.definition"].browse(
            {row["definition_id"] for row in rows}
        )
        kpi_definitions = {
            definition.id: definition
            for definition in definitions
            if definition.computation_mode in KPI_MODES
        }
        kpi_rows = [row for row in rows if row["definition_id"] in kpi_definitions]
        others = self.browse(
            [row["id"] for row in rows if row["definition_id"] not in kpi_definitions]
        )
        result = super(GamificationGoal, others).update_goal()
        self._update_kpi_goals(kpi_rows, kpi_definitions)
        if kpi_rows and self.env.context.get("commit_gamification"):
            self.env.cr.commit()
        return result

    def _kpi_read_rows(self):
        """The columns the engine needs, as dicts, in one query.

        The ORM's ``read()`` costs about 0.3 ms a goal, more than the whole
        computation; dates are returned as ``YYYY-MM-DD`` strings, as the ORM
        would.
        """
        if not self.ids:
            return []
        self.env.cr.execute(
            """
            SELECT id, definition_id, user_id, challenge_id,
                   to_char(start_date, 'YYYY-MM-DD') AS start_date,
                   to_char(end_date, 'YYYY-MM-DD') AS end_date,
                   target_goal, current, sample_size, state, closed
              FROM gamification_goal
             WHERE id IN %s
            """,
            (tuple(self.ids),),
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _update_kpi_goals(self, rows, definitions):
        """Compute and store the goals of ``rows``.

        :param rows: goals as read by ``_kpi_read_rows``
        :param definitions: {id: definition} of their definitions, browsed
            together so that their fields are read together
        """
        groups = defaultdict(list)
        for row in rows:
            groups[(row["definition_id"], row["start_date"], row["end_date"])].append(
                row
            )
        users = self.env["res.users"]
        today = fields.Date.context_today(self)
        changes = []
        for (definition_id, start_date, end_date), group in groups.items():
            definition = definitions[definition_id]
            values = definition._kpi_values(
                users.browse({row["user_id"] for row in group}), start_date, end_date
            )
            for row in group:
                new_values = definition._kpi_goal_changes(
                    row, *values[row["user_id"]], today=today
                )
                if new_values:
                    changes.append((row, new_values))
        self._kpi_write(changes, today)

    @api.model
    def _kpi_write(self, changes, today):
        """Store computed values: one UPDATE for all the goals that changed.

        ``write()`` would cost one query per goal. What Odoo's ``write()`` of
        goals adds is kept: ``last_update`` is set, and challenges that report
        on every change get their report.
        """
        if not changes:
            return
        rows = [
            (
                row["id"],
                float(new.get("current", row["current"])),
                new.get("sample_size", row["sample_size"]),
                new.get("state", row["state"]),
                new.get("closed", row["closed"]),
            )
            for row, new in changes
        ]
        self.env.cr.execute(
            """
            UPDATE gamification_goal AS goal
               SET current = row.current, sample_size = row.sample_size,
                   state = row.state, closed = row.closed, last_update = %s,
                   write_uid = %s, write_date = (now() at time zone 'UTC')
              FROM (VALUES {rows}) AS row (id, current, sample_size, state, closed)
             WHERE goal.id = row.id
            """.format(
                rows=", ".join(["%s"] * len(rows))
            ),
            [today, self.env.uid] + rows,
        )
        self.invalidate_cache(
            ["current", "sample_size", "state", "closed", "last_update"],
            [row[0] for row in rows],
        )
        moved = defaultdict(set)
        for row, new in changes:
            if "current" in new and row["challenge_id"]:
                moved[row["challenge_id"]].add(row["user_id"])
        challenges = self.env["gamification.challenge"].browse(list(moved))
        for challenge in challenges:
            if challenge.report_message_frequency == "onchange":
                challenge.sudo().report_progress(
                    users=self.env["res.users"].browse(moved[challenge.id])
                )
