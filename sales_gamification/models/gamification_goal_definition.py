# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL, formatLang
from odoo.tools.safe_eval import safe_eval

from ..engine.expressions import SALES_MODELS
from ..engine.kpi import KPI_MODES, KpiSpec
from ..engine.queries import KpiItem, kpi_query, read_kpi_rows

_logger = logging.getLogger(__name__)

NUMERIC_TYPES = ("integer", "float", "monetary")


def compile_domain(model, domain):
    """SQL condition on ``model``'s table of the records in ``domain``, as
    the ORM's search builds it for ``model``'s user: archived records
    excluded unless the domain names ``active``, and the user's record rules
    applied (none for the system). Joins become a subquery: each record
    counts once, and every KPI of a table can share a query."""
    query = model._search(domain)
    if query._joins:
        return SQL("%s IN %s", SQL.identifier(model._table, "id"), query.subselect())
    return query.where_clause or SQL("TRUE")


def is_static(model, domain):
    """Whether the SQL of ``domain`` stays the same whatever the data:
    conditions on the table's own columns only. The SQL of a condition
    through a relation (``partner_id.country_id``, ``any``), on a many2one
    by name or on a hierarchy holds ids found when it was built."""
    for leaf in domain:
        if not isinstance(leaf, list | tuple):
            continue
        name, operator, value = leaf
        field = model._fields.get(name)
        if (
            field is None
            or not (field.store and field.column_type)
            or operator in ("child_of", "parent_of", "any", "not any")
        ):
            return False
        values = value if isinstance(value, list | tuple) else [value]
        if field.type == "many2one" and any(isinstance(v, str) for v in values):
            return False
    return True


