# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import base64

from lxml import etree

from odoo.modules.module import get_module_resource
from odoo.tests.common import SavepointCase
from odoo.tools.safe_eval import safe_eval

# The models whose screens the addon shows or extends.
MODELS = [
    "crm.lead",
    "crm.team",
    "sale.order",
    "account.invoice",
    "gamification.challenge",
    "gamification.goal",
    "gamification.goal.definition",
    "gamification.badge",
]


class TestInstall(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Module = cls.env["ir.module.module"]
        cls.module = cls.Module.search([("name", "=", "sales_gamification")])

    def test_addon_is_installed_at_the_manifest_version(self):
        self.assertEqual(self.module.state, "installed")
        self.assertEqual(self.module.latest_version, "11.0.1.0.0")
        self.assertEqual(self.module.shortdesc, "Sales Gamification")
        self.assertEqual(self.module.license, "LGPL-3")
        self.assertEqual(
            sorted(self.module.dependencies_id.mapped("name")),
            ["account", "gamification", "sale_crm"],
        )

    def test_apps_default_filter_lists_the_addon_with_its_icon(self):
        action = self.env.ref("base.open_module_tree")
        self.assertEqual(safe_eval(action.context), {"search_default_app": 1})
        search_view = etree.fromstring(
            self.Module.fields_view_get(view_type="search")["arch"]
        )
        (app_filter,) = search_view.xpath("//filter[@name='app']")
        apps = self.Module.search(safe_eval(app_filter.get("domain")))
        self.assertIn(self.module, apps)
        self.assertEqual(
            self.module.icon, "/sales_gamification/static/description/icon.png"
        )
        path = get_module_resource(
            "sales_gamification", "static", "description", "icon.png"
        )
        with open(path, "rb") as icon:
            self.assertEqual(base64.b64decode(self.module.icon_image), icon.read())

    def test_views_of_extended_models_are_valid(self):
        for model in MODELS:
            for view_type in ("form", "tree", "search"):
                arch = self.env[model].fields_view_get(view_type=view_type)["arch"]
                self.assertEqual(etree.fromstring(arch).tag, view_type, model)
        own_views = self.env["ir.ui.view"].search(
            [
                ("model_data_id.module", "=", "sales_gamification"),
                ("type", "!=", "qweb"),
            ]
        )
        self.assertEqual(len(own_views), 11)
        for view in own_views:
            root = view
            while root.inherit_id and root.mode != "primary":
                root = root.inherit_id
            arch = self.env[root.model].fields_view_get(root.id, root.type)["arch"]
            self.assertEqual(etree.fromstring(arch).tag, root.type, view.xml_id)

    def test_coexists_with_stock_gamification_sale_crm(self):
        stock = self.Module.search([("name", "=", "gamification_sale_crm")])
        self.assertEqual(stock.state, "installed")
        self.assertTrue(stock.auto_install)
        challenge = self.env.ref("gamification_sale_crm.challenge_crm_sale")
        self.assertEqual(challenge.name, "Monthly Sales Targets")
        self.assertEqual(
            challenge.line_ids.mapped("definition_id"),
            self.env.ref("gamification_sale_crm.definition_crm_tot_invoices"),
        )
        self.assertEqual(
            self.env.ref("gamification_sale_crm.definition_crm_nbr_new_leads").model_id,
            self.env.ref("crm.model_crm_lead"),
        )
