# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..engine.kpi import ADDITIVE_MODES, KPI_MODES, completeness
from ..engine.pace import Early, projection, trend
from ..engine.periods import days_left

# The pace of a goal (``_compute_pace``), as screens style it.
PACE_STATES = [
    ("on_track", "On track"),
    ("off_track", "Off track"),
    ("better", "Better than last period"),
    ("same", "Same as last period"),
    ("worse", "Worse than last period"),
]


class GamificationGoal(models.Model):
    _name = "gamification.goal"
    _inherit = ["gamification.goal", "sales_gamification.valid.values"]

    # Dollars, leads and days are never added up or averaged together (Goal
    # History, the Goals list's groups): what adds up across goals is their
    # percentage of target, stored for that, and averaged.
    current = fields.Float(aggregator=False)
    target_goal = fields.Float(aggregator=False)
    completeness = fields.Float("% of Target", store=True, aggregator="avg")
    sample_size = fields.Integer(
        readonly=True,
        aggregator=False,
        help="Number of records the current value is computed from (for an "
        "average or a ratio: the denominator).",
    )
    definition_min_sample = fields.Integer(related="definition_id.min_sample")
    recognized = fields.Boolean(
        readonly=True,
        copy=False,
        help="The salesperson was congratulated for reaching this goal. It "
        "happens once, even if the goal drops and is reached again.",
    )
    reached_date = fields.Datetime(
        "Reached On",
        readonly=True,
        copy=False,
        help="When the goal was reached: of two salespeople equal in every "
        "other way, the first to reach their goals ranks first.",
    )
    days_left = fields.Integer(
        compute="_compute_days_left",
        help="Days until the end of the goal's period, today included.",
    )
    days_left_display = fields.Char("Days Left Shown", compute="_compute_days_left")
    current_display = fields.Char(
        "Current Value Shown", compute="_compute_progress_display"
    )
    target_display = fields.Char(
        "Target Value Shown", compute="_compute_progress_display"
    )
    unit_display = fields.Char("Unit", related="definition_id.suffix")
    pace_state = fields.Selection(PACE_STATES, "Pace", compute="_compute_pace")
    pace_display = fields.Char("Pace Shown", compute="_compute_pace")
    pace_short = fields.Char(
        "Pace Shown on TV",
        compute="_compute_pace",
        help="The verdict of the pace in a few words, for a room screen.",
    )
    pace_urgent = fields.Boolean(
        compute="_compute_pace",
        help="Off track with a third of the period's working days left or fewer.",
    )
    team_rank_display = fields.Char(
        "Team Rank",
        compute="_compute_team_rank_display",
        help="In a challenge between sales teams: the rank of the "
        "salesperson's team in the goal's period.",
    )
    streak = fields.Integer(
        compute="_compute_streak",
        help="Closed periods in a row of the goal's challenge in which the "
        "salesperson reached every goal.",
    )

    @api.constrains("target_goal", "definition_id")
    def _check_target_goal(self):
        for goal in self:
            goal.definition_id._check_target(goal.target_goal)

    @api.depends("end_date")
    @api.depends_context("lang", "company")
    def _compute_days_left(self):
        today = self.env.company._sales_today()
        for goal in self:
            goal.days_left = days_left(goal.end_date, today)
            if goal.days_left == 1:
                goal.days_left_display = self.env._("Last day")
            elif goal.days_left:
                goal.days_left_display = self.env._(
                    "%(days)s days left", days=goal.days_left
                )
            else:
                goal.days_left_display = False

    @api.depends("current", "target_goal", "start_date", "end_date", "state")
    @api.depends_context("lang", "company")
    def _compute_pace(self):
        """Where a running goal lands at the end of its period at its rate so
        far (``engine.pace.projection``), for the goals that add up and where
        higher is better: none once reached, and none, saying so, while too
        little of the period has passed. For the others, how its value moves
        against the same goal of the period before (``engine.pace.trend``)."""
        self.pace_state = self.pace_display = self.pace_short = False
        self.pace_urgent = False
        today = self.env.company._sales_today()
        running = self.filtered(
            lambda g: g.state in ("inprogress", "reached")
            and g.start_date
            and g.end_date
            and g.start_date <= today <= g.end_date
        )
        previous = running._previous_values()
        calendars = {}
        _ = self.env._
        for goal in running:
            definition = goal.definition_id
            if (
                definition.computation_mode in ADDITIVE_MODES
                and definition.condition == "higher"
            ):
                if goal.current >= goal.target_goal:
                    # Reached: its state says so, no projection.
                    continue
                period = goal.start_date, goal.end_date
                if period not in calendars:
                    calendars[period] = self.env.company._sales_working_days(*period)
                pace = projection(
                    goal.current, goal.target_goal, *period, today, *calendars[period]
                )
                if not pace:
                    continue
                if isinstance(pace, Early):
                    goal.pace_display = _(
                        "Too early for a pace: from working day %(day)s of %(total)s",
                        day=pace.first_day,
                        total=pace.total,
                    )
                    continue
                landing = definition._display_value(pace.projection)
                goal.pace_state = "on_track" if pace.on_track else "off_track"
                goal.pace_urgent = pace.urgent
                if pace.on_track:
                    goal.pace_display = _(
                        "On track: %s by the end of the period", landing
                    )
                    goal.pace_short = _("On track: %s", landing)
                else:
                    goal.pace_display = _(
                        "Off track: %s by the end of the period", landing
                    )
                    goal.pace_short = _("Off track: %s", landing)
                continue
            before = previous.get((goal.line_id.id, goal.user_id.id))
            move = trend(
                goal.current,
                before,
                definition.condition == "lower",
            )
            if move is None:
                continue
            shown = definition._display_value(before)
            goal.pace_state, goal.pace_display, goal.pace_short = {
                1: (
                    "better",
                    _("▲ Better than last period (%s)", shown),
                    _("▲ Better than last period"),
                ),
                0: (
                    "same",
                    _("= Same as last period (%s)", shown),
                    _("= Same as last period"),
                ),
                -1: (
                    "worse",
                    _("▼ Worse than last period (%s)", shown),
                    _("▼ Worse than last period"),
                ),
            }[move]

    def _previous_values(self):
        """{(challenge line id, user id): value} of the goals' previous
        period: the latest closed goal of the same line and salesperson
        before each goal's period."""
        if not self:
            return {}
        earlier = self.sudo().search(
            [
                ("line_id", "in", self.line_id.ids),
                ("user_id", "in", self.user_id.ids),
                ("closed", "=", True),
                ("end_date", "<", max(self.mapped("start_date"))),
            ],
            order="end_date desc",
        )
        by_key = {}
        for before in earlier:
            by_key.setdefault((before.line_id.id, before.user_id.id), []).append(before)
        values = {}
        for goal in self:
            key = goal.line_id.id, goal.user_id.id
            for before in by_key.get(key, ()):
                if before.end_date < goal.start_date:
                    values[key] = before.current
                    break
        return values

    @api.depends("challenge_id", "user_id", "start_date", "end_date")
    @api.depends_context("lang")
    def _compute_team_rank_display(self):
        self.team_rank_display = False
        for (challenge, start, end), goals in self.grouped(
            lambda g: (g.challenge_id, g.start_date, g.end_date)
        ).items():
            if not challenge.competing_team_ids:
                continue
            ranking = challenge.sudo()._period_team_ranking(start, end)
            for goal in goals:
                mine = [
                    row for row in ranking if goal.user_id in row.team._salespeople()
                ]
                if mine:
                    goal.team_rank_display = self.env._(
                        "%(team)s: rank %(rank)s of %(count)s",
                        team=mine[0].team.name,
                        rank=mine[0].rank.rank,
                        count=len(ranking),
                    )

    @api.depends("challenge_id", "user_id")
    def _compute_streak(self):
        for challenge, goals in self.grouped("challenge_id").items():
            streaks = challenge._streaks(goals.user_id) if challenge else {}
            for goal in goals:
                goal.streak = streaks.get(goal.user_id.id, 0)

    @api.depends("current", "target_goal", "definition_id")
    @api.depends_context("lang", "company")
    def _compute_progress_display(self):
        for goal in self:
            goal.current_display, goal.target_display = goal._progress_display()

    @api.depends(
        "current",
        "target_goal",
        "sample_size",
        "definition_id.condition",
        "definition_id.min_sample",
    )
    def _get_completion(self):
        """Percentage of completeness, between 0 and 100 (see
        ``engine.kpi.completeness``): a "lower is better" KPI goal without
        records is 0% complete, and a KPI goal short of its minimum sample is
        at most as complete as its sample."""
        Definition = self.env["gamification.goal.definition"]
        for goal in self:
            definition = goal.definition_id
            if definition.computation_mode in KPI_MODES:
                spec = Definition._kpi_spec(definition.id)
                reached = spec.reached(goal.target_goal, goal.current, goal.sample_size)
                sample, min_sample = goal.sample_size, spec.min_sample
            else:
                reached = goal.current <= goal.target_goal
                sample, min_sample = None, 0
            goal.completeness = completeness(
                goal.definition_condition,
                goal.target_goal,
                goal.current,
                reached,
                sample,
                min_sample,
            )

    def write(self, vals):
        # Manual and Python goals become reached through write().
        newly_reached = self.browse()
        if vals.get("state") == "reached":
            newly_reached = self.filtered(lambda g: g.state != "reached")
        elif vals.get("state"):
            vals = dict(vals, reached_date=False)
        result = super().write(vals)
        if newly_reached:
            newly_reached.write({"reached_date": fields.Datetime.now()})
            newly_reached._recognize_reached()
        return result

    @api.model
    def get_my_running_goals(self):
        """The current user's goals of running periods, for the top bar.

        :return: list of dicts, one per goal, in challenge and line order
        """
        today = self.env.company._sales_today()
        goals = self.search(
            [
                ("user_id", "=", self.env.uid),
                ("state", "in", ("inprogress", "reached")),
                ("challenge_id.state", "=", "inprogress"),
                ("start_date", "<=", today),
                ("end_date", ">=", today),
            ]
        )
        # Off track with a third of the period left: first.
        goals = goals.sorted(
            lambda g: (not g.pace_urgent, g.challenge_id.name, g.line_id.sequence, g.id)
        )
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
                    "suffix": goal.definition_id._display_unit(),
                    "completeness": goal.completeness,
                    "state": goal.state,
                    "days_left": goal.days_left,
                    "days_left_display": goal.days_left_display or "",
                    "pace": goal.pace_display or "",
                    "pace_state": goal.pace_state or "",
                    "urgent": goal.pace_urgent,
                }
            )
        return result

    def _progress_display(self):
        """(current value, target) of the goal, formatted in the language of
        the context (``definition._display_value``)."""
        self.ensure_one()
        definition = self.definition_id
        return (
            definition._display_value(self.current),
            definition._display_value(self.target_goal),
        )

    def _write_in_one_query(self, assignments, fnames):
        """Set columns of the goals with one UPDATE, where ``write()`` costs
        a query per hundred goals and a period's close writes thousands. What
        Odoo's ``write()`` of goals adds is kept: ``last_update`` is set.

        :param assignments: SQL of the SET clause, on the goal's columns
        :param fnames: the fields it sets
        """
        if not self:
            return
        self.check_access("write")
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                """UPDATE gamification_goal
                      SET %s, last_update = %s, write_uid = %s,
                          write_date = (now() AT TIME ZONE 'UTC')
                    WHERE id IN %s""",
                assignments,
                fields.Date.context_today(self),
                self.env.uid,
                tuple(self.ids),
            )
        )
        self.invalidate_recordset([*fnames, "last_update", "write_uid", "write_date"])
        self.modified(fnames)

    def _recognize_reached(self):
        """Mark the goals recognized, congratulate each goal's salesperson at
        once in the web client and tell the challenges' channels (one post
        per challenge for the goals reached together): once per goal, even
        if it drops and is reached again. A goal whose period has ended,
        reached as its period closes, is recognized by the close's badges
        and message: no congratulations for last month."""
        goals = self.filtered(lambda g: not g.recognized)
        if not goals:
            return
        # Salespeople cannot write goals; the engine marks them.
        goals.sudo()._write_in_one_query(SQL("recognized = TRUE"), ["recognized"])
        today = self.env.company._sales_today()
        gains = []
        lines = defaultdict(list)
        for goal in goals:
            goal = goal.with_context(lang=goal.user_id.lang)
            if not goal.end_date or goal.end_date >= today:
                lines[goal.challenge_id].append(goal._notify_reached())
            if goal.line_id.karma_reached > 0:
                gains.append(
                    (
                        goal.challenge_id,
                        goal.user_id,
                        goal.line_id.karma_reached,
                        goal.env._(
                            "Goal reached: %(goal)s, %(start)s – %(end)s",
                            goal=goal.definition_id.name,
                            start=goal.start_date,
                            end=goal.end_date,
                        ),
                    )
                )
        for challenge, texts in lines.items():
            # The challenge's channel may be private to the challenge's manager.
            challenge.sudo()._post_recognition(Markup("<br/>").join(texts))
        self.env["gamification.challenge"]._grant_karma(gains)
        # The challenge, not whoever saved the record, grants the badge.
        goals.challenge_id.sudo()._reward_reached_goals(goals)

    def _notify_reached(self):
        """Congratulate the goal's salesperson in the web client.

        :return: what the challenge's channel is told, as plain text
        """
        self.ensure_one()
        current, target = self._progress_display()
        unit = self.definition_id._display_unit()
        if unit:
            target += " " + unit
        self.user_id._notify_recognition(
            self.env._("Goal reached!"),
            self.env._(
                "%(goal)s: %(current)s of %(target)s.",
                goal=self.definition_id.name,
                current=current,
                target=target,
            ),
            "/sales_gamification/static/img/badge_top_salesperson.png",
        )
        return self.env._(
            "%(user)s reached the goal %(goal)s: %(current)s of %(target)s.",
            user=self.user_id.name,
            goal=self.definition_id.name,
            current=current,
            target=target,
        )
