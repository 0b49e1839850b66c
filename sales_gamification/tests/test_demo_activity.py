# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import datetime

from odoo import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools.convert import convert_file

from ..hooks import (
    DEMO_PROFILES,
    DEMO_TEAM_XMLID,
    ensure_chart_of_accounts,
    generate_demo_activity,
    localize_demo,
    post_init_hook,
    profile_lead_subjects,
    start_demo_challenge,
)

NOW = datetime(2026, 3, 15, 10, 30)


@tagged("post_install", "-at_install")
class TestDemoActivity(TransactionCase):
    """The demo's sales history goes through the real CRM, Sales and
    Invoicing flows and stays within this month and the two before."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_chart_of_accounts(cls.env)
        cls.team = cls.env["crm.team"].create({"name": "Demo test team"})
        salesman = cls.env.ref("sales_team.group_sale_salesman")
        cls.users = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": login.title(),
                        "login": login,
                        "groups_id": [Command.set(salesman.ids)],
                    }
                    for login in ("demo_a", "demo_b", "demo_c")
                ]
            )
        )
        # The team's leader is a member too, and sells nothing.
        cls.leader = cls.env["res.users"].create(
            {
                "name": "Demo Leader",
                "login": "demo_leader",
                "groups_id": [
                    Command.set(cls.env.ref("sales_team.group_sale_manager").ids)
                ],
            }
        )
        cls.team.write({"user_id": cls.leader.id, "member_ids": cls.users | cls.leader})
        cls.customers = cls.env["res.partner"].create(
            [
                {"name": name, "customer_rank": 1, "is_company": True}
                for name in ("Customer One", "Customer Two", "Customer Three")
            ]
        )
        cls.products = cls.env["product.product"].create(
            [
                {
                    "name": name,
                    "type": "service",
                    "invoice_policy": "order",
                    "list_price": price,
                    "taxes_id": [Command.clear()],
                }
                for name, price in (("Licence", 1000.0), ("Training", 250.0))
            ]
        )
        generate_demo_activity(cls.team, cls.customers, cls.products, NOW)
        cls.leads = (
            cls.env["crm.lead"]
            .with_context(active_test=False)
            .search([("team_id", "=", cls.team.id)])
        )

    def test_every_salesperson_has_leads_created_in_the_three_months(self):
        self.assertEqual(self.leader.sale_team_id, self.team)
        self.assertEqual(self.leads.user_id, self.users)
        created = self.leads.mapped("create_date")
        self.assertTrue(all(datetime(2026, 1, 1) <= d < NOW for d in created))
        self.assertEqual(
            {(d.year, d.month) for d in created}, {(2026, 1), (2026, 2), (2026, 3)}
        )

    def test_conversions_happen_after_creation(self):
        opportunities = self.leads.filtered(lambda lead: lead.type == "opportunity")
        self.assertTrue(opportunities)
        self.assertTrue(self.leads - opportunities, "some leads stay leads")
        for opportunity in opportunities:
            self.assertLess(opportunity.create_date, opportunity.date_conversion)
            self.assertLess(opportunity.date_conversion, NOW)
            self.assertEqual(len(opportunity.order_ids), 1)
            self.assertEqual(
                opportunity.expected_revenue, opportunity.order_ids.amount_untaxed
            )

    def test_won_deals_are_ordered_and_invoiced(self):
        won = self.leads.filtered(lambda lead: lead.probability == 100)
        self.assertTrue(won)
        invoiced_months = set()
        for opportunity in won:
            self.assertTrue(opportunity.active)
            self.assertTrue(opportunity.stage_id.is_won)
            order = opportunity.order_ids
            self.assertEqual(order.state, "sale")
            # Confirming an order dates it: the day the deal was won.
            self.assertEqual(order.date_order, opportunity.date_closed)
            self.assertLess(opportunity.date_conversion, opportunity.date_closed)
            for invoice in order.invoice_ids:
                self.assertEqual(invoice.state, "posted")
                self.assertEqual(invoice.payment_state, "not_paid")
                self.assertEqual(invoice.move_type, "out_invoice")
                self.assertEqual(invoice.invoice_user_id, opportunity.user_id)
                self.assertEqual(invoice.amount_untaxed, order.amount_untaxed)
                self.assertLessEqual(order.date_order.date(), invoice.invoice_date)
                self.assertLessEqual(invoice.invoice_date, NOW.date())
                invoiced_months.add(invoice.invoice_date.month)
        self.assertEqual(invoiced_months, {1, 2, 3})

    def test_lost_deals_are_archived_with_a_reason(self):
        lost = self.leads.filtered(lambda lead: not lead.active)
        self.assertTrue(lost)
        for opportunity in lost:
            self.assertEqual(opportunity.probability, 0)
            self.assertTrue(opportunity.lost_reason_id)
            self.assertTrue(opportunity.date_closed)
            self.assertEqual(opportunity.order_ids.state, "cancel")

    def test_open_deals_keep_a_draft_quotation(self):
        open_deals = self.leads.filtered(
            lambda lead: lead.type == "opportunity"
            and lead.active
            and lead.probability < 100
        )
        self.assertTrue(open_deals)
        for opportunity in open_deals:
            self.assertFalse(opportunity.date_closed)
            self.assertEqual(opportunity.order_ids.state, "draft")

    def test_a_deal_won_moves_a_goal_of_the_demo_challenge(self):
        convert_file(
            self.env,
            "sales_gamification",
            "demo/gamification_challenge_line_demo.xml",
            {},
            mode="init",
            noupdate=True,
            kind="demo",
        )
        challenge = self.env.ref("sales_gamification.challenge_monthly_sales_targets")
        self.assertEqual(
            [
                (line.definition_id.name, line.target_goal)
                for line in challenge.line_ids
            ],
            [
                ("Total Invoiced", 20000.0),
                ("New Leads", 7.0),
                ("Won Opportunities", 4.0),
            ],
        )
        start_demo_challenge(self.team)
        seller = self.users[0]
        goal = self.env["gamification.goal"].search(
            [
                ("challenge_id", "=", challenge.id),
                ("user_id", "=", seller.id),
                ("definition_id.name", "=", "Won Opportunities"),
                ("closed", "=", False),
            ]
        )
        # The demo's deals were won in March; none this month yet.
        self.assertEqual((len(goal), goal.current), (1, 0.0))
        deal = (
            self.env["crm.lead"]
            .with_user(seller)
            .create({"name": "First deal", "type": "opportunity", "user_id": seller.id})
        )
        deal.action_set_won()
        self.env.cr.precommit.run()
        self.assertEqual(goal.current, 1.0)

    def test_install_hook_adds_nothing_without_demo_data(self):
        self.assertFalse(self.env.ref(DEMO_TEAM_XMLID, raise_if_not_found=False))
        leads_before = (
            self.env["crm.lead"].with_context(active_test=False).search_count([])
        )
        post_init_hook(self.env)
        self.assertEqual(
            self.env["crm.lead"].with_context(active_test=False).search_count([]),
            leads_before,
        )


VIETNAM = DEMO_PROFILES["VN"]
# The demo records the Vietnamese demo names.
USERS = [
    "user_manager_demo",
    "user_anna_demo",
    "user_bao_demo",
    "user_chloe_demo",
    "user_dmitri_demo",
    "user_emma_demo",
]
PARTNERS = ["res_partner_customer_%d_demo" % number for number in range(1, 9)]
PRODUCTS = [
    "product_subscription_demo",
    "product_onboarding_demo",
    "product_support_demo",
]


@tagged("post_install", "-at_install")
class TestVietnameseDemo(TransactionCase):
    """The demo of a company in Vietnam: the demo records get Vietnamese
    names, language and time zone, and prices in dong
    (``hooks.localize_demo``, from the data files of demo/vi_VN/)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")

        def register(record, xmlid):
            module, name = xmlid.split(".")
            cls.env["ir.model.data"].create(
                {
                    "module": module,
                    "name": name,
                    "model": record._name,
                    "res_id": record.id,
                }
            )
            return record

        Users = cls.env["res.users"].with_context(no_reset_password=True)
        for xmlid in USERS:
            register(
                Users.create({"name": xmlid, "login": xmlid}),
                f"sales_gamification.{xmlid}",
            )
        for xmlid in PARTNERS:
            register(
                cls.env["res.partner"].create({"name": xmlid}),
                f"sales_gamification.{xmlid}",
            )
        for xmlid in PRODUCTS:
            register(
                cls.env["product.product"].create({"name": "English " + xmlid}),
                f"sales_gamification.{xmlid}",
            )
        register(cls.env["crm.team"].create({"name": "Direct Sales"}), DEMO_TEAM_XMLID)
        cls.other = register(
            cls.env["res.company"].create({"name": "VN Company"}),
            VIETNAM["other_company"],
        )
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.company_ids += cls.other
        localize_demo(cls.env, VIETNAM)

    def test_salespeople_are_vietnamese_in_ho_chi_minh_city(self):
        users = self.env["res.users"].concat(
            self.env.ref("sales_gamification.user_manager_demo"),
            self.env.ref("sales_gamification.user_anna_demo"),
            self.env.ref("sales_gamification.user_emma_demo"),
            self.admin,
        )
        self.assertEqual(
            [(u.name, u.login, u.email, u.lang, u.tz) for u in users],
            [
                ("Lê Thị Mai", "mai", "mai@example.com", "vi_VN", "Asia/Ho_Chi_Minh"),
                (
                    "Nguyễn Ngọc Anh",
                    "anh",
                    "anh@example.com",
                    "vi_VN",
                    "Asia/Ho_Chi_Minh",
                ),
                ("Võ Thị Hoa", "hoa", "hoa@example.com", "vi_VN", "Asia/Ho_Chi_Minh"),
                (
                    self.admin.name,
                    "admin",
                    self.admin.email,
                    "vi_VN",
                    "Asia/Ho_Chi_Minh",
                ),
            ],
        )
        # The password is the login.
        self.env["res.users"].with_user(users[1])._check_credentials(
            {"login": "anh", "password": "anh", "type": "password"},
            {"interactive": False},
        )

    def test_customers_products_and_targets_are_vietnamese(self):
        customer = self.env.ref("sales_gamification.res_partner_customer_3_demo")
        self.assertEqual(
            (customer.name, customer.city, customer.country_id.code, customer.lang),
            ("Vận tải Mê Kông", "Cần Thơ", "VN", "vi_VN"),
        )
        product = self.env.ref("sales_gamification.product_subscription_demo")
        self.assertEqual(
            (
                product.with_context(lang="vi_VN").name,
                product.with_context(lang="en_US").name,
                product.list_price,
            ),
            (
                "Thuê bao phần mềm hằng năm",
                "English product_subscription_demo",
                120_000_000,
            ),
        )
        team = self.env.ref(DEMO_TEAM_XMLID)
        self.assertEqual(
            (team.with_context(lang="vi_VN").name, team.invoiced_target),
            ("Kinh doanh trực tiếp", 1_500_000_000),
        )
        line = "challenge_monthly_sales_targets_line_invoiced_amount"
        self.assertEqual(
            self.env.ref(f"sales_gamification.{line}").target_goal,
            500_000_000,
        )

    def test_one_company_named_in_vietnamese(self):
        self.assertEqual(
            (self.env.company.name, self.env.company.city),
            ("Công ty TNHH Phần mềm Sao Việt", "Thành phố Hồ Chí Minh"),
        )
        self.assertFalse(self.other.active)
        self.assertNotIn(self.other, self.admin.company_ids)

    def test_leads_are_named_in_vietnamese(self):
        ensure_chart_of_accounts(self.env)
        team = self.env.ref(DEMO_TEAM_XMLID)
        team.member_ids = self.env.ref("sales_gamification.user_anna_demo")
        customer = self.env.ref("sales_gamification.res_partner_customer_1_demo")
        generate_demo_activity(
            team,
            customer,
            self.env.ref("sales_gamification.product_support_demo"),
            NOW,
            subjects=profile_lead_subjects(VIETNAM)[:1],
            lead_name=VIETNAM["lead_name"],
        )
        names = set(
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("team_id", "=", team.id)])
            .mapped("name")
        )
        self.assertEqual(names, {"Triển khai CRM cho Cà phê Rang xay Sài Gòn"})

    def test_quotas_and_the_wins_feed_are_vietnamese(self):
        challenge = self.env.ref("sales_gamification.challenge_monthly_sales_targets")
        self.assertEqual(
            [
                (quota.user_id.login, quota.definition_id.name, quota.target)
                for quota in self.env["sales_gamification.quota"].search(
                    [("challenge_id", "=", challenge.id)], order="target desc"
                )
            ],
            [
                ("anh", "Total Invoiced", 750_000_000),
                ("bao", "Total Invoiced", 600_000_000),
                ("hoa", "Total Invoiced", 300_000_000),
            ],
        )
        channel = self.env.ref("sales_gamification.discuss_channel_sales_wins_demo")
        self.assertEqual(channel.name, "tin-chiến-thắng")
