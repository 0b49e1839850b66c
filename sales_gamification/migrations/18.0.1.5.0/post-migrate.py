# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""18.0.1.5.0 computes a definition last saved by anyone but an
administrator within that author's reach (``reach_user_id``). Definitions
saved before: their last writer is their author. Set without the checks of
a save, so that the upgrade never fails: one that reaches further than its
author may read counts what the author may read, or waits for an
administrator (logged when its goals are computed)."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.sales_gamification.engine.kpi import KPI_MODES


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    definitions = (
        env["gamification.goal.definition"]
        .with_context(active_test=False)
        .search([("computation_mode", "in", KPI_MODES), ("reach_user_id", "=", False)])
    )
    authors = {}
    for definition in definitions:
        author = definition.write_uid
        trusted = author._is_superuser() or author.has_group("base.group_system")
        if author and not trusted:
            authors.setdefault(author.id, []).append(definition.id)
    for author_id, ids in authors.items():
        cr.execute(
            SQL(
                "UPDATE gamification_goal_definition SET reach_user_id = %s "
                "WHERE id IN %s",
                author_id,
                tuple(ids),
            )
        )
    env.registry.clear_cache()
