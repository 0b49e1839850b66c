# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

from odoo import api, fields, models

from .gamification_goal_definition import KPI_MODES

# Goals whose state the KPI engine moves; draft and canceled goals keep it.
LIVE_STATES = ("inprogress", "reached", "failed")


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
                    reached = goal._kpi_is_reached(goal.current, goal.sample_size)
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

    def _kpi_is_reached(self, value, sample):
        """Whether ``value`` computed over ``sample`` records meets the target."""
        self.ensure_one()
        definition = self.definition_id
        if sample < definition.min_sample:
            return False
        if definition.condition == "lower":
            # Doing nothing is no achievement: no records, no success.
            return sample > 0 and value <= self.target_goal
        return value >= self.target_goal

    def _kpi_write_values(self, value, sample, today):
        """The columns to change after computing ``value`` over ``sample`` records."""
        self.ensure_one()
        values = {}
        if value != self.current:
            values["current"] = value
        if sample != self.sample_size:
            values["sample_size"] = sample
        if self.state in LIVE_STATES and not self.closed:
            if self._kpi_is_reached(value, sample):
                state = "reached"
            elif self.end_date and today > self.end_date:
                state = "failed"
                values["closed"] = True
            else:
                state = "inprogress"
            if state != self.state:
                values["state"] = state
        return values

    @api.multi
    def update_goal(self):
        """Compute the goals of KPI definitions with the batch engine.

        Goals are grouped by definition and period: one grouped query (two
        for a ratio) serves all the users of a group in batch mode. Manual
        and Python goals go through Odoo's own computation.
        """
        kpi_goals = self.filtered(
            lambda goal: goal.definition_id.computation_mode in KPI_MODES
        )
        result = super(GamificationGoal, self - kpi_goals).update_goal()
        kpi_goals._update_kpi_goals()
        return result

    def _update_kpi_goals(self):
        groups = defaultdict(lambda: self.browse())
        for goal in self:
            groups[(goal.definition_id, goal.start_date, goal.end_date)] |= goal
        today = fields.Date.context_today(self)
        changes = {}
        for (definition, start_date, end_date), goals in groups.items():
            values = definition._kpi_values(goals.mapped("user_id"), start_date, end_date)
            for goal in goals:
                new_values = goal._kpi_write_values(*values[goal.user_id.id], today=today)
                if new_values:
                    changes[goal] = new_values
        self._kpi_write(changes, today)
        if self.env.context.get("commit_gamification"):
            self.env.cr.commit()

    @api.model
    def _kpi_write(self, changes, today):
        """Store computed values: one UPDATE for all the goals that changed.

        ``write()`` would cost one query per goal. What Odoo's ``write()`` of
        goals adds is kept: ``last_update`` is set, and challenges that report
        on every change get their report.
        """
        if not changes:
            return
        rows = []
        for goal, values in changes.items():
            rows.append(
                (
                    goal.id,
                    float(values.get("current", goal.current)),
                    values.get("sample_size", goal.sample_size),
                    values.get("state", goal.state),
                    values.get("closed", goal.closed),
                )
            )
        self.env.cr.execute(
            """
            UPDATE gamification_goal AS goal
               SET current = row.current, sample_size = row.sample_size,
                   state = row.state, closed = row.closed, last_update = %s,
                   write_uid = %s, write_date = (now() at time zone 'UTC')
              FROM (VALUES {rows}) AS row (id, current, sample_size, state, closed)
             WHERE goal.id = row.id
            """.format(rows=", ".join(["%s"] * len(rows))),
            [today, self.env.uid] + rows,
        )
        changed = self.browse([row[0] for row in rows])
        changed.invalidate_cache(
            ["current", "sample_size", "state", "closed", "last_update"], changed.ids
        )
        reported = self.browse(
            [
                goal.id
                for goal, values in changes.items()
                if "current" in values
                and goal.challenge_id.report_message_frequency == "onchange"
            ]
        )
        for goal in reported:
            goal.challenge_id.sudo().report_progress(users=goal.user_id)
