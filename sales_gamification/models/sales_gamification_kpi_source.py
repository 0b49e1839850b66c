# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging
from collections import defaultdict

from odoo import api, models

_logger = logging.getLogger(__name__)

# Context key that turns the refresh off, e.g. for bulk imports; the daily
# cron catches up.
NO_REFRESH = "sales_gamification_no_refresh"
# The owners whose goals the transaction refreshes before it commits.
PENDING = "sales_gamification.refresh"


class SalesGamificationKpiSource(models.AbstractModel):
    """Records that feed sales KPIs: saving one moves the goals at once.

    When a record is created or deleted, or written in a field that a
    running KPI goal depends on, the running goals of the salespeople
    concerned (the record's owner, before and after a reassignment), for the
    definitions on this model, are recomputed with the engine's batch
    queries, in the same transaction, just before it commits: once for all
    the records the transaction saved, after the rest of the save is done.
    Writing fields that no KPI depends on costs no query.
    """

    _name = "sales_gamification.kpi.source"
    _description = "Record Feeding Sales KPIs"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        sources = records._kpi_touched_sources()
        if sources:
            records._kpi_refresh(records._kpi_owner_keys(sources))
        return records

    def write(self, vals):
        sources = self._kpi_touched_sources(vals)
        if not sources:
            return super().write(vals)
        before = self._kpi_owner_keys(sources)
        result = super().write(vals)
        after = self._kpi_owner_keys(sources)
        self._kpi_refresh({key: before[key] | after[key] for key in before})
        return result

    def unlink(self):
        sources = self._kpi_touched_sources()
        if not sources:
            return super().unlink()
        before = self._kpi_owner_keys(sources)
        result = super().unlink()
        self._kpi_refresh(before)
        return result

    def _kpi_touched_sources(self, vals=None):
        """{definition id: salesperson field} of the batch KPI definitions on
        this model, restricted to those that depend on the fields in
        ``vals`` when given. Read from a cache: no query."""
        if not self or self.env.context.get(NO_REFRESH):
            return {}
        sources = self.env["gamification.goal.definition"]._kpi_sources(self._name)
        if vals is not None and sources:
            changed = self._kpi_changed_fields(vals)
            sources = [source for source in sources if source[1] & changed]
        return {
            definition_id: field_name
            for definition_id, _triggers, field_name in sources
        }

    @api.model
    def _kpi_changed_fields(self, vals):
        """Names of the fields ``vals`` writes, with the stored fields of this
        model computed from them (e.g. ``date_closed`` -> ``days_to_close``)."""
        changed = set()
        for name in vals:
            field = self._fields.get(name)
            if field is None:
                continue
            changed.add(name)
            changed.update(
                dependent.name
                for dependent in self.pool.get_dependent_fields(field)
                if dependent.model_name == self._name and dependent.store
            )
        return changed

    def _kpi_owner_keys(self, sources):
        """{definition id: values of its salesperson field on these records}

        Every record counts, whatever the definition's domain: evaluating
        domains here would compute fields (the lead's probability) in the
        middle of the save, which Odoo's own flows do not expect."""
        values = {}
        for definition_id, field_name in sources.items():
            field = self._fields.get(field_name)
            if field is None:
                # Removed with its module since the definition was saved.
                continue
            if field.type == "many2one":
                values[definition_id] = set(self.mapped(field_name).ids)
            else:
                values[definition_id] = set(self.mapped(field_name)) - {False}
        return values

    def _kpi_refresh(self, keys):
        """Refresh the goals of the owners ``keys`` ({definition id: values
        of its salesperson field}) just before the transaction commits."""
        cr = self.env.cr
        pending = cr.precommit.data.get(PENDING)
        if pending is None:
            pending = cr.precommit.data[PENDING] = defaultdict(set)
            # Goals are written by the engine, whoever saves the record.
            cr.precommit.add(
                self.with_env(self.env(context={}, su=True))._kpi_refresh_pending
            )
        for definition_id, values in keys.items():
            pending[definition_id] |= values

    def _kpi_refresh_pending(self):
        """Refresh the goals of the owners the transaction saved records of.
        A KPI that fails (a definition an administrator got wrong) must not
        stop the sale: its goals wait for the cron."""
        keys = self.env.cr.precommit.data.pop(PENDING, {})
        Goal = self.env["gamification.goal"]
        # What other hooks left pending is written now, before the refresh:
        # its own errors must reach Odoo's request retry, not be taken for a
        # failing KPI.
        self.env.flush_all()
        try:
            # It only reads until it writes the goals, in a savepoint.
            Goal._kpi_refresh_owners(keys)
        except Exception:
            _logger.exception(
                "Goals not refreshed after saving %s; the cron will update them.",
                self._name,
            )
            Goal.invalidate_model()
        # Nothing flushes after the hooks that run before the commit.
        self.env.flush_all()
