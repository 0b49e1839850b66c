# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import unittest

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service import db as db_service
from odoo.tests.common import get_db_name

# Odoo's own gamification content, which must outlive the addon.
STOCK_MODULES = ("gamification", "gamification_sale_crm")
STOCK_MODELS = (
    "gamification.badge",
    "gamification.challenge",
    "gamification.challenge.line",
    "gamification.goal.definition",
)


def _access(env):
    """Odoo's gamification access rights and goal rule, as tuples."""
    access = env["ir.model.access"].search(
        [
            (
                "model_id.model",
                "in",
                STOCK_MODELS + ("gamification.goal", "gamification.badge.user"),
            )
        ]
    )
    rule = env.ref("gamification.goal_user_visibility")
    return sorted(
        (
            a.get_external_id()[a.id],
            a.perm_read,
            a.perm_write,
            a.perm_create,
            a.perm_unlink,
        )
        for a in access
        if a.get_external_id()[a.id].startswith("gamification.")
    ) + [(rule.perm_read, rule.perm_write, rule.perm_create, rule.perm_unlink)]


def _stock_records(env):
    """{xml id: record name} of Odoo's own gamification records."""
    data = env["ir.model.data"].search(
        [("module", "in", STOCK_MODULES), ("model", "in", STOCK_MODELS)]
    )
    return {
        "%s.%s"
        % (xmlid.module, xmlid.name): env[xmlid.model].browse(xmlid.res_id).display_name
        for xmlid in data
    }


class TestUninstall(unittest.TestCase):
    """Uninstall the addon for real, in a copy of the test database."""

    def setUp(self):
        self.db_name = get_db_name() + "_uninstall"
        db_service.exp_drop(self.db_name)
        db_service.exp_duplicate_database(get_db_name(), self.db_name)
        self.addCleanup(db_service.exp_drop, self.db_name)

    def test_uninstall_keeps_odoo_gamification_data(self):
        registry = odoo.registry(self.db_name)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            before = _stock_records(env)
            env["ir.module.module"].search(
                [("name", "=", "sales_gamification")]
            ).button_immediate_uninstall()
        with odoo.registry(self.db_name).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            module = env["ir.module.module"].search(
                [("name", "=", "sales_gamification")]
            )
            self.assertEqual(module.state, "uninstalled")
            self.assertEqual(
                env["ir.model.data"].search_count(
                    [("module", "=", "sales_gamification")]
                ),
                0,
            )
            self.assertEqual(_stock_records(env), before)
            self.assertEqual(len(before), 31)
            access = dict((row[0], row[1:]) for row in _access(env)[:-1])
            self.assertEqual(
                access["gamification.goal_employee"], (True, True, False, False)
            )
            self.assertEqual(
                access["gamification.badge_user_employee"], (True, True, True, False)
            )
            self.assertEqual(
                access["gamification.goal_portal"], (True, True, False, False)
            )
            self.assertEqual(_access(env)[-1], (True, True, False, False))
