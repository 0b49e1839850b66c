# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

# The computation modes evaluated by the KPI engine below; 'manually' and
# 'python' stay with Odoo's gamification.
KPI_MODES = ("count", "sum", "average", "ratio")
NUMERIC_TYPES = ("integer", "float", "monetary")
# Goals whose state the KPI engine moves; draft and canceled goals keep it.
LIVE_STATES = ("inprogress", "reached", "failed")
# The goals that saving a record refreshes: running today, of a running
# challenge or of none. SQL condition on ``goal`` and ``challenge`` (LEFT
# JOIN) with a ``today`` parameter.
RUNNING_GOAL_SQL = """
    goal.state IN ('inprogress', 'reached') AND NOT goal.closed
    AND (goal.start_date IS NULL OR goal.start_date <= %(today)s)
    AND (goal.end_date IS NULL OR goal.end_date >= %(today)s)
    AND (challenge.id IS NULL OR challenge.state = 'inprogress')
"""


class GamificationGoalDefinition(models.Model):
    """The KPI engine: goal values computed with grouped SQL aggregates.

    A definition counts, sums, averages or compares (ratio) the records of
    ``model_id`` that match ``domain`` and whose ``field_date_id`` lies in a
    goal's period. In batch mode, one query per period serves every user:
    records are grouped by ``batch_distinctive_field`` and matched to users
    with ``batch_user_expression`` (e.g. ``user_id`` and ``user.id``).
    Without batch mode, ``domain`` may refer to ``user`` and is evaluated
    once per user.
    """

    _inherit = "gamification.goal.definition"

    computation_mode = fields.Selection(
        selection_add=[
            ("average", "Automatic: average of a field"),
            ("ratio", "Automatic: ratio of two counts (%)"),
        ]
    )
    ratio_numerator_domain = fields.Char(
        "Numerator Domain",
        help="For a ratio: the records of the filter domain that count in the "
        "numerator, e.g. [('probability', '=', 100)] for won deals among "
        "closed ones. The value is 100 x numerator / denominator.",
    )
    min_sample = fields.Integer(
        "Minimum Sample",
        default=0,
        help="For an average or a ratio: below this number of records the "
        "goal cannot be reached (one won deal out of one is not a 100% win "
        "rate worth a badge). The current value is still shown.",
    )

    @api.constrains(
        "computation_mode",
        "model_id",
        "field_id",
        "field_date_id",
        "domain",
        "ratio_numerator_domain",
        "min_sample",
        "batch_mode",
        "batch_distinctive_field",
    )
    def _check_kpi_configuration(self):
        for definition in self:
            if definition.min_sample < 0:
                raise ValidationError(
                    _("The minimum sample of '%s' cannot be negative.")
                    % definition.name
                )
            if definition.computation_mode not in KPI_MODES:
                continue
            if not definition.model_id:
                raise ValidationError(
                    _("The goal definition '%s' needs a model.") % definition.name
                )
            if definition.computation_mode in ("sum", "average"):
                if not definition.field_id:
                    raise ValidationError(
                        _("The goal definition '%s' needs a field to compute.")
                        % definition.name
                    )
                definition._check_kpi_field(definition.field_id, NUMERIC_TYPES)
            if definition.field_date_id:
                definition._check_kpi_field(
                    definition.field_date_id, ("date", "datetime")
                )
            if definition.batch_mode and definition.batch_distinctive_field:
                definition._check_kpi_field(
                    definition.batch_distinctive_field, ("many2one", "integer")
                )
            definition._check_kpi_domain(definition.domain)
            if definition.computation_mode == "ratio":
                if not definition.ratio_numerator_domain:
                    raise ValidationError(
                        _("The ratio '%s' needs a numerator domain.") % definition.name
                    )
                definition._check_kpi_domain(definition.ratio_numerator_domain)

    def _check_kpi_field(self, field, types):
        """The field must be a stored column of the definition's own table."""
        self.ensure_one()
        model = self.env[self.model_id.model]
        model_field = model._fields.get(field.name)
        if field.model != model._name or model_field is None:
            raise ValidationError(
                _("The field '%s' of the goal definition '%s' is not a field of %s.")
                % (field.field_description, self.name, self.model_id.name)
            )
        if not (model_field.store and model_field.column_type) or model_field.inherited:
            raise ValidationError(
                _("The field '%s' of the goal definition '%s' is not stored.")
                % (field.field_description, self.name)
            )
        if model_field.type not in types:
            raise ValidationError(
                _(
                    "The field '%s' of the goal definition '%s' has the wrong type "
                    "(%s; expected: %s)."
                )
                % (
                    field.field_description,
                    self.name,
                    model_field.type,
                    ", ".join(types),
                )
            )

    def _check_kpi_domain(self, domain):
        self.ensure_one()
        try:
            evaluated = safe_eval(domain or "[]", {"user": self.env.user})
            if not isinstance(evaluated, (list, tuple)):
                raise ValueError(_("a domain is a list of conditions"))
            self.env[self.model_id.model].sudo().search_count(list(evaluated))
        except Exception as error:
            raise ValidationError(
                _("The domain %s of the goal definition '%s' is invalid: %s")
                % (domain, self.name, error)
            )
        if self.batch_mode:
            try:
                safe_eval(domain or "[]")
            except Exception:
                raise ValidationError(
                    _(
                        "In batch mode, the domain of the goal definition '%s' "
                        "cannot refer to 'user': one query serves every user."
                    )
                    % self.name
                )

    # KPI engine

    @api.model
    def _kpi_live_definitions(self, model_name):
        """The batch KPI definitions on ``model_name`` that have running goals:
        goals in progress or reached, not closed, whose period contains today,
        of a running challenge (or of none)."""
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            """
            SELECT DISTINCT definition.id
              FROM gamification_goal_definition AS definition
              JOIN ir_model AS model ON model.id = definition.model_id
              JOIN gamification_goal AS goal ON goal.definition_id = definition.id
              LEFT JOIN gamification_challenge AS challenge
                     ON challenge.id = goal.challenge_id
             WHERE model.model = %(model)s
               AND definition.computation_mode IN %(modes)s
               AND definition.batch_mode
               AND definition.batch_distinctive_field IS NOT NULL
               AND """
            + RUNNING_GOAL_SQL,
            {"model": model_name, "modes": KPI_MODES, "today": today},
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _kpi_trigger_fields(self):
        """Names of the fields of the definition's model its value depends on:
        a record written in another field cannot move the goals."""
        self.ensure_one()
        model = self.env[self.model_id.model]
        names = {
            field.name
            for field in (
                self.field_id | self.field_date_id | self.batch_distinctive_field
            )
        }
        if "active" in model._fields:
            names.add("active")
        for domain in (self.domain, self.ratio_numerator_domain):
            for leaf in safe_eval(domain or "[]"):
                if isinstance(leaf, (list, tuple)) and len(leaf) == 3:
                    names.add(leaf[0].split(".")[0])
        return names

    def _kpi_period_domain(self, start_date, end_date):
        """Domain on the date field for a period, inclusive of both dates.

        For a datetime field the period ends at the first instant of the day
        after ``end_date`` (excluded), so the whole last day counts.
        """
        self.ensure_one()
        date_field = self.field_date_id
        if not date_field:
            return []
        domain = []
        if date_field.ttype == "date":
            if start_date:
                domain.append((date_field.name, ">=", start_date))
            if end_date:
                domain.append((date_field.name, "<=", end_date))
            return domain
        if start_date:
            domain.append((date_field.name, ">=", start_date + " 00:00:00"))
        if end_date:
            day_after = fields.Date.from_string(end_date) + timedelta(days=1)
            domain.append(
                (date_field.name, "<", fields.Date.to_string(day_after) + " 00:00:00")
            )
        return domain

    def _kpi_aggregate(self, domain, group_field=None):
        """Count and sum the records matching ``domain`` in one query.

        :return: {group value: (count, total)}; with no ``group_field``, the
            only key is None. ``total`` is the sum of ``field_id`` (0 without
            a field). Goal values are computed over every record, whoever can
            read it, hence sudo.
        """
        self.ensure_one()
        model = self.env[self.model_id.model].sudo()
        query = model._where_calc(domain)
        from_clause, where_clause, params = query.get_sql()
        table = model._table
        total = 'SUM("%s"."%s")' % (table, self.field_id.name) if self.field_id else "0"
        group = '"%s"."%s"' % (table, group_field) if group_field else "NULL"
        self.env.cr.execute(
            "SELECT %s, COUNT(*), COALESCE(%s, 0) FROM %s WHERE %s GROUP BY 1"
            % (group, total, from_clause, where_clause or "TRUE"),
            params,
        )
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    def _kpi_evaluate(self, domain, group_field=None):
        """{group value: (value, sample size)} of this definition for ``domain``."""
        self.ensure_one()
        mode = self.computation_mode
        if mode == "average":
            # Records without a value do not weigh in the average.
            domain = domain + [(self.field_id.name, "!=", False)]
        aggregates = self._kpi_aggregate(domain, group_field)
        if mode == "ratio":
            numerator = safe_eval(self.ratio_numerator_domain)
            hits = self._kpi_aggregate(domain + numerator, group_field)
            return {
                key: (100.0 * hits.get(key, (0, 0))[0] / count, count)
                for key, (count, _total) in aggregates.items()
            }
        if mode == "average":
            return {
                key: (float(total) / count, count)
                for key, (count, total) in aggregates.items()
            }
        if mode == "sum":
            return {
                key: (float(total), count) for key, (count, total) in aggregates.items()
            }
        return {key: (count, count) for key, (count, _total) in aggregates.items()}

    @api.multi
    def _kpi_values(self, users, start_date=False, end_date=False):
        """Value and sample size of this definition for each user over a period.

        :param users: res.users recordset
        :param start_date, end_date: the period's first and last day
            (``YYYY-MM-DD`` strings, both included); False for no bound
        :return: {user id: (value, sample size)}; a user without records
            gets (0.0, 0)
        """
        self.ensure_one()
        period = self._kpi_period_domain(start_date, end_date)
        values = dict.fromkeys(users.ids, (0.0, 0))
        if self.batch_mode and self.batch_distinctive_field:
            field_name = self.batch_distinctive_field.name
            expression = (self.batch_user_expression or "user.id").strip()
            if expression == "user.id":
                keys = {user_id: user_id for user_id in users.ids}
            else:
                keys = {
                    user.id: safe_eval(expression, {"user": user}) for user in users
                }
            domain = safe_eval(self.domain) + period
            domain.append((field_name, "in", list(set(keys.values()))))
            results = self._kpi_evaluate(domain, field_name)
            for user_id, key in keys.items():
                values[user_id] = results.get(key, (0.0, 0))
            return values
        for user in users:
            domain = safe_eval(self.domain, {"user": user}) + period
            values[user.id] = self._kpi_evaluate(domain).get(None, (0.0, 0))
        return values

    def _kpi_reached(self, target, value, sample):
        """Whether ``value``, computed over ``sample`` records, meets ``target``."""
        self.ensure_one()
        if sample < self.min_sample:
            return False
        if self.condition == "lower":
            # Doing nothing is no achievement: no records, no success.
            return sample > 0 and value <= target
        return value >= target

    def _kpi_goal_changes(self, goal, value, sample, today):
        """The columns of ``goal`` to change for a new value.

        :param goal: the goal's row, as read by ``update_goal``
        :param today: ``YYYY-MM-DD``; a goal not reached once its end date
            has passed is failed and closed, even if its value is unchanged
        :return: {column: new value}, empty when nothing changes
        """
        self.ensure_one()
        changes = {}
        if value != goal["current"]:
            changes["current"] = value
        if sample != goal["sample_size"]:
            changes["sample_size"] = sample
        if goal["state"] in LIVE_STATES and not goal["closed"]:
            if self._kpi_reached(goal["target_goal"], value, sample):
                state = "reached"
            elif goal["end_date"] and today > goal["end_date"]:
                state = "failed"
                changes["closed"] = True
            else:
                state = "inprogress"
            if state != goal["state"]:
                changes["state"] = state
        return changes
