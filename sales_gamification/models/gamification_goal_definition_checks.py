# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The checks of a goal definition: what the engine can compute, targets
that can be reached, and what a challenge between teams needs. (Who may
write what: ``gamification_goal_definition_reach``.)"""

import math

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import formatLang
from odoo.tools.safe_eval import safe_eval

from ..engine.kpi import KPI_MODES
from .gamification_goal_definition import NUMERIC_TYPES

# The largest target: a million billion dong, some forty billion dollars.
MAX_TARGET = 1e15


class GamificationGoalDefinition(models.Model):
    _inherit = "gamification.goal.definition"

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
        "reach_user_id",
    )
    def _check_kpi_configuration(self):
        for definition in self:
            error = definition._kpi_configuration_error()
            if error:
                raise ValidationError(error)

    def _check_target(self, target):
        """Raise ValidationError unless ``target`` is a target of this
        definition: a finite number from 0 to ``MAX_TARGET``, positive when
        higher is better (0 would be reached with no sale at all)."""
        self.ensure_one()
        if not (math.isfinite(target) and 0 <= target <= MAX_TARGET):
            raise ValidationError(
                self.env._(
                    "The target of '%(definition)s' must be a number from 0 to "
                    "%(max)s.",
                    definition=self.name,
                    max=formatLang(self.env, MAX_TARGET, digits=0),
                )
            )
        if self.condition == "higher" and target <= 0:
            raise ValidationError(
                self.env._(
                    "The target of '%s' must be positive: higher is better.",
                    self.name,
                )
            )

    @api.constrains("condition")
    def _check_condition_targets(self):
        """A definition turned "higher is better" keeps no line or running
        goal whose target is 0, which nothing at all would reach."""
        lines = (
            self.env["gamification.challenge.line"]
            .sudo()
            .search([("definition_id", "in", self.ids)])
        )
        goals = (
            self.env["gamification.goal"]
            .sudo()
            .search(
                [
                    ("definition_id", "in", self.ids),
                    ("closed", "=", False),
                    ("state", "in", ("draft", "inprogress")),
                ]
            )
        )
        for record in [*lines, *goals]:
            record.definition_id._check_target(record.target_goal)

    def _kpi_configuration_error(self):
        """What makes the definition unfit for the engine, as a translated
        message; None when it is fine."""
        self.ensure_one()
        _ = self.env._
        mode = self.computation_mode
        if self.min_sample < 0:
            return _("The minimum sample of '%s' cannot be negative.", self.name)
        if mode not in KPI_MODES:
            return None
        if not self.model_id:
            return _("The goal definition '%s' needs a model.", self.name)
        if mode in ("sum", "average") and not self.field_id:
            return _("The goal definition '%s' needs a field to compute.", self.name)
        if mode == "ratio" and not self.ratio_numerator_domain:
            return _("The ratio '%s' needs a numerator domain.", self.name)
        fields_to_check = [(self.field_date_id, ("date", "datetime"))]
        if mode == "average":
            fields_to_check.append((self.field_id, NUMERIC_TYPES))
        elif mode == "sum":
            # As in Odoo, a sum of a field that is not a number counts the
            # records: any stored field of the model will do.
            fields_to_check.append((self.field_id, None))
        if self.batch_mode:
            fields_to_check.append(
                (self.batch_distinctive_field, ("many2one", "integer"))
            )
        reach_error = self._reach_error()
        if reach_error:
            return reach_error
        domains = [self.domain]
        if mode == "ratio":
            domains.append(self.ratio_numerator_domain)
        errors = [self._kpi_field_error(f, types) for f, types in fields_to_check if f]
        errors += [self._kpi_domain_error(domain) for domain in domains]
        return next((error for error in errors if error), None) or (
            self._kpi_compile_error()
        )

    def _kpi_compile_error(self):
        """Unless the engine can compile the definition and tell which saved
        fields move it, what fails: such a definition would only fail later,
        when a salesperson saves a record or the cron runs."""
        try:
            spec = self._kpi_build_spec()
            if spec.group_field:
                # What saving a record reads (``_kpi_sources``).
                self._kpi_trigger_fields()
            self._kpi_compile(spec, None if spec.group_field else self.env.user)
        except Exception as error:
            return self.env._(
                "The goal definition '%(definition)s' cannot be computed: %(error)s",
                definition=self.name,
                error=error,
            )
        return None

    def _kpi_field_error(self, field, types):
        """Unless ``field`` is a stored column of the definition's own table
        of one of ``types`` (None: of any type), what is wrong with it."""
        model = self.env[self.model_id.model]
        model_field = model._fields.get(field.name)
        values = {
            "field": field.field_description,
            "definition": self.name,
            "model": self.model_id.name,
            "type": model_field and model_field.type,
            "expected": ", ".join(types or ()),
        }
        if field.model != model._name or model_field is None:
            return self.env._(
                "The field '%(field)s' of the goal definition '%(definition)s' "
                "is not a field of %(model)s.",
                **values,
            )
        if not (model_field.store and model_field.column_type) or model_field.inherited:
            return self.env._(
                "The field '%(field)s' of the goal definition '%(definition)s' "
                "is not stored.",
                **values,
            )
        if types is not None and model_field.type not in types:
            return self.env._(
                "The field '%(field)s' of the goal definition '%(definition)s' "
                "has the wrong type (%(type)s; expected: %(expected)s).",
                **values,
            )
        return None

    def _kpi_domain_error(self, domain):
        """Unless ``domain`` is a valid domain of the definition's model
        (without ``user`` in batch mode), what is wrong with it."""
        try:
            evaluated = safe_eval(domain or "[]", {"user": self.env.user})
            if not isinstance(evaluated, list | tuple):
                raise ValueError(self.env._("a domain is a list of conditions"))
            # The check must see every record the domain may name.
            self.env[self.model_id.model].sudo().search_count(list(evaluated))
        except Exception as error:
            return self.env._(
                "The domain %(domain)s of the goal definition '%(definition)s' "
                "is invalid: %(error)s",
                domain=domain,
                definition=self.name,
                error=error,
            )
        if self.batch_mode:
            try:
                safe_eval(domain or "[]")
            except Exception:
                return self.env._(
                    "In batch mode, the domain of the goal definition '%s' "
                    "cannot refer to 'user': one query serves every user.",
                    self.name,
                )
        return None

    def _kpi_team_error(self, spec=None):
        """Why this definition (compiled as ``spec``, or as cached) cannot
        compare sales teams, as a translated message; None when it can."""
        self.ensure_one()
        if spec is None and self.computation_mode in KPI_MODES:
            spec = self._kpi_spec(self.id)
        field = self.model_id and self.env[self.model_id.model]._fields.get("team_id")
        if (
            spec
            and spec.base is not None
            and field
            and field.store
            and field.comodel_name == "crm.team"
        ):
            return None
        return self.env._(
            "The goal definition '%s' cannot compare sales teams: it needs a "
            "batch mode whose domain does not use 'user', on records that have "
            "a sales team.",
            self.name,
        )

    @api.constrains(
        "computation_mode",
        "model_id",
        "domain",
        "ratio_numerator_domain",
        "batch_mode",
        "batch_distinctive_field",
    )
    def _check_team_challenges(self):
        """A definition used by a challenge between teams stays one that
        compares teams."""
        lines = (
            self.env["gamification.challenge.line"]
            .sudo()
            .search(
                [
                    ("definition_id", "in", self.ids),
                    ("challenge_id.competing_team_ids", "!=", False),
                ]
            )
        )
        for definition in lines.definition_id:
            # Not the cached spec: it is the definition before this change.
            spec = (
                definition.sudo()._kpi_build_spec()
                if definition.computation_mode in KPI_MODES
                else None
            )
            error = definition._kpi_team_error(spec)
            if error:
                raise ValidationError(error)
