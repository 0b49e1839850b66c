# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import unittest
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.service import db as db_service
from odoo.tests.common import get_db_name, tagged
from odoo.tools import config

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
    xmlids = access.get_external_id()
    return sorted(
        (xmlids[a.id], a.perm_read, a.perm_write, a.perm_create, a.perm_unlink)
        for a in access
        if xmlids[a.id].startswith("gamification.")
    ) + [
        (
            rule.perm_read,
            rule.perm_write,
            rule.perm_create,
            rule.perm_unlink,
            "leaderboard_privacy" in rule.domain_force,
        )
    ]


def _stock_records(env):
    """{xml id: record name} of Odoo's own gamification records."""
    data = env["ir.model.data"].search(
        [("module", "in", STOCK_MODULES), ("model", "in", STOCK_MODELS)]
    )
    return {
        xmlid.complete_name: env[xmlid.model].browse(xmlid.res_id).display_name
        for xmlid in data
    }


@tagged("post_install", "-at_install")
class TestUninstall(unittest.TestCase):
    """Uninstall the addon for real, in a copy of the test database."""

    def setUp(self):
        super().setUp()
        # The registries of the copy load as a server's would: without
        # running the modules' tests.
        test_mode = patch.dict(config.options, test_enable=False)
        test_mode.start()
        self.addCleanup(test_mode.stop)
        self.db_name = get_db_name() + "_uninstall"
        db_service.exp_drop(self.db_name)
        db_service.exp_duplicate_database(get_db_name(), self.db_name)
        self.addCleanup(db_service.exp_drop, self.db_name)
        with Registry(self.db_name).cursor() as cr:
            # The server's cron threads serve every loaded registry: no job
            # may run in the copy while the addon's tables go away.
            cr.execute("UPDATE ir_cron SET active = false")

    def test_uninstall_keeps_odoo_gamification_data(self):
        with Registry(self.db_name).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            before = _stock_records(env)
            env["ir.module.module"].search(
                [("name", "=", "sales_gamification")]
            ).button_uninstall()
        # What the Uninstall button does next. Odoo forbids the button
        # itself during tests, for the test database's sake.
        Registry.new(self.db_name, update_module=True)
        with Registry(self.db_name).cursor() as cr:
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
            self.assertEqual(len(before), 30)
            access = {row[0]: row[1:] for row in _access(env)[:-1]}
            self.assertEqual(
                access["gamification.goal_employee"], (True, True, False, False)
            )
            self.assertEqual(
                access["gamification.badge_user_employee"], (True, True, True, False)
            )
            self.assertEqual(
                access["gamification.goal_portal"], (True, True, False, False)
            )
            self.assertEqual(
                access["gamification.goal_definition_portal"],
                (True, False, False, False),
            )
            self.assertEqual(
                access["gamification.badge_user_portal"], (True, True, True, False)
            )
            self.assertEqual(
                access["gamification.badge_user_public"], (True, False, False, False)
            )
            self.assertEqual(
                access["gamification.goal_definition_employee"],
                (True, False, False, False),
            )
            self.assertEqual(_access(env)[-1], (True, True, False, False, False))