class GamificationGoalDefinition(models.Model):
    """Goal definitions computed by the KPI engine (``engine/``).

    A definition counts, sums, averages or compares (ratio) the records of
    ``model_id`` that match ``domain`` and whose ``field_date_id`` lies in a
    goal's period. In batch mode, one query per table serves every user and
    period: records are grouped by ``batch_distinctive_field`` and matched
    to users with ``batch_user_expression`` (e.g. ``user_id`` and
    ``user.id``). Without batch mode, ``domain`` may refer to ``user`` and
    is evaluated once per user.
    """

    _name = "gamification.goal.definition"
    _inherit = ["gamification.goal.definition", "sales_gamification.valid.values"]
    # Sales definitions before Odoo's onboarding ones (Set your Timezone...),
    # in the lists and in a challenge line's dropdown.
    _order = "is_sales desc, id"

    active = fields.Boolean(
        default=True,
        help="Archived definitions are not offered for new goals; goals "
        "already using them are still computed.",
    )
    computation_mode = fields.Selection(
        selection_add=[
            ("average", "Automatic: average of a field"),
            ("ratio", "Automatic: ratio of two counts (%)"),
        ],
        ondelete={"average": "set default", "ratio": "set default"},
    )
    ratio_numerator_domain = fields.Char(
        "Numerator Domain",
        help="For a ratio: the records of the filter domain that count in the "
        "numerator, e.g. [('probability', '=', 100)] for won deals among "
        "closed ones. The value is 100 x numerator / denominator.",
    )
    is_sales = fields.Boolean(
        "Sales Goal",
        compute="_compute_is_sales",
        store=True,
        help="Counted on CRM, Sales or Invoicing records: listed first.",
    )
    min_sample = fields.Integer(
        "Minimum Sample",
        default=0,
        help="For an average or a ratio: below this number of records the "
        "goal cannot be reached (one won deal out of one is not a 100% win "
        "rate worth a badge). The current value is still shown.",
    )

    @api.depends("model_id")
    def _compute_is_sales(self):
        for definition in self:
            definition.is_sales = definition.model_id.model in SALES_MODELS

    def _display_value(self, value, per_head=False):
        """``value`` of this definition as the screens show it, in the
        language of the context: counts without decimals (unless divided
        ``per_head``, a team's count per member), amounts in the
        company's currency, with its symbol where the currency puts it and
        its decimals (``1.234.567 ₫`` in Vietnamese, ``$ 1,234.50`` in
        English)."""
        self.ensure_one()
        lang = self.env.context.get("lang") or self.env.user.lang or "en_US"
        env = self.with_context(lang=lang).env
        if self.monetary:
            return formatLang(env, value, currency_obj=self.env.company.currency_id)
        digits = 0 if self.computation_mode == "count" and not per_head else 2
        return formatLang(env, value, digits=digits)

    def _display_unit(self):
        """What follows a value formatted by ``_display_value``: the
        definition's suffix; an amount carries its currency itself."""
        self.ensure_one()
        return self.suffix or ""

    @api.model_create_multi
    def create(self, vals_list):
        definitions = super().create(vals_list)
        self._kpi_clear_caches()
        return definitions

    def write(self, vals):
        result = super().write(vals)
        self._kpi_clear_caches()
        return result

    def unlink(self):
        result = super().unlink()
        self._kpi_clear_caches()
        return result

    def _kpi_clear_caches(self):
        """Forget ``_kpi_sources`` and ``_kpi_spec``, now and once the change
        is committed: a request that read the old definition meanwhile may
        have cached it again."""
        self.env.registry.clear_cache()
        self.env.cr.postcommit.add(self.env.registry.clear_cache)

    @api.model
    @tools.ormcache("model_name")
    def _kpi_sources(self, model_name):
        """The batch KPI definitions on ``model_name``, for saving records.

        Cached until a definition changes: saving a record must not read
        the definitions to learn that it changes no KPI.

        :return: tuple of (definition id, names of the fields its value
            depends on, name of its salesperson field)
        """
        # Saving a record refreshes the goals whoever saves it.
        definitions = self.sudo().search(
            [
                ("model_id.model", "=", model_name),
                ("computation_mode", "in", KPI_MODES),
                ("batch_mode", "=", True),
                ("batch_distinctive_field", "!=", False),
            ]
        )
        sources = []
        for definition in definitions:
            try:
                triggers = frozenset(definition._kpi_trigger_fields())
            except Exception:
                # Saved before this check existed, or broken since by a
                # change of its model: its goals wait for the cron, the
                # save goes on.
                _logger.exception(
                    "The goal definition %s is ignored when records are saved.",
                    definition.id,
                )
                continue
            sources.append(
                (definition.id, triggers, definition.batch_distinctive_field.name)
            )
        return tuple(sources)

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
                # (1, "=", 1) and (0, "=", 1) are Odoo's constant leaves.
                if isinstance(leaf, list | tuple) and isinstance(leaf[0], str):
                    names.add(leaf[0].split(".")[0])
        return names

    @api.model
    @tools.ormcache("definition_id")
    def _kpi_spec(self, definition_id):
        """The definition compiled for the engine, cached until a definition
        changes: reading a definition and turning its domain into SQL costs
        more than the query itself.

        :return: KpiSpec; its ``base`` and ``hits`` are set for a batch
            definition whose SQL does not depend on the data, None otherwise
            (see ``_kpi_conditions``)
        """
        # Goals are computed from every record, whoever asks.
        return self.sudo().browse(definition_id)._kpi_build_spec()

    def _kpi_build_spec(self):
        """The definition compiled for the engine (see ``_kpi_spec``)."""
        self.ensure_one()
        model = self._kpi_model()
        mode, field = self.computation_mode, self.field_id
        if mode == "sum" and field.ttype not in NUMERIC_TYPES:
            # As in Odoo: a sum of a field that is not a number counts.
            mode, field = "count", field.browse()
        group_field = None
        if self.batch_mode and self.batch_distinctive_field:
            group_field = self.batch_distinctive_field.name
        source = SQL.identifier(model._table)
        if model._table_query:
            # A report: its query, under the name its columns are read with.
            source = SQL("%s AS %s", model._table_sql, source)
        spec = KpiSpec(
            mode=mode,
            table=model._table,
            source=source,
            field=field.name or None,
            date_field=self.field_date_id.name or None,
            date_type=self.field_date_id.ttype or None,
            group_field=group_field,
            user_expression=(self.batch_user_expression or "user.id").strip(),
            condition=self.condition,
            min_sample=self.min_sample,
            base=None,
            hits=None,
        )
        if not group_field:
            return spec
        domains = safe_eval(self.domain or "[]")
        if self.computation_mode == "ratio":
            domains += safe_eval(self.ratio_numerator_domain or "[]")
        if is_static(
            model, domains + model.env["ir.rule"]._compute_domain(model._name)
        ):
            base, hits = self._kpi_compile(spec)
            spec = spec._replace(base=base, hits=hits)
        return spec

    def _kpi_model(self):
        """The definition's model as its goals read it: within the record
        rules of the sales manager who last saved it (``reach_user_id``),
        as the system otherwise. A clean context: the caller's
        (active_test=False, a language) must not change what a KPI counts."""
        model = self.env(context={})[self.model_id.model]
        if self.reach_user_id:
            return model.with_user(self.reach_user_id)
        return model.sudo()

    def _kpi_compile(self, spec, user=None):
        """SQL conditions of the filter domain and of the ratio's numerator
        (None for other modes), for ``user`` when the domain depends on it."""
        self.ensure_one()
        model = self._kpi_model()
        context = {"user": user} if user else {}
        domain = safe_eval(self.domain or "[]", context)
        if spec.mode == "average":
            # An average ignores the records without a value.
            domain = list(domain) + [(spec.field, "!=", False)]
        hits = None
        if spec.mode == "ratio":
            numerator = safe_eval(self.ratio_numerator_domain or "[]", context)
            hits = compile_domain(model, list(domain) + list(numerator))
        return compile_domain(model, domain), hits

    def _kpi_item(self, start, end, user=None, spec=None):
        """The engine's ``KpiItem`` of this definition over a period (its
        ``spec`` when the caller has it already)."""
        self.ensure_one()
        spec = spec or self._kpi_spec(self.id)
        if spec.base is not None and user is None:
            return KpiItem(spec, spec.base, spec.hits, start, end)
        return KpiItem(spec, *self._kpi_compile(spec, user), start, end)

    @api.model
    def _kpi_evaluate(self, items, group_values=None):
        """Run the engine's query for ``items`` (sharing a table).

        :return: as ``engine.queries.read_kpi_rows``
        """
        query = kpi_query(items, group_values, self.env.company._sales_tz())
        if query is None:
            return [{} for _item in items]
        # Stored fields computed by the save that triggered this refresh may
        # still wait in the cache.
        self.env.flush_all()
        return read_kpi_rows(items, self.env.execute_query(query))

    def _kpi_values(self, users, start=None, end=None):
        """Value and sample size of this definition for each user over a
        period.

        :param users: res.users recordset
        :param start, end: the period's first and last day (dates, both
            included); None for no bound
        :return: {user id: (value, sample size)}; a user without records
            gets (0.0, 0)
        """
        self.ensure_one()
        spec = self._kpi_spec(self.id)
        values = dict.fromkeys(users.ids, (0.0, 0))
        if spec.group_field:
            keys = {user.id: self._kpi_user_key(spec, user) for user in users}
            (results,) = self._kpi_evaluate(
                [self._kpi_item(start, end)], set(keys.values())
            )
            for user_id, key in keys.items():
                values[user_id] = results.get(key, (0.0, 0))
            return values
        # The domain depends on the user: one query per user.
        for user in users:
            (result,) = self._kpi_evaluate([self._kpi_item(start, end, user)])
            values[user.id] = result.get(None, (0.0, 0))
        return values

    def _kpi_team_values(self, teams, start=None, end=None):
        """Value and sample size of this definition for each sales team over
        a period, from the records of the team: their own ``team_id``, the
        team they were made in, whoever made them.

        :return: {team id: (value, sample size)}; a team without records
            gets (0.0, 0)
        """
        self.ensure_one()
        error = self._kpi_team_error()
        if error:
            raise UserError(error)
        spec = self._kpi_spec(self.id)
        spec = spec._replace(group_field="team_id")
        (results,) = self._kpi_evaluate(
            [self._kpi_item(start, end, spec=spec)], set(teams.ids)
        )
        return {team.id: results.get(team.id, (0.0, 0)) for team in teams}

    @api.model
    def _kpi_user_key(self, spec, user):
        """The salesperson column's value that is ``user``'s."""
        if spec.user_expression == "user.id":
            return user.id
        return safe_eval(spec.user_expression, {"user": user})
