# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""What a challenge's TV board shows: its figures, computed once per change
and shared by the boards of a worker (its address, bus and pushes:
``gamification_challenge_tv``)."""

import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.http import json_default
from odoo.tools import SQL
from odoo.tools.misc import formatLang

from odoo.addons.bus.models.bus import channel_with_db, json_dump

from ..engine.kpi import ADDITIVE_MODES, completeness
from ..engine.periods import day_after, days_left
from .crm_lead import WON_DOMAIN

# Latest won deals shown on the TV board.
TV_WINS = 6
# Boards open for this long, once no transaction older than that runs, share
# the payloads their workers computed (``_tv_board_version``).
TV_CACHE_AFTER = timedelta(seconds=10)
# Per worker: {(database, challenge, user, language, company): (version,
# the board's data in JSON)}, the last payload of each board.
_payloads = {}
# Per worker: what the boards show that depends only on its key (``kept``):
# a goal's figures, a total, a deal's amount, formatted; up to this many.
_kept = {}
TV_KEPT = 20000


def kept(key, compute):
    """``compute()``, kept per worker under ``key``, which names every input
    of the result (database, record and figures, language, ...): the boards
    format again only what changed since their last push."""
    value = _kept.get(key)
    if value is None:
        if len(_kept) >= TV_KEPT:
            _kept.clear()
        value = _kept[key] = compute()
    return value


class GamificationChallenge(models.Model):
    _inherit = "gamification.challenge"

    def _tv_board_payload(self):
        """The board's data in JSON, computed once per change and worker
        while boards are open: 50 boards that load after a win cost one
        computation, not 50. Each worker keeps the last payload of each
        challenge."""
        self.ensure_one()
        version = self._tv_board_version()
        if version is None:
            return self._tv_board_json()
        key = (
            self.env.cr.dbname,
            self.id,
            self.env.uid,
            self.env.lang,
            self.env.company.id,
        )
        cached = _payloads.get(key)
        if cached and cached[0] == version:
            return cached[1]
        payload = self._tv_board_json()
        _payloads[key] = (version, payload)
        return payload

    def _tv_board_version(self):
        """What identifies the board's figures, or None when it cannot be
        known.

        While boards are open, every change of the figures is followed, once
        its transaction committed, by a push on the challenge's channel
        (``_tv_push``): the pushes this transaction sees since the boards
        opened identify the figures it sees, up to the changes whose push is
        still to come (a board that loads because of a push sees that push).
        Their count, bounds and sum tell such sets apart, also when two
        pushes commit in the other order than they started.

        A transaction that began before the boards opened (give or take
        ``TV_CACHE_AFTER``) may change the figures without a push: until no
        such transaction runs, the figures are always computed. The
        challenge's and its goals' settings, and the day, complete the
        version.
        """
        now = fields.Datetime.now()
        since = self.tv_watched_since
        if not (
            since
            and since + TV_CACHE_AFTER <= now
            and self.tv_watched_until
            and self.tv_watched_until > now
        ):
            return None
        if self._tv_older_transactions(since + TV_CACHE_AFTER):
            return None
        cr = self.env.cr
        cr.execute(
            SQL(
                """SELECT count(*), min(id), max(id), sum(id) FROM bus_bus
                    WHERE channel = %s AND create_date >= %s""",
                json_dump(channel_with_db(cr.dbname, self._tv_channel())),
                since,
            )
        )
        notifications = cr.fetchone()
        return (
            since,
            self.env.company._sales_today(),
            self.write_date,
            max(self.line_ids.mapped("write_date"), default=None),
            max(self.line_ids.definition_id.mapped("write_date"), default=None),
            *notifications,
        )

    @api.model
    def _tv_older_transactions(self, moment):
        """How many other transactions of the database began before
        ``moment`` (a UTC datetime) and still run."""
        cr = self.env.cr
        # PostgreSQL keeps what a transaction read of the activity.
        cr.execute(SQL("SELECT pg_stat_clear_snapshot()"))
        cr.execute(
            SQL(
                """SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database()
                      AND pid <> pg_backend_pid()
                      AND xact_start < %s AT TIME ZONE 'UTC'""",
                moment,
            )
        )
        return cr.fetchone()[0]

    def _tv_board_json(self):
        # What this transaction sees dates from its start at the latest.
        self.env.cr.execute(SQL("SELECT EXTRACT(EPOCH FROM now())"))
        version = float(self.env.cr.fetchone()[0])
        return json.dumps(
            self._tv_board_data(version), ensure_ascii=False, default=json_default
        )

    def _tv_board_data(self, version=0.0):
        """What the TV board shows: the ranking of the running period (the
        last one once the challenge is over), each goal's progress, and the
        latest won deals of the participants in that period.

        A TV hangs in the sales room, where anyone may look: it shows what
        the challenge lets everybody see (``_tv_visible_ranking``), and the
        wins of those salespeople only.

        :param version: when the figures were read (seconds since the epoch),
            which the board compares to keep the newest
        """
        self.ensure_one()
        start, end = self._shown_period()
        today = self.env.company._sales_today()
        ranking = self._tv_visible_ranking(start, end)
        lines = self.line_ids.sorted(lambda line: (line.sequence, line.id))
        users = self.env["res.users"].concat(*(user for _row, user, _goals in ranking))
        names = self._tv_names(users)
        streaks = self._streaks(users)
        shown = (
            self.env["gamification.goal"]
            .concat(*(goals for _row, _user, goals in ranking))
            ._tv_progress(today)
        )
        rows = []
        for row, user, goals in ranking:
            by_line = {goal.line_id: goal for goal in goals}
            progress = []
            for line in lines:
                goal = by_line.get(line)
                progress.append(shown[goal.id] if goal else None)
            rows.append(
                {
                    "key": "user-%d" % user.id,
                    "rank": row.rank,
                    "user_id": user.id,
                    "name": names[user.id],
                    "reached": row.reached,
                    "completeness": row.completeness,
                    "streak": streaks[user.id],
                    "goals": progress,
                }
            )
        if self.competing_team_ids:
            rows = self._tv_team_rows(start, end)
        totals = self._tv_team_totals(start, end)
        return {
            "version": version,
            "challenge": self.name,
            "start": fields.Date.to_string(start) or "",
            "end": fields.Date.to_string(end) or "",
            "days_left": days_left(end, today),
            "lines": [
                {
                    "name": line.definition_id.name,
                    "suffix": line.definition_id._display_unit(),
                    "team": totals.get(line),
                }
                for line in lines
            ],
            "rows": rows,
            "wins": self._tv_latest_wins(start, end, users, names),
        }

    @api.model
    def _tv_names(self, users):
        """{user id: name} of ``users``, reading only the columns it takes: a
        user and a contact have a hundred."""
        users.fetch(["partner_id"])
        users.partner_id.fetch(["name"])
        return {user.id: user.partner_id.name for user in users}

    def _tv_team_rows(self, start, end):
        """The board's rows of a challenge between sales teams: one per
        team, as ``_period_team_ranking`` ranks them."""
        return [
            {
                "key": "team-%d" % row.team.id,
                "rank": row.rank.rank,
                "user_id": False,
                "name": row.team.name,
                "reached": row.rank.reached,
                "completeness": row.rank.completeness,
                "streak": 0,
                "goals": [
                    {
                        "current": result.line.definition_id._display_value(
                            result.current,
                            per_head=result.line.team_aggregate == "average",
                        ),
                        "target": result.line.definition_id._display_value(
                            result.target,
                            per_head=result.line.team_aggregate == "average",
                        ),
                        "completeness": min(result.completeness, 100.0),
                        "reached": result.reached,
                        "pace": "",
                        "off_pace": False,
                    }
                    for result in row.lines
                ],
            }
            for row in self._period_team_ranking(start, end)
        ]

    def _tv_team_totals(self, start, end):
        """{challenge line: {"current", "target"}} of the whole team in the
        period, formatted, and "completeness": the sums of every
        participant's goals, for the lines whose figures add up
        (``ADDITIVE_MODES``)."""
        totals = {}
        for goal in self._period_goals(start, end):
            line = goal.line_id
            if line.definition_id.computation_mode in ADDITIVE_MODES:
                current, target = totals.get(line, (0.0, 0.0))
                totals[line] = (current + goal.current, target + goal.target_goal)
        result = {}
        for line, (current, target) in totals.items():
            definition = line.definition_id
            condition = definition.condition
            reached = current <= target if condition == "lower" else current >= target
            result[line] = {
                "current": self._tv_display(definition, current),
                "target": self._tv_display(definition, target),
                "completeness": completeness(condition, target, current, reached),
            }
        return result

    def _tv_display(self, definition, value):
        """``definition._display_value(value)``, kept per worker."""
        return kept(
            (
                self.env.cr.dbname,
                "value",
                definition.id,
                definition.write_date,
                value,
                self.env.lang,
                self.env.company.id,
            ),
            lambda: definition._display_value(value),
        )

    def _tv_visible_ranking(self, start, end):
        """The rows of the period's ranking that the whole room may see: all
        of them with a full leaderboard, the top ``leaderboard_top`` with a
        private one, none when each salesperson sees only their own goals.

        :return: as ``_period_ranking``
        """
        if self.visibility_mode == "personal":
            return []
        ranking = self._period_ranking(start, end)
        if self.leaderboard_privacy != "full":
            ranking = ranking[: self.leaderboard_top]
        return ranking

    def _tv_latest_wins(self, start, end, users, names):
        """The latest won deals of ``users`` in the period, newest first
        (``names``: as ``_tv_names`` gives them)."""
        self.ensure_one()
        domain = WON_DOMAIN + [("user_id", "in", users.ids)]
        if start:
            domain.append(("date_closed", ">=", start))
        if end:
            domain.append(("date_closed", "<", day_after(end)))
        # Only what the board shows: a lead has a hundred columns.
        leads = self.env["crm.lead"].search_fetch(
            domain,
            ["user_id", "name", "expected_revenue", "company_id", "date_closed"],
            order="date_closed desc, id desc",
            limit=TV_WINS,
        )
        wins = []
        for lead in leads:
            # The lead's company_currency, without its computation.
            currency = (lead.company_id or self.env.company).currency_id
            amount = lead.expected_revenue
            wins.append(
                {
                    "id": lead.id,
                    "user": names[lead.user_id.id],
                    "name": lead.name,
                    "amount": kept(
                        (
                            self.env.cr.dbname,
                            "amount",
                            amount,
                            currency.id,
                            self.env.lang,
                        ),
                        lambda amount=amount, currency=currency: formatLang(
                            self.env, amount, currency_obj=currency
                        ),
                    ),
                    "date": fields.Datetime.to_string(lead.date_closed),
                }
            )
        return wins


class GamificationGoal(models.Model):
    _inherit = "gamification.goal"

    def _tv_progress(self, today):
        """{goal id: the goal as the TV board shows it}, formatted in the
        language of the context. Kept per worker until its value, target or
        state changes, its definition changes or the day turns: a push after
        a win formats the goals of that win only, and computes the pace of
        those only."""
        keys = {
            goal.id: (
                self.env.cr.dbname,
                "goal",
                goal.id,
                goal.current,
                goal.target_goal,
                goal.state,
                goal.completeness,
                goal.start_date,
                goal.end_date,
                goal.definition_id.write_date,
                self.env.lang,
                self.env.company.id,
                today,
            )
            for goal in self
        }
        # What a goal computes for itself, it computes for those to compute.
        todo = tuple(goal_id for goal_id, key in keys.items() if key not in _kept)
        return {
            goal_id: kept(
                key, self.browse(goal_id).with_prefetch(todo)._tv_progress_compute
            )
            for goal_id, key in keys.items()
        }

    def _tv_progress_compute(self):
        current, target = self._progress_display()
        return {
            "current": current,
            "target": target,
            "completeness": min(self.completeness, 100.0),
            "reached": self.state == "reached",
            # A verdict in a few words; no "too early".
            "pace": self.pace_short or "",
            "off_pace": self.pace_state in ("off_track", "worse"),
        }
