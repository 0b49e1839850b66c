# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Who may write what in a goal definition, and what its goals may count.

An administrator's definition counts every record. A definition last saved
by anyone else (a sales manager) is computed within that author's reach:
on a sales model (``engine.expressions.SALES_MODELS``), through fields they
may read, and within their record rules (``reach_user_id``)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..engine.expressions import (
    REACHABLE_MODELS,
    SALES_MODELS,
    domain_error,
    expression_error,
)
from ..engine.kpi import KPI_MODES

# The fields of a definition that are evaluated with ``user`` (see
# ``engine.expressions``).
EXPRESSION_FIELDS = (
    "domain",
    "ratio_numerator_domain",
    "batch_user_expression",
    "res_id_field",
)
DOMAIN_FIELDS = ("domain", "ratio_numerator_domain")
# What a definition counts: an administrator who saves one of them answers
# for the whole definition again.
COUNTING_FIELDS = (
    "computation_mode",
    "model_id",
    "field_id",
    "field_date_id",
    "batch_mode",
    "batch_distinctive_field",
    *EXPRESSION_FIELDS,
)


class GamificationGoalDefinition(models.Model):
    _inherit = "gamification.goal.definition"

    reach_user_id = fields.Many2one(
        "res.users",
        "Counted Within the Reach Of",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The sales manager who last saved this definition: its goals "
        "count only the records that they may read. Empty when an "
        "administrator saved what it counts: its goals count every record.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_author_rights(vals)
            vals.update(self._reach_values(vals))
        return super().create(vals_list)

    def write(self, vals):
        self._check_author_rights(vals)
        return super().write(dict(vals, **self._reach_values(vals)))

    def unlink(self):
        self._check_author_rights({})
        return super().unlink()

    def _is_trusted_author(self):
        """Whether the current user writes definitions that count every
        record: the system and administrators."""
        return self.env.su or self.env.user.has_group("base.group_system")

    def _reach_values(self, vals):
        """What saving ``vals`` writes of the reach: the author, unless they
        are trusted; a trusted author who saves what the definition counts
        lifts the reach of the one before."""
        if not self._is_trusted_author():
            return {"reach_user_id": self.env.uid}
        if "reach_user_id" not in vals and any(
            name in vals for name in COUNTING_FIELDS
        ):
            return {"reach_user_id": False}
        return {}

    def _check_author_rights(self, vals):
        """Code stays with administrators: the daily update runs it as the
        system. Anybody else (a sales manager) may neither create, change nor
        delete a definition computed by Python code, nor write an expression
        that is more than values and fields of ``user``, nor base a computed
        definition on a model out of their reach. Checked before anything is
        written or evaluated; the rest of the reach once the values are
        saved (``_reach_error``)."""
        if self._is_trusted_author():
            return
        _ = self.env._
        if (
            vals.get("computation_mode") == "python"
            or vals.get("compute_code")
            or "python" in self.mapped("computation_mode")
        ):
            raise AccessError(
                _(
                    "Only administrators may create, change or delete goal "
                    "definitions computed by Python code."
                )
            )
        if not vals:
            return
        for name in EXPRESSION_FIELDS:
            error = vals.get(name) and expression_error(vals[name], self._fields_of)
            if error:
                raise ValidationError(self._reach_error_message(name, error))
        # Goals count records as the system: counting records one cannot
        # read would tell what they hold.
        model_id = vals.get("model_id")
        for definition in self or [self.browse()]:
            mode = vals.get("computation_mode") or definition.computation_mode
            model = (
                self.env["ir.model"].sudo().browse(model_id).model
                if model_id
                else definition.model_id.model
            )
            if mode in KPI_MODES and model:
                self._check_model_reach(model)

    def _check_model_reach(self, model):
        """Raise AccessError unless the current user may base a computed
        definition on ``model``."""
        _ = self.env._
        label = self.env["ir.model"]._get(model).sudo().name
        if not self.env[model].has_access("read"):
            raise AccessError(
                _(
                    "You cannot base a goal definition on %s: you may not read "
                    "its records.",
                    label,
                )
            )
        if model not in SALES_MODELS:
            raise AccessError(
                _(
                    "You cannot base a goal definition on %s: only administrators "
                    "base goal definitions on other records than leads, "
                    "activities, sales orders, invoices and their reports.",
                    label,
                )
            )

    def _reach_error(self):
        """What this computed definition, saved by ``reach_user_id``,
        reaches beyond what that author may read, as a translated message;
        None when it stays within. Its model, fields and domains are read as
        the author would: fields with ``groups`` they lack, and relations
        into models out of their reach, are refused. (Its expressions were
        checked before they were saved.)"""
        self.ensure_one()
        author = self.reach_user_id
        if not author:
            return None
        definition = self.with_user(author)
        if self.computation_mode not in KPI_MODES or not self.model_id:
            return None
        model = self.model_id.model
        try:
            definition._check_model_reach(model)
        except AccessError as error:
            return error.args[0]
        fields_of = definition._fields_of(model)
        for field in self.field_id | self.field_date_id | self.batch_distinctive_field:
            refusal = fields_of.get(field.name, (None, "hidden"))[1]
            if refusal:
                return definition._reach_error_message(
                    "field_id", (refusal, field.name, model)
                )
        for name in DOMAIN_FIELDS:
            error = domain_error(self[name], model, definition._fields_of)
            if error:
                return definition._reach_error_message(name, error)
        return None

    def _reach_error_message(self, field_name, error):
        """An ``engine.expressions.ExpressionError`` of ``field_name``, in
        the user's language."""
        _ = self.env._
        kind, part, model = error
        messages = {
            "syntax": lambda: _("invalid syntax (%s)", part),
            "name": lambda: _("unknown name '%s'", part),
            "not_domain": lambda: _("'%s' is not a condition of a domain", part),
            "not_relational": lambda: _("'%s' is not a relational field", part),
            "not_field": lambda: _(
                "'%(name)s' is not a field of %(model)s", name=part, model=model
            ),
            "hidden": lambda: _(
                "you may not read the field '%(name)s' of %(model)s",
                name=part,
                model=model,
            ),
            "out_of_reach": lambda: _(
                "'%(name)s' of %(model)s leads to records that only "
                "administrators' goal definitions may reach",
                name=part,
                model=model,
            ),
        }
        message = messages.get(kind) or (
            lambda: _("only values and fields of 'user' are allowed, not '%s'", part)
        )
        return _(
            "%(field)s: %(error)s. Only administrators may write more than "
            "values and fields of 'user' here.",
            field=self._fields[field_name].get_description(self.env)["string"],
            error=message(),
        )

    @api.model
    def _fields_of(self, model_name):
        """{field name: (comodel name or None, refusal)} of ``model_name``,
        as the current user may reach it (``engine.expressions``)."""
        env = self.env
        result = {}
        for name, field in env[model_name]._fields.items():
            comodel = field.comodel_name if field.relational else None
            refusal = None
            if not field.is_accessible(env):
                refusal = "hidden"
            elif comodel and not (
                env.su
                or comodel in REACHABLE_MODELS
                and env[comodel].has_access("read")
            ):
                refusal = "out_of_reach"
            result[name] = (comodel, refusal)
        return result
