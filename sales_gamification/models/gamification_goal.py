# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging
import random
import time
from collections import defaultdict

import psycopg2
from psycopg2 import errorcodes

from odoo import SUPERUSER_ID, _, api, fields, models, registry
from odoo.tools import html_escape, mute_logger
from odoo.tools.safe_eval import safe_eval

from .gamification_goal_definition import KPI_MODES, evaluate_kpis

_logger = logging.getLogger(__name__)

# What a concurrent transaction makes a row lock fail with: the row is
# locked, or it changed after this transaction's snapshot.
CONCURRENCY_ERRORS = (
    errorcodes.LOCK_NOT_AVAILABLE,
    errorcodes.SERIALIZATION_FAILURE,
    errorcodes.DEADLOCK_DETECTED,
)
# The goals that saving a record refreshes: running today, of a running
# challenge or of none. SQL condition on ``goal`` and ``challenge`` (LEFT
# JOIN) with a ``today`` parameter.
RUNNING_GOAL_SQL = """
    goal.state IN ('inprogress', 'reached') AND NOT goal.closed
    AND (goal.start_date IS NULL OR goal.start_date <= %(today)s)
    AND (goal.end_date IS NULL OR goal.end_date >= %(today)s)
    AND (challenge.id IS NULL OR challenge.state = 'inprogress')
"""
# Attempts of the refresh that follows a commit when goals were busy.
AFTER_COMMIT_ATTEMPTS = 10
# The columns the engine reads, as the ORM would return them.
GOAL_COLUMNS = """
    goal.id, goal.definition_id, goal.user_id, goal.challenge_id,
    to_char(goal.start_date, 'YYYY-MM-DD') AS start_date,
    to_char(goal.end_date, 'YYYY-MM-DD') AS end_date,
    goal.target_goal, goal.current, goal.sample_size, goal.state, goal.closed,
    goal.recognized,
    (SELECT report_message_frequency FROM gamification_challenge
      WHERE id = goal.challenge_id) AS report_frequency
"""


