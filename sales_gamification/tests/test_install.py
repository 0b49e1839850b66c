# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import base64
import importlib.util

from lxml import etree

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.safe_eval import safe_eval

from ..hooks import STOCK_RULES, retire_odoo_sales_examples

# The models whose screens the addon shows or extends.
MODELS = [
    "crm.lead",
    "crm.team",
    "sale.order",
    "account.move",
    "gamification.challenge",
    "gamification.goal",
    "gamification.goal.definition",
    "gamification.badge",
]


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Module = cls.env["ir.module.module"]
        cls.module = cls.Module.search([("name", "=", "sales_gamification")])

    def test_addon_is_installed_at_the_manifest_version(self):
        self.assertEqual(self.module.state, "installed")
        self.assertEqual(self.module.latest_version, "18.0.1.7.0")
        self.assertEqual(self.module.shortdesc, "Sales Gamification")
        self.assertEqual(self.module.license, "LGPL-3")
        self.assertTrue(self.module.application)
        self.assertEqual(
            sorted(self.module.dependencies_id.mapped("name")),
            ["account", "gamification", "gamification_sale_crm", "sale_crm"],
        )

    def test_apps_default_filter_lists_the_addon_with_its_icon(self):
        action = self.env.ref("base.open_module_tree")
        self.assertEqual(safe_eval(action.context), {"search_default_app": 1})
        search_view = etree.fromstring(
            self.Module.get_view(action.search_view_id.id, "search")["arch"]
        )
        (app_filter,) = search_view.xpath("//filter[@name='app']")
        apps = self.Module.search(safe_eval(app_filter.get("domain")))
        self.assertIn(self.module, apps)
        self.assertEqual(
            self.module.icon, "/sales_gamification/static/description/icon.png"
        )
        path = file_path("sales_gamification/static/description/icon.png")
        with open(path, "rb") as icon:
            self.assertEqual(base64.b64decode(self.module.icon_image), icon.read())

    def test_views_of_extended_models_are_valid(self):
        for model in MODELS:
            for view_type in ("form", "list", "search"):
                arch = self.env[model].get_view(view_type=view_type)["arch"]
                self.assertEqual(etree.fromstring(arch).tag, view_type, model)
        own_views = self.env["ir.ui.view"].search(
            [
                ("model_data_id.module", "=", "sales_gamification"),
                ("type", "!=", "qweb"),
            ]
        )
        # Challenge, goal definition, goal, badge and badge grant forms;
        # challenge kanban; goal list, My Goals kanban and goal search;
        # leaderboard list, kanban (phones) and search; Win/Loss graph, pivot
        # and search; challenge and definition search (the Archived filter);
        # the goals of a challenge's period; Goal History's graph, pivot and
        # search; the quotas' list and search.
        self.assertEqual(len(own_views), 23)
        self.assertEqual(
            sorted(own_views.mapped("type")),
            ["form"] * 5
            + ["graph"] * 2
            + ["kanban"] * 3
            + ["list"] * 4
            + ["pivot"] * 2
            + ["search"] * 7,
        )
        for view in own_views:
            root = view
            while root.inherit_id and root.mode != "primary":
                root = root.inherit_id
            arch = self.env[root.model].get_view(root.id, root.type)["arch"]
            self.assertEqual(etree.fromstring(arch).tag, root.type, view.xml_id)

    def test_odoo_sales_examples_are_put_aside(self):
        """Odoo's CRM Gamification installs with CRM and Gamification; its
        definitions and challenge templates bear the names of the addon's.
        They are archived: a manager picking "New Leads" gets one choice."""
        stock = self.Module.search([("name", "=", "gamification_sale_crm")])
        self.assertEqual((stock.state, stock.auto_install), ("installed", True))
        Definition = self.env["gamification.goal.definition"]
        odoo_definitions = Definition.with_context(active_test=False).search(
            [("id", "in", self._ids_of("gamification.goal.definition"))]
        )
        self.assertEqual(len(odoo_definitions), 10)
        self.assertEqual(odoo_definitions.mapped("active"), [False] * 10)
        self.assertEqual(
            [name for _id, name in Definition.name_search("New Leads")], ["New Leads"]
        )
        self.assertEqual(
            Definition.search([("name", "=", "New Leads")]),
            self.env.ref("sales_gamification.definition_new_leads"),
        )
        Challenge = self.env["gamification.challenge"]
        odoo_challenges = Challenge.with_context(active_test=False).browse(
            self._ids_of("gamification.challenge")
        )
        self.assertEqual(
            sorted(odoo_challenges.mapped(lambda c: (c.name, c.state, c.active))),
            [
                ("Lead Acquisition", "draft", False),
                ("Monthly Sales Targets", "draft", False),
            ],
        )
        self.assertEqual(
            Challenge.search([("name", "=", "Monthly Sales Targets")]),
            self.env.ref("sales_gamification.challenge_monthly_sales_targets"),
        )
        # Archived, they still compute for a challenge that uses them.
        self.assertEqual(
            self.env.ref("gamification_sale_crm.line_crm_sale1").definition_id,
            self.env.ref("gamification_sale_crm.definition_crm_tot_invoices"),
        )

    def test_odoo_demo_sales_challenge_is_stopped(self):
        """Odoo's demo data starts its Monthly Sales Targets for every
        salesperson, the administrator and the sales managers included: with
        demo data, the addon stops it, so that the demo runs one Monthly
        Sales Targets, the addon's, for the demo team. Without demo data, a
        challenge a company runs on Odoo's definitions keeps running."""
        odoo = self.env.ref("gamification_sale_crm.challenge_crm_sale")
        odoo.write({"active": True, "user_domain": "[('id', '=', 2)]"})
        odoo.action_start()
        self.assertEqual(len(odoo.user_ids), 1)
        self.assertEqual(
            self.env["gamification.goal"].search_count(
                [("challenge_id", "=", odoo.id)]
            ),
            1,
        )
        retire_odoo_sales_examples(self.env)
        self.assertEqual((odoo.state, odoo.active), ("inprogress", True))
        self.Module.search([("name", "=", "gamification_sale_crm")]).demo = True
        retire_odoo_sales_examples(self.env)
        self.assertEqual((odoo.state, odoo.active), ("done", False))
        self.assertEqual(
            self.env["gamification.goal"].search_count(
                [("challenge_id", "=", odoo.id)]
            ),
            0,
        )

    def _ids_of(self, model):
        return (
            self.env["ir.model.data"]
            .search([("module", "=", "gamification_sale_crm"), ("model", "=", model)])
            .mapped("res_id")
        )

    def run_migration(self, version, from_version):
        migration = importlib.util.spec_from_file_location(
            "post_migrate",
            file_path("sales_gamification/migrations/%s/post-migrate.py" % version),
        )
        module = importlib.util.module_from_spec(migration)
        migration.loader.exec_module(module)
        module.migrate(self.env.cr, from_version)

    def test_upgrade_to_1_2_marks_thank_you_for_salespeople(self):
        thank_you = self.env.ref("sales_gamification.badge_thank_you")
        thank_you.sales_grantable = False
        self.run_migration("18.0.1.2.0", "18.0.1.1.0")
        self.assertTrue(thank_you.sales_grantable)

    def test_upgrade_to_1_1_narrows_the_goal_rule(self):
        """A database of 18.0.1.0.0 keeps Odoo's goal rule, which lets
        salespeople read every rival's goal: the migration replaces it."""
        rule = self.env.ref("gamification.goal_user_visibility")
        _perms, domain = STOCK_RULES["gamification.goal_user_visibility"]
        rule.write({"domain_force": domain, "perm_write": True})
        self.run_migration("18.0.1.1.0", "18.0.1.0.0")
        rule.invalidate_recordset()
        self.assertEqual(
            safe_eval(rule.domain_force, {"user": self.env.user})[-1],
            ("challenge_id.leaderboard_privacy", "=", "full"),
        )
        self.assertEqual(
            (rule.perm_read, rule.perm_write, rule.perm_create, rule.perm_unlink),
            (True, False, False, False),
        )
