# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import namedtuple
from datetime import timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

# The computation modes evaluated by the KPI engine below; 'manually' and
# 'python' stay with Odoo's gamification.
KPI_MODES = ("count", "sum", "average", "ratio")
NUMERIC_TYPES = ("integer", "float", "monetary")
# Goals whose state the KPI engine moves; draft and canceled goals keep it.
LIVE_STATES = ("inprogress", "reached", "failed")


class KpiSpec(
    namedtuple(
        "KpiSpec",
        "mode model table field date_field date_type group_field "
        "user_expression condition min_sample base hits",
    )
):
    """A definition compiled for the engine (see ``_kpi_spec``)."""

    __slots__ = ()

    def domain(self, domain):
        """The records a value is computed from: an average ignores the
        records without a value."""
        if self.mode == "average":
            return list(domain) + [(self.field, "!=", False)]
        return list(domain)

    @staticmethod
    def compile(model, domain):
        """(FROM, WHERE, params) of ``domain`` as the ORM builds them, so
        that domains keep Odoo's meaning (archived records excluded unless
        the domain names ``active``). The FROM clause is always the model's
        table alone: a domain that joins other tables becomes a subquery,
        so that each record counts once and every KPI of a table can share
        one query."""
        # A clean context: the caller's (active_test=False, a language)
        # must not change what a KPI counts.
        model = model.with_context({})
        from_clause, where_clause, params = model._where_calc(domain).get_sql()
        table = '"%s"' % model._table
        if from_clause != table:
            where_clause = '%s."id" IN (SELECT %s."id" FROM %s WHERE %s)' % (
                table,
                table,
                from_clause,
                where_clause or "TRUE",
            )
        return (table, where_clause or "TRUE", tuple(params))

    @staticmethod
    def is_static(model, domain):
        """Whether the SQL of ``domain`` stays the same whatever the data:
        conditions on the table's own columns only. The SQL of a condition
        through a relation (``partner_id.country_id``), on a many2one by
        name or on a hierarchy holds ids found when it was built."""
        for leaf in domain:
            if not isinstance(leaf, (list, tuple)):
                continue
            name, operator, value = leaf
            field = model._fields.get(name)
            if (
                field is None
                or not (field.store and field.column_type)
                or operator in ("child_of", "parent_of")
            ):
                return False
            values = value if isinstance(value, (list, tuple)) else [value]
            if field.type == "many2one" and any(isinstance(v, str) for v in values):
                return False
        return True

    def period_sql(self, start_date, end_date):
        """SQL condition and params of a period, both days included. For a
        datetime field the period ends at the first instant of the day
        after ``end_date``, excluded, so the whole last day counts."""
        if not self.date_field:
            return "TRUE", ()
        column = '"%s"."%s"' % (self.table, self.date_field)
        conditions, params = [], []
        if start_date:
            conditions.append(column + " >= %s")
            params.append(
                start_date if self.date_type == "date" else start_date + " 00:00:00"
            )
        if end_date:
            if self.date_type == "date":
                conditions.append(column + " <= %s")
                params.append(end_date)
            else:
                day_after = fields.Date.from_string(end_date) + timedelta(days=1)
                conditions.append(column + " < %s")
                params.append(fields.Date.to_string(day_after) + " 00:00:00")
        return " AND ".join(conditions) or "TRUE", tuple(params)

    def value(self, count, total, hits):
        """(value, sample size) of ``count`` records whose field sums to
        ``total``, ``hits`` of them in a ratio's numerator."""
        if self.mode == "ratio":
            return 100.0 * hits / count, count
        if self.mode == "average":
            return float(total) / count, count
        if self.mode == "sum":
            return float(total), count
        return count, count