def refresh_after_commit(dbname, pairs):
    """Recompute goals that were busy in a transaction, once it committed.

    :param pairs: {(definition id, user id)} of the running goals to refresh
    Each attempt is a new transaction, which sees every commit so far; goals
    still busy (a concurrent transaction writes them) are tried again a
    little later. What is left after the last attempt waits for the cron.
    """
    for attempt in range(AFTER_COMMIT_ATTEMPTS):
        if attempt:
            time.sleep(random.uniform(0.05, 0.1) * attempt)
        try:
            with api.Environment.manage(), registry(dbname).cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                pairs = env["gamification.goal"]._kpi_refresh_pairs(pairs)
        except psycopg2.OperationalError as error:
            if error.pgcode not in CONCURRENCY_ERRORS:
                _logger.exception("Goals %s not refreshed.", sorted(pairs))
                return
        except Exception:
            # The save is committed: an error here must not reach its user.
            _logger.exception("Goals %s not refreshed.", sorted(pairs))
            return
        if not pairs:
            return
    _logger.warning(
        "Goals (definition, user) %s were busy; the cron will update them.",
        sorted(pairs),
    )


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
    recognized = fields.Boolean(
        readonly=True,
        copy=False,
        help="The salesperson was congratulated for reaching this goal. It "
        "happens once, even if the goal drops and is reached again.",
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
        result = []
        for goal in goals:
            current, target = goal._progress_display()
            result.append(
                {
                    "id": goal.id,
                    "name": goal.definition_id.name,
                    "challenge": goal.challenge_id.name,
                    "current_display": current,
                    "target_display": target,
                    "suffix": goal.definition_suffix or "",
                    "completeness": goal.completeness,
                    "state": goal.state,
                    "days_left": goal.days_left,
                }
            )
        return result

    @api.multi
    def update_goal(self):
        """Compute the goals of KPI definitions with the batch engine.

        In batch mode, one grouped query serves all the users, periods and
        definitions on the same table. Goals are read and written as plain
        rows, in one query each, so the cost hardly grows with the number of
        goals. Manual and Python goals go
        through Odoo's own computation.
        """
        # Goals are written with SQL below: check what write() would.
        self.check_access_rights("write")
        self.check_access_rule("write")
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
            "SELECT " + GOAL_COLUMNS + " FROM gamification_goal AS goal"
            " WHERE goal.id IN %s",
            (tuple(self.ids),),
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _kpi_running_rows(self, definitions, today, user_ids=None):
        """Rows of the goals of ``definitions`` running on ``today``, of
        ``user_ids`` only when given."""
        query = (
            "SELECT "
            + GOAL_COLUMNS
            + """
              FROM gamification_goal AS goal
              LEFT JOIN gamification_challenge AS challenge
                     ON challenge.id = goal.challenge_id
             WHERE goal.definition_id IN %(definitions)s
               AND """
            + RUNNING_GOAL_SQL
        )
        params = {"definitions": tuple(definitions.ids), "today": today}
        if user_ids is not None:
            query += " AND goal.user_id IN %(users)s"
            params["users"] = tuple(user_ids)
        self.env.cr.execute(query, params)
        return self.env.cr.dictfetchall()

    @api.model
    def _kpi_refresh_owners(self, keys):
        """Recompute the running goals of definitions whose salesperson owns
        records with the given keys.

        :param keys: {definition id: values of the definition's salesperson
            field (``batch_distinctive_field``)}; a goal's user matches a
            key through the definition's ``batch_user_expression``
        Goals that a concurrent transaction is writing are refreshed again
        once this transaction commits.
        """
        Definition = self.env["gamification.goal.definition"]
        expressions = {
            definition_id: Definition._kpi_spec(definition_id).user_expression
            for definition_id, values in keys.items()
            if values
        }
        if not expressions:
            return
        user_ids = None
        if all(expression == "user.id" for expression in expressions.values()):
            user_ids = set().union(*(keys[d] for d in expressions))
        Users = self.env["res.users"]

        def owns(row):
            expression = expressions[row["definition_id"]]
            if expression == "user.id":
                key = row["user_id"]
            else:
                key = safe_eval(expression, {"user": Users.browse(row["user_id"])})
            return key in keys[row["definition_id"]]

        busy = self._kpi_refresh_running(list(expressions), user_ids, owns)
        if busy:
            dbname = self.env.cr.dbname
            self.env.cr.after("commit", lambda: refresh_after_commit(dbname, busy))

    @api.model
    def _kpi_refresh_pairs(self, pairs):
        """Recompute the running goals of (definition id, user id) ``pairs``.

        :return: the pairs of the goals that were busy
        """
        return self._kpi_refresh_running(
            {definition_id for definition_id, _user_id in pairs},
            {user_id for _definition_id, user_id in pairs},
            lambda row: (row["definition_id"], row["user_id"]) in pairs,
        )

    @api.model
    def _kpi_refresh_running(self, definition_ids, user_ids, wanted):
        """Recompute the goals of ``definition_ids`` running today (periods
        are cut in UTC), of ``user_ids`` when given, whose rows are
        ``wanted``.

        :return: {(definition id, user id)} of the goals that were busy
        """
        today = fields.Date.today()
        definitions = self.env["gamification.goal.definition"].browse(definition_ids)
        rows = [
            row
            for row in self._kpi_running_rows(definitions, today, user_ids)
            if wanted(row)
        ]
        busy = self._update_kpi_goals(rows, {d.id: d for d in definitions}, today)
        return {(row["definition_id"], row["user_id"]) for row in busy}

    @api.model
    def _kpi_lock(self, ids):
        """The goals among ``ids`` this transaction may write, now locked:
        those that no concurrent transaction holds or changed since this one
        started. Never waits."""
        cr = self.env.cr
        query = "SELECT id FROM gamification_goal WHERE id IN %s FOR UPDATE NOWAIT"
        try:
            with mute_logger("odoo.sql_db"), cr.savepoint():
                cr.execute(query, (tuple(ids),))
            return set(ids)
        except psycopg2.OperationalError as error:
            if error.pgcode not in CONCURRENCY_ERRORS:
                raise
        # One goal is busy: find which, one at a time.
        locked = set()
        for goal_id in ids:
            try:
                with mute_logger("odoo.sql_db"), cr.savepoint():
                    cr.execute(query, ((goal_id,),))
                locked.add(goal_id)
            except psycopg2.OperationalError as error:
                if error.pgcode not in CONCURRENCY_ERRORS:
                    raise
        return locked

    @api.model
    def _update_kpi_goals(self, rows, definitions, today=None):
        """Compute and store the goals of ``rows``.

        :param rows: goals as read by ``_kpi_read_rows``
        :param definitions: {id: definition} of their definitions, browsed
            together so that their fields are read together
        :param today: ``YYYY-MM-DD``, the user's today by default
        :return: the rows of the goals whose new value could not be written
            because a concurrent transaction is writing them
        """
        groups = defaultdict(list)
        for row in rows:
            groups[(row["definition_id"], row["start_date"], row["end_date"])].append(
                row
            )
        # The definitions in batch mode on the same table share one query for
        # all their periods and users; the others are computed one by one.
        shared = defaultdict(list)
        values = {}
        for key, group in groups.items():
            definition_id, start_date, end_date = key
            definition = definitions[definition_id]
            spec = definition._kpi_spec(definition_id)
            if spec.group_field and spec.user_expression == "user.id":
                base, hits = definition._kpi_where(spec)
                shared[(spec.table, spec.group_field)].append(
                    (key, (spec, base, hits, start_date, end_date))
                )
            else:
                values[key] = definition._kpi_values(
                    self.env["res.users"].browse({row["user_id"] for row in group}),
                    start_date,
                    end_date,
                )
        for batch in shared.values():
            user_ids = {row["user_id"] for key, _item in batch for row in groups[key]}
            results = evaluate_kpis(
                self.env.cr, [item for _key, item in batch], user_ids
            )
            for (key, _item), result in zip(batch, results):
                values[key] = result
        today = today or fields.Date.context_today(self)
        changes = []
        for key, group in groups.items():
            definition = definitions[key[0]]
            for row in group:
                new_values = definition._kpi_goal_changes(
                    row, *values[key].get(row["user_id"], (0.0, 0)), today=today
                )
                if new_values:
                    changes.append((row, new_values))
        return self._kpi_write(changes, today)

    @api.model
    def _kpi_write(self, changes, today):
        """Store computed values: one UPDATE for all the goals that changed.

        ``write()`` would cost one query per goal. What Odoo's ``write()`` of
        goals adds is kept: ``last_update`` is set, and challenges that report
        on every change get their report. A goal that becomes reached for the
        first time is recognized.

        :return: the rows that a concurrent transaction is writing, left as
            they are
        """
        if not changes:
            return []
        locked = self._kpi_lock([row["id"] for row, _new in changes])
        busy = [row for row, _new in changes if row["id"] not in locked]
        changes = [(row, new) for row, new in changes if row["id"] in locked]
        if not changes:
            return busy
        recognize = [
            row["id"]
            for row, new in changes
            if new.get("state") == "reached" and not row["recognized"]
        ]
        rows = [
            (
                row["id"],
                float(new.get("current", row["current"])),
                new.get("sample_size", row["sample_size"]),
                new.get("state", row["state"]),
                new.get("closed", row["closed"]),
                row["recognized"] or row["id"] in recognize,
            )
            for row, new in changes
        ]
        self.env.cr.execute(
            """
            UPDATE gamification_goal AS goal
               SET current = row.current, sample_size = row.sample_size,
                   state = row.state, closed = row.closed,
                   recognized = row.recognized, last_update = %s,
                   write_uid = %s, write_date = (now() at time zone 'UTC')
              FROM (VALUES {rows})
                AS row (id, current, sample_size, state, closed, recognized)
             WHERE goal.id = row.id
            """.format(
                rows=", ".join(["%s"] * len(rows))
            ),
            [today, self.env.uid] + rows,
        )
        self.invalidate_cache(
            ["current", "sample_size", "state", "closed", "recognized", "last_update"],
            [row[0] for row in rows],
        )
        self.browse(recognize)._recognize_reached()
        moved = defaultdict(set)
        for row, new in changes:
            if "current" in new and row["report_frequency"] == "onchange":
                moved[row["challenge_id"]].add(row["user_id"])
        for challenge_id, user_ids in moved.items():
            self.env["gamification.challenge"].browse(
                challenge_id
            ).sudo().report_progress(users=self.env["res.users"].browse(user_ids))
        return busy

    @api.multi
    def write(self, vals):
        # Manual and Python goals become reached through write().
        newly_reached = self.browse()
        if vals.get("state") == "reached":
            newly_reached = self.filtered(
                lambda g: g.state != "reached" and not g.recognized
            )
        result = super().write(vals)
        if newly_reached:
            super(GamificationGoal, newly_reached).write({"recognized": True})
            newly_reached._recognize_reached()
        return result

    def _progress_display(self):
        """(current value, target) of the goal, formatted in the language of
        the context; counts without decimals."""
        self.ensure_one()
        lang = self.env["res.lang"]._lang_get(
            self.env.context.get("lang") or self.env.user.lang
        )
        pattern = "%.0f" if self.definition_id.computation_mode == "count" else "%.2f"
        return (
            lang.format(pattern, self.current, grouping=True),
            lang.format(pattern, self.target_goal, grouping=True),
        )

    def _recognize_reached(self):
        """Congratulate each goal's salesperson at once in the web client,
        and tell the challenge's channel."""
        for goal in self:
            goal.with_context(lang=goal.user_id.lang)._notify_reached()
        # The challenge, not whoever saved the record, grants the badge.
        self.mapped("challenge_id").sudo()._reward_reached_goals(self)

    def _notify_reached(self):
        self.ensure_one()
        current, target = self._progress_display()
        if self.definition_suffix:
            target += " " + self.definition_suffix
        self.user_id._notify_recognition(
            _("Goal reached!"),
            _("%s: %s of %s.") % (self.definition_id.name, current, target),
            "/sales_gamification/static/img/badge_top_salesperson.png",
        )
        # The challenge's channel may be private to the challenge's manager.
        self.challenge_id.sudo()._post_recognition(
            _("%s reached the goal %s: %s of %s.")
            % tuple(
                html_escape(text)
                for text in (
                    self.user_id.name,
                    self.definition_id.name,
                    current,
                    target,
                )
            )
        )
