# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""How goals are computed and stored: the daily cron, a manual refresh and
the save of a lead, an order or an invoice all come here."""

import logging
import random
import threading
import time
from collections import defaultdict

import psycopg2
from psycopg2 import errorcodes

from odoo import SUPERUSER_ID, api, fields, models
from odoo.modules.registry import Registry
from odoo.tools import SQL, mute_logger

from ..engine.kpi import KPI_MODES

_logger = logging.getLogger(__name__)

# What a concurrent transaction makes a row lock fail with: the row is
# locked, or it changed after this transaction's snapshot.
CONCURRENCY_ERRORS = (
    errorcodes.LOCK_NOT_AVAILABLE,
    errorcodes.SERIALIZATION_FAILURE,
    errorcodes.DEADLOCK_DETECTED,
)
# Attempts of the refresh that follows a commit when goals were busy.
AFTER_COMMIT_ATTEMPTS = 10
# The goal columns the engine reads.
GOAL_COLUMNS = SQL("""goal.id, goal.definition_id, goal.user_id, goal.challenge_id,
       goal.start_date, goal.end_date, goal.target_goal, goal.current,
       goal.sample_size, goal.completeness, goal.state, goal.closed, goal.recognized,
       challenge.report_message_frequency AS report_frequency,
       challenge.tv_watched_until""")
GOAL_FROM = SQL("""gamification_goal AS goal
       LEFT JOIN gamification_challenge AS challenge
              ON challenge.id = goal.challenge_id""")


def refresh_after_commit(dbname, pairs):
    """Recompute goals that were busy in a transaction, once it committed,
    in a thread of its own: the request that saved the record is not kept
    waiting.

    :param pairs: {(definition id, user id)} of the running goals to refresh
    Each attempt is a new transaction, which sees every commit so far; goals
    still busy (a concurrent transaction writes them) are tried again a
    little later. What is left after the last attempt waits for the cron.
    """
    for attempt in range(AFTER_COMMIT_ATTEMPTS):
        if attempt:
            time.sleep(random.uniform(0.05, 0.1) * attempt)
        try:
            with Registry(dbname).cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                pairs = env["gamification.goal"]._kpi_refresh_pairs(pairs)
        except psycopg2.OperationalError as error:
            if error.pgcode not in CONCURRENCY_ERRORS:
                _logger.exception("Goals %s not refreshed.", sorted(pairs))
                return
        except Exception:
            # The save is committed: an error here must not reach anyone.
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

    def update_goal(self):
        """Compute the goals of KPI definitions with the engine.

        In batch mode, one grouped query serves all the users, periods and
        definitions on the same table. Goals are read and written as plain
        rows, in one query each, so the cost hardly grows with the number of
        goals. Manual and Python goals go through Odoo's own computation.
        """
        # Goals are written with SQL below: check what write() would.
        self.check_access("write")
        rows = self._kpi_rows(SQL("goal.id IN %s", tuple(self.ids))) if self else []
        # The definitions of the rows, read at once: browsing the goals'
        # would read the goals again, a thousand at a time.
        definitions = self.env["gamification.goal.definition"].browse(
            {row["definition_id"] for row in rows}
        )
        modes = {
            definition.id: definition.computation_mode for definition in definitions
        }
        kpi_rows = [row for row in rows if modes[row["definition_id"]] in KPI_MODES]
        kpi_ids = {row["id"] for row in kpi_rows}
        result = super(GamificationGoal, self - self.browse(kpi_ids)).update_goal()
        self._kpi_update_or_defer(kpi_rows)
        if kpi_rows and self.env.context.get("commit_gamification"):
            # The cron's batches, as Odoo's update_goal commits them.
            self.env.cr.commit()  # pylint: disable=invalid-commit
        return result

    @api.model
    def _kpi_rows(self, condition):
        """The columns the engine needs of the goals matching ``condition``
        (SQL on ``goal`` and ``challenge``), as dicts, in one query. The
        ORM's ``read()`` costs more than the whole computation."""
        self.env.flush_all()
        return self.env.execute_query_dict(
            SQL("SELECT %s FROM %s WHERE %s", GOAL_COLUMNS, GOAL_FROM, condition)
        )

    @api.model
    def _kpi_running_condition(self, definition_ids, user_ids=None):
        """SQL condition of the goals of ``definition_ids`` running today, of
        ``user_ids`` only when given: those a saved record refreshes."""
        today = self.env.company._sales_today()
        condition = SQL(
            """goal.definition_id IN %s
               AND goal.state IN ('inprogress', 'reached') AND goal.closed IS NOT TRUE
               AND (goal.start_date IS NULL OR goal.start_date <= %s)
               AND (goal.end_date IS NULL OR goal.end_date >= %s)
               AND (challenge.id IS NULL OR challenge.state = 'inprogress')""",
            tuple(definition_ids),
            today,
            today,
        )
        if user_ids is not None:
            condition = SQL("%s AND goal.user_id IN %s", condition, tuple(user_ids))
        return condition

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
        keys = {
            definition_id: values for definition_id, values in keys.items() if values
        }
        if not keys:
            return
        Definition = self.env["gamification.goal.definition"]
        specs = {
            definition_id: Definition._kpi_spec(definition_id) for definition_id in keys
        }
        user_ids = None
        if all(spec.user_expression == "user.id" for spec in specs.values()):
            user_ids = set().union(*keys.values())
        Users = self.env["res.users"]

        def owns(row):
            spec = specs[row["definition_id"]]
            user = Users.browse(row["user_id"])
            return Definition._kpi_user_key(spec, user) in keys[row["definition_id"]]

        condition = self._kpi_running_condition(keys, user_ids)
        self._kpi_update_or_defer(
            [row for row in self._kpi_rows(condition) if owns(row)]
        )

    @api.model
    def _kpi_update_or_defer(self, rows):
        """Compute and store the goals of ``rows``; those that a concurrent
        transaction is writing are computed again once this transaction
        commits, in a thread and a transaction of their own.

        A concurrent transaction may also hold what storing a goal writes
        besides the goal (the challenge's channel, where a goal reached is
        announced): then every goal of ``rows`` waits for the commit.
        """
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                busy = self._kpi_update(rows)
        except psycopg2.OperationalError as error:
            if error.pgcode not in CONCURRENCY_ERRORS:
                raise
            self.env.invalidate_all()
            busy = rows
        pairs = {(row["definition_id"], row["user_id"]) for row in busy}
        if pairs:
            dbname = self.env.cr.dbname
            self.env.cr.postcommit.add(
                lambda: threading.Thread(
                    target=refresh_after_commit,
                    args=(dbname, pairs),
                    name="sales_gamification refresh",
                    daemon=True,
                ).start()
            )

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
        """Recompute the goals of ``definition_ids`` running today, of
        ``user_ids`` when given, whose rows are ``wanted``.

        :return: {(definition id, user id)} of the goals that were busy
        """
        condition = self._kpi_running_condition(definition_ids, user_ids)
        rows = [row for row in self._kpi_rows(condition) if wanted(row)]
        busy = self._kpi_update(rows)
        return {(row["definition_id"], row["user_id"]) for row in busy}

    @api.model
    def _kpi_lock(self, ids):
        """The goals among ``ids`` this transaction may write, now locked:
        those that no concurrent transaction holds. Never waits, in one
        query. A goal that a concurrent transaction changed and committed
        since this one started fails the lock with a serialization error,
        for the caller to handle (``_kpi_update_or_defer``)."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM gamification_goal WHERE id IN %s"
                " FOR UPDATE SKIP LOCKED",
                tuple(ids),
            )
        )
        return {goal_id for (goal_id,) in self.env.cr.fetchall()}

    @api.model
    def _kpi_update(self, rows):
        """Compute and store the goals of ``rows`` (see ``_kpi_rows``).

        :return: the rows of the goals whose new value could not be written
            because a concurrent transaction is writing them
        """
        Definition = self.env["gamification.goal.definition"]
        groups = defaultdict(list)
        for row in rows:
            groups[(row["definition_id"], row["start_date"], row["end_date"])].append(
                row
            )
        # The batch definitions on the same table share one query for all
        # their periods and users; the others are computed one by one.
        shared = defaultdict(list)
        values = {}
        # One cache lookup per definition: a save is refreshed in a few ms.
        specs = {key[0]: Definition._kpi_spec(key[0]) for key in groups}
        for key, group in groups.items():
            definition_id, start, end = key
            definition = Definition.browse(definition_id)
            spec = specs[definition_id]
            if spec.group_field and spec.user_expression == "user.id":
                shared[(spec.table, spec.group_field)].append(
                    (key, definition._kpi_item(start, end, spec=spec))
                )
            else:
                users = self.env["res.users"].browse({row["user_id"] for row in group})
                values[key] = definition._kpi_values(users, start, end)
        for batch in shared.values():
            user_ids = {row["user_id"] for key, _item in batch for row in groups[key]}
            results = Definition._kpi_evaluate([item for _key, item in batch], user_ids)
            for (key, _item), result in zip(batch, results, strict=False):
                values[key] = result
        today = self.env.company._sales_today()
        changes = []
        for key, group in groups.items():
            spec = specs[key[0]]
            for row in group:
                value, sample = values[key].get(row["user_id"], (0.0, 0))
                new_values = spec.goal_changes(row, value, sample, today)
                if new_values:
                    changes.append((row, new_values))
        return self._kpi_write(changes, today)

    @api.model
    def _kpi_write(self, changes, today):
        """Store computed values: one UPDATE for all the goals that changed.

        ``write()`` would cost one query per goal. What Odoo's ``write()`` of
        goals adds is kept: ``last_update`` is set, and challenges that report
        on every change get their report. A goal reached for the first time
        is recognized.

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
        values = SQL(", ").join(
            SQL(
                "(%s, %s::float, %s::int, %s::float, %s::varchar, %s::bool)",
                row["id"],
                float(new.get("current", row["current"])),
                new.get("sample_size", row["sample_size"]),
                new.get("completeness", row["completeness"]),
                new.get("state", row["state"]),
                new.get("closed", row["closed"]),
            )
            for row, new in changes
        )
        self.env.cr.execute(
            SQL(
                """UPDATE gamification_goal AS goal
                      SET current = row.current, sample_size = row.sample_size,
                          completeness = row.completeness, state = row.state,
                          closed = row.closed,
                          reached_date = CASE
                              WHEN row.state != 'reached' THEN NULL
                              WHEN goal.state = 'reached' THEN goal.reached_date
                              ELSE %s END,
                          last_update = %s, write_uid = %s,
                          write_date = (now() AT TIME ZONE 'UTC')
                     FROM (VALUES %s)
                          AS row (id, current, sample_size, completeness, state, closed)
                    WHERE goal.id = row.id""",
                fields.Datetime.now(),
                today,
                self.env.uid,
                values,
            )
        )
        goals = self.browse([row["id"] for row, _new in changes])
        goals.invalidate_recordset(
            [
                "current",
                "sample_size",
                "completeness",
                "state",
                "closed",
                "last_update",
                "reached_date",
            ]
        )
        self.browse(
            row["id"]
            for row, new in changes
            if new.get("state") == "reached" and not row["recognized"]
        )._recognize_reached()
        # Their salespeople's screens and their TV boards show the new figures.
        self.env["res.users"].browse(
            {row["user_id"] for row, _new in changes}
        )._notify_goals_moved()
        now = fields.Datetime.now()
        self.env["gamification.challenge"]._tv_notify_open(
            {
                row["challenge_id"]
                for row, _new in changes
                if row["tv_watched_until"] and row["tv_watched_until"] > now
            }
        )
        moved = defaultdict(set)
        for row, new in changes:
            if "current" in new and row["report_frequency"] == "onchange":
                moved[row["challenge_id"]].add(row["user_id"])
        for challenge_id, user_ids in moved.items():
            # Salespeople whose save moved a goal cannot send reports.
            self.env["gamification.challenge"].browse(
                challenge_id
            ).sudo().report_progress(users=self.env["res.users"].browse(user_ids))
        return busy