def evaluate_kpis(cr, items, group_values=None):
    """Values of KPIs over the same records' table, in one query.

    :param items: list of (spec, base, hits, start date, end date): the
        records of ``base`` (FROM, WHERE, params) in the period, of ``hits``
        for a ratio's numerator; every item shares the table, the FROM
        clause and the salesperson field
    :param group_values: the salesperson field's values to group by, and
        to keep; None for one group, whose key is None
    :return: list, in the order of ``items``, of {group value: (value,
        sample size)}; groups without records are absent. Goal values
        count every record, whoever may read it: no record rule applies.
    """
    results = [{} for _item in items]
    if group_values is not None:
        # A salesperson expression may give False: no record has it.
        group_values = {value for value in group_values if value not in (False, None)}
        if not group_values:
            return results
    columns, conditions, column_params, condition_params = [], [], [], []

    def add(column, where, period, period_params):
        condition = "((%s) AND %s)" % (where[1], period)
        columns.append(column % condition)
        column_params.extend(where[2] + period_params)
        conditions.append(condition)
        condition_params.extend(where[2] + period_params)

    for spec, base, hits, start_date, end_date in items:
        period, period_params = spec.period_sql(start_date, end_date)
        add("COUNT(*) FILTER (WHERE %s)", base, period, period_params)
        if spec.field:
            column = 'COALESCE(SUM("%s"."%s") FILTER (WHERE %%s), 0)' % (
                spec.table,
                spec.field,
            )
            add(column, base, period, period_params)
        if spec.mode == "ratio":
            add("COUNT(*) FILTER (WHERE %s)", hits, period, period_params)
    spec = items[0][0]
    group, group_sql, group_params = "NULL", "TRUE", ()
    if group_values is not None:
        group = '"%s"."%s"' % (spec.table, spec.group_field)
        group_sql, group_params = group + " IN %s", (tuple(group_values),)
    cr.execute(
        "SELECT %s, %s FROM %s WHERE (%s) AND %s GROUP BY 1"
        % (
            group,
            ", ".join(columns),
            items[0][1][0],
            " OR ".join(conditions),
            group_sql,
        ),
        column_params + condition_params + list(group_params),
    )
    for row in cr.fetchall():
        key, values = row[0], iter(row[1:])
        for result, (spec, _base, _hits, _start, _end) in zip(results, items):
            count = next(values)
            total = next(values) if spec.field else 0
            hits = next(values) if spec.mode == "ratio" else 0
            if count:
                result[key] = spec.value(count, total, hits)
    return results


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
    def create(self, vals):
        definition = super().create(vals)
        definition._kpi_clear_caches()
        return definition

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        self._kpi_clear_caches()
        return result

    @api.multi
    def unlink(self):
        result = super().unlink()
        self._kpi_clear_caches()
        return result

    def _kpi_clear_caches(self):
        """Forget ``_kpi_sources`` and ``_kpi_spec``, now and once the change
        is committed: a request that read the old definition meanwhile may
        have cached it again."""
        self.clear_caches()
        self.env.cr.after("commit", self.pool._clear_cache)

    @api.model
    @tools.ormcache("model_name")
    def _kpi_sources(self, model_name):
        """The batch KPI definitions on ``model_name``, for saving records.

        Cached until a definition changes: saving a record must not read
        the definitions to learn that it changes no KPI.

        :return: tuple of (definition id, names of the fields its value
            depends on, name of its salesperson field)
        """
        definitions = self.sudo().search(
            [
                ("model_id.model", "=", model_name),
                ("computation_mode", "in", KPI_MODES),
                ("batch_mode", "=", True),
                ("batch_distinctive_field", "!=", False),
            ]
        )
        return tuple(
            (
                definition.id,
                frozenset(definition._kpi_trigger_fields()),
                definition.batch_distinctive_field.name,
            )
            for definition in definitions
        )

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

    @api.model
    @tools.ormcache("definition_id")
    def _kpi_spec(self, definition_id):
        """What the engine needs of a definition, compiled once and cached
        until a definition changes: reading a definition and turning its
        domain into SQL costs more than the query itself.

        :return: KpiSpec; ``base`` and ``hits`` are the (FROM, WHERE,
            params) of the filter domain and of the ratio's numerator, for
            a definition in batch mode (its domain does not depend on the
            user) whose SQL does not depend on the data; None otherwise
            (see ``_kpi_where``)
        """
        definition = self.sudo().browse(definition_id)
        model = self.env[definition.model_id.model].sudo()
        field = definition.field_id.name or None
        group_field = None
        if definition.batch_mode and definition.batch_distinctive_field:
            group_field = definition.batch_distinctive_field.name
        spec = KpiSpec(
            mode=definition.computation_mode,
            model=model._name,
            table=model._table,
            field=field,
            date_field=definition.field_date_id.name or None,
            date_type=definition.field_date_id.ttype or None,
            group_field=group_field,
            user_expression=(definition.batch_user_expression or "user.id").strip(),
            condition=definition.condition,
            min_sample=definition.min_sample,
            base=None,
            hits=None,
        )
        if not group_field:
            return spec
        domains = safe_eval(definition.domain or "[]")
        if definition.computation_mode == "ratio":
            domains += safe_eval(definition.ratio_numerator_domain or "[]")
        if spec.is_static(model, domains):
            base, hits = definition._kpi_compile(spec)
            spec = spec._replace(base=base, hits=hits)
        return spec

    def _kpi_compile(self, spec):
        """(FROM, WHERE, params) of the filter domain and of the ratio's
        numerator (None for other modes) of a batch definition."""
        self.ensure_one()
        model = self.env[spec.model].sudo()
        domain = spec.domain(safe_eval(self.domain))
        hits = None
        if spec.mode == "ratio":
            hits = spec.compile(model, domain + safe_eval(self.ratio_numerator_domain))
        return spec.compile(model, domain), hits

    def _kpi_where(self, spec):
        """The compiled domains of a batch definition: from the cache when
        their SQL does not depend on the data, compiled now otherwise."""
        if spec.base is not None:
            return spec.base, spec.hits
        return self._kpi_compile(spec)

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
        spec = self._kpi_spec(self.id)
        values = dict.fromkeys(users.ids, (0.0, 0))
        if spec.group_field:
            if spec.user_expression == "user.id":
                keys = {user_id: user_id for user_id in users.ids}
            else:
                keys = {
                    user.id: safe_eval(spec.user_expression, {"user": user})
                    for user in users
                }
            base, hits = self._kpi_where(spec)
            (results,) = evaluate_kpis(
                self.env.cr,
                [(spec, base, hits, start_date, end_date)],
                set(keys.values()),
            )
            for user_id, key in keys.items():
                values[user_id] = results.get(key, (0.0, 0))
            return values
        # The domain depends on the user: one evaluation per user.
        model = self.env[spec.model].sudo()
        for user in users:
            domain = spec.domain(safe_eval(self.domain, {"user": user}))
            hits = None
            if spec.mode == "ratio":
                numerator = domain + safe_eval(self.ratio_numerator_domain)
                hits = spec.compile(model, numerator)
            (result,) = evaluate_kpis(
                self.env.cr,
                [(spec, spec.compile(model, domain), hits, start_date, end_date)],
            )
            values[user.id] = result.get(None, (0.0, 0))
        return values

    def _kpi_reached(self, target, value, sample):
        """Whether ``value``, computed over ``sample`` records, meets ``target``."""
        self.ensure_one()
        spec = self._kpi_spec(self.id)
        if sample < spec.min_sample:
            return False
        if spec.condition == "lower":
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
