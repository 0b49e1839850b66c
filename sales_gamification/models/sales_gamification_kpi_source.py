# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models

# Context key that turns the refresh off, e.g. for bulk imports; the daily
# cron catches up.
NO_REFRESH = "sales_gamification_no_refresh"


class SalesGamificationKpiSource(models.AbstractModel):
    """Records that feed sales KPIs: saving one moves the goals at once.

    When a record is created or deleted, or written in a field that a
    running KPI goal depends on, the running goals of the salespeople
    concerned (the record's owner, before and after a reassignment), for the
    definitions on this model, are recomputed in the same transaction with
    the KPI engine's batch queries. Saving a record that no running goal
    depends on costs one query.
    """

    _name = "sales_gamification.kpi.source"
    _description = "Record Feeding Sales KPIs"

    @api.model
    def create(self, vals):
        record = super().create(vals)
        definitions = record._kpi_live_definitions()
        if definitions:
            record._kpi_refresh(definitions, record._kpi_owner_keys(definitions))
        return record

    @api.multi
    def write(self, vals):
        definitions = self._kpi_live_definitions(vals)
        if not definitions:
            return super().write(vals)
        before = self._kpi_owner_keys(definitions)
        result = super().write(vals)
        after = self._kpi_owner_keys(definitions)
        self._kpi_refresh(
            definitions,
            {key: before[key] | after[key] for key in before},
        )
        return result

    @api.multi
    def unlink(self):
        definitions = self._kpi_live_definitions()
        if not definitions:
            return super().unlink()
        before = self._kpi_owner_keys(definitions)
        result = super().unlink()
        self.env["gamification.goal"].sudo()._kpi_refresh_owners(definitions, before)
        return result

    def _kpi_live_definitions(self, vals=None):
        """The definitions on this model with running goals, restricted to
        those that depend on the fields in ``vals`` when given."""
        Definition = self.env["gamification.goal.definition"]
        if not self or self.env.context.get(NO_REFRESH):
            return Definition
        definitions = Definition._kpi_live_definitions(self._name)
        if definitions and vals is not None:
            changed = self._kpi_changed_fields(vals)
            definitions = definitions.filtered(
                lambda d: d._kpi_trigger_fields() & changed
            )
        return definitions

    @api.model
    def _kpi_changed_fields(self, vals):
        """Names of the fields ``vals`` writes, with the stored fields of this
        model computed from them (e.g. ``date_closed`` -> ``days_to_close``)."""
        changed = set()
        todo = [self._fields[name] for name in vals if name in self._fields]
        while todo:
            field = todo.pop()
            if field.name in changed:
                continue
            changed.add(field.name)
            todo.extend(
                dependent
                for dependent, _path in self._field_triggers[field]
                if dependent.model_name == self._name and dependent.store
            )
        return changed

    def _kpi_owner_keys(self, definitions):
        """{definition id: values of its salesperson field on these records}"""
        values = {}
        for definition in definitions:
            field = self._fields[definition.batch_distinctive_field.name]
            if field.type == "many2one":
                keys = set(self.mapped(field.name).ids)
            else:
                keys = set(self.mapped(field.name)) - {False}
            values[definition.id] = keys
        return values

    def _kpi_refresh(self, definitions, keys):
        # Computed stored fields that a KPI reads may still be pending when
        # the write happens inside a block that delays recomputation.
        if self.env.has_todo():
            self.recompute()
        # Goals are written by the engine, whoever saves the record.
        self.env["gamification.goal"].sudo()._kpi_refresh_owners(definitions, keys)
