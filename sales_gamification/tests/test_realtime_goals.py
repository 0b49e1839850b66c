# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import json

from odoo import fields
from odoo.exceptions import AccessError

from ..models.res_users import RECOGNITION_CHANNEL
from .common import SalesCase

# Definitions of the challenge, by short name.
DEFINITIONS = (
    "new_leads",
    "new_opportunities",
    "won_opportunities",
    "revenue_won",
    "win_rate",
    "invoiced_amount",
    "confirmed_orders",
    "average_deal_size",
)


class RealtimeCase(SalesCase):
    """A monthly challenge running on the KPIs of leads, invoices and orders,
    for two salespeople; records are saved by the people who save them in
    real life."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.create_manager()
        cls.billing = cls.create_user(
            "billing", groups=("account.group_account_invoice",), team=False
        )
        cls.anna = cls.create_user("anna")
        cls.bao = cls.create_user("bao")
        cls.channel = cls.env["mail.channel"].create({"name": "Sales room"})
        cls.definitions = {
            name: cls.env.ref("sales_gamification.definition_" + name)
            for name in DEFINITIONS
        }
        cls.challenge = (
            cls.env["gamification.challenge"]
            .sudo(cls.manager)
            .create(
                {
                    "name": "This Month",
                    "team_id": cls.team.id,
                    "manager_id": cls.manager.id,
                    "period": "monthly",
                    "visibility_mode": "ranking",
                    "report_message_frequency": "never",
                    "report_message_group_id": cls.channel.id,
                    "reward_realtime": False,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "definition_id": definition.id,
                                "target_goal": 2.0,
                                "sequence": sequence,
                            },
                        )
                        for sequence, definition in enumerate(cls.definitions.values())
                    ],
                }
            )
        )
        cls.challenge.sudo(cls.manager).action_start()
        # Invoices can be cancelled once posted.
        cls.env["account.journal"].search([("type", "=", "sale")]).write(
            {"update_posted": True}
        )

    def goal(self, user, name):
        return self.env["gamification.goal"].search(
            [
                ("challenge_id", "=", self.challenge.id),
                ("user_id", "=", user.id),
                ("definition_id", "=", self.definitions[name].id),
            ]
        )

    def values(self):
        """{(login, definition): (current, sample size)} of every goal."""
        names = {definition: name for name, definition in self.definitions.items()}
        return {
            (goal.user_id.login, names[goal.definition_id]): (
                goal.current,
                goal.sample_size,
            )
            for goal in self.env["gamification.goal"].search(
                [("challenge_id", "=", self.challenge.id)]
            )
        }

    def assertMoved(self, before, moved):
        """Every goal has its value of ``before`` but those of ``moved``."""
        expected = dict(before)
        expected.update(moved)
        self.assertEqual(self.values(), expected)
        return expected

    def new_lead(self, user, revenue=0.0, kind="lead"):
        return (
            self.env["crm.lead"]
            .sudo(user)
            .create(
                {
                    "name": "Deal of %s" % user.name,
                    "type": kind,
                    "user_id": user.id,
                    "team_id": self.team.id,
                    "partner_id": self.customer.id,
                    "planned_revenue": revenue,
                }
            )
        )

    def new_invoice(self, user, amount, kind="out_invoice"):
        today = fields.Date.context_today(self.challenge)
        invoice = self.create_invoice(user, amount, today, state="draft", kind=kind)
        return invoice.sudo(self.billing)

    def recognitions(self, user):
        """Messages sent on the user's congratulation channel."""
        channel = json.dumps(
            [self.env.cr.dbname, RECOGNITION_CHANNEL, user.partner_id.id],
            separators=(",", ":"),
        )
        return [
            json.loads(bus.message)
            for bus in self.env["bus.bus"].search(
                [("channel", "=", channel)], order="id"
            )
        ]

    def challenge_goals(self):
        return self.env["gamification.goal"].search(
            [("challenge_id", "=", self.challenge.id)]
        )

    def channel_posts(self):
        return self.channel.message_ids.sorted("id").mapped("body")


class TestGoalsMoveOnSave(RealtimeCase):
    def test_goals_start_at_zero(self):
        self.assertEqual(
            self.values(),
            {
                (login, name): (0.0, 0)
                for login in ("anna", "bao")
                for name in DEFINITIONS
            },
        )

    def test_lead_life_moves_its_owner_goals(self):
        values = self.values()
        lead = self.new_lead(self.anna, revenue=5000.0)
        values = self.assertMoved(values, {("anna", "new_leads"): (1.0, 1)})

        lead.convert_opportunity(self.customer.id)
        values = self.assertMoved(values, {("anna", "new_opportunities"): (1.0, 1)})

        lead.action_set_won()
        values = self.assertMoved(
            values,
            {
                ("anna", "won_opportunities"): (1.0, 1),
                ("anna", "revenue_won"): (5000.0, 1),
                ("anna", "win_rate"): (100.0, 1),
            },
        )

        lost = self.new_lead(self.anna, kind="opportunity")
        values = self.assertMoved(
            values,
            {("anna", "new_leads"): (2.0, 2), ("anna", "new_opportunities"): (2.0, 2)},
        )
        lost.action_set_lost()
        self.assertMoved(values, {("anna", "win_rate"): (50.0, 2)})

    def test_reassigned_lead_moves_both_salespeople(self):
        lead = self.new_lead(self.anna)
        values = self.values()
        lead.sudo(self.manager).write({"user_id": self.bao.id})
        self.assertMoved(
            values, {("anna", "new_leads"): (0.0, 0), ("bao", "new_leads"): (1.0, 1)}
        )

    def test_deleted_lead_moves_its_owner_goal(self):
        lead = self.new_lead(self.bao)
        values = self.values()
        lead.sudo(self.manager).unlink()
        self.assertMoved(values, {("bao", "new_leads"): (0.0, 0)})

    def test_invoice_posted_cancelled_and_refunded(self):
        invoice = self.new_invoice(self.bao, 1000.0)
        values = self.values()
        self.assertEqual(values[("bao", "invoiced_amount")], (0.0, 0))

        invoice.action_invoice_open()
        values = self.assertMoved(values, {("bao", "invoiced_amount"): (1000.0, 1)})

        refund = self.new_invoice(self.bao, 300.0, kind="out_refund")
        refund.action_invoice_open()
        values = self.assertMoved(values, {("bao", "invoiced_amount"): (700.0, 2)})

        invoice.action_invoice_cancel()
        self.assertMoved(values, {("bao", "invoiced_amount"): (-300.0, 1)})

    def test_order_confirmed_and_cancelled(self):
        order = self.create_order(self.anna, 400.0, state="draft").sudo(self.anna)
        values = self.values()
        order.action_confirm()
        values = self.assertMoved(
            values,
            {
                ("anna", "confirmed_orders"): (1.0, 1),
                ("anna", "average_deal_size"): (400.0, 1),
            },
        )
        order.action_cancel()
        self.assertMoved(
            values,
            {
                ("anna", "confirmed_orders"): (0.0, 0),
                ("anna", "average_deal_size"): (0.0, 0),
            },
        )

    def test_only_the_goals_concerned_are_computed(self):
        # Goals made wrong on purpose: a save recomputes only the goals of
        # the record's owner on the record's model, so these stay wrong.
        self.env.cr.execute(
            "UPDATE gamification_goal SET current = 42 WHERE id IN %s",
            (
                (
                    self.goal(self.bao, "new_leads").id,
                    self.goal(self.anna, "invoiced_amount").id,
                ),
            ),
        )
        self.env["gamification.goal"].invalidate_cache()
        self.new_lead(self.anna)
        self.assertEqual(self.goal(self.anna, "new_leads").current, 1.0)
        self.assertEqual(self.goal(self.bao, "new_leads").current, 42.0)
        self.assertEqual(self.goal(self.anna, "invoiced_amount").current, 42.0)

    def test_writing_other_fields_computes_nothing(self):
        lead = self.new_lead(self.anna)
        self.env.cr.execute(
            "UPDATE gamification_goal SET current = 42 WHERE id = %s",
            (self.goal(self.anna, "new_leads").id,),
        )
        self.env["gamification.goal"].invalidate_cache()
        lead.sudo(self.anna).write({"description": "Called back", "phone": "123"})
        self.assertEqual(self.goal(self.anna, "new_leads").current, 42.0)
        lead.sudo(self.anna).write({"type": "opportunity"})
        self.assertEqual(self.goal(self.anna, "new_leads").current, 1.0)

    def test_goals_of_a_challenge_not_running_do_not_move(self):
        self.challenge.sudo(self.manager).write({"state": "done"})
        self.new_lead(self.anna)
        self.assertEqual(self.goal(self.anna, "new_leads").current, 0.0)

    def test_a_changed_definition_counts_from_the_next_save(self):
        self.new_lead(self.anna)
        self.assertEqual(self.goal(self.anna, "new_leads").current, 1.0)
        self.definitions["new_leads"].sudo(self.manager).write(
            {"domain": "[('type', '=', 'opportunity')]"}
        )
        self.new_lead(self.anna)
        self.assertEqual(self.goal(self.anna, "new_leads").current, 0.0)
        self.new_lead(self.anna, kind="opportunity")
        self.assertEqual(self.goal(self.anna, "new_leads").current, 1.0)

    def test_a_domain_through_a_relation_sees_new_records(self):
        # The SQL of such a domain holds the ids of the related records of
        # the moment: it is built again for every computation.
        belgium = self.env.ref("base.be")
        definition = self.env["gamification.goal.definition"].create(
            {
                "name": "Belgian leads",
                "computation_mode": "count",
                "model_id": self.env.ref("crm.model_crm_lead").id,
                "field_date_id": self.env.ref("crm.field_crm_lead_create_date").id,
                "domain": "[('partner_id.country_id.code', '=', 'BE')]",
                "batch_mode": True,
                "batch_distinctive_field": self.env.ref(
                    "crm.field_crm_lead_user_id"
                ).id,
                "batch_user_expression": "user.id",
            }
        )
        goal = self.env["gamification.goal"].create(
            {
                "definition_id": definition.id,
                "user_id": self.anna.id,
                "target_goal": 5,
                "state": "inprogress",
            }
        )
        goal.update_goal()
        self.assertEqual(goal.current, 0.0)
        customer = self.env["res.partner"].create(
            {"name": "Brussels Customer", "country_id": belgium.id}
        )
        self.env["crm.lead"].sudo(self.anna).create(
            {"name": "Belgian deal", "user_id": self.anna.id, "partner_id": customer.id}
        )
        self.assertEqual(goal.current, 1.0)

    def test_a_failing_kpi_does_not_stop_the_save(self):
        self.definitions["new_leads"].write({"batch_user_expression": "user.nope"})
        lead = self.new_lead(self.anna)
        self.assertTrue(lead.exists())
        self.assertEqual(self.goal(self.anna, "new_leads").current, 0.0)

    def test_salesperson_cannot_update_goals(self):
        with self.assertRaises(AccessError):
            self.goal(self.anna, "new_leads").sudo(self.anna).update_goal()

    def test_the_cron_updates_salespeople_who_never_logged_in(self):
        # Odoo's cron skips the goals of users without a login since their
        # last update; none of these salespeople ever logged in.
        self.env.cr.execute(
            "UPDATE gamification_goal SET current = 42 WHERE id = %s",
            (self.goal(self.anna, "new_leads").id,),
        )
        self.env["gamification.goal"].invalidate_cache()
        self.assertFalse(
            self.env["res.users.log"].search([("create_uid", "=", self.anna.id)])
        )
        self.run_cron()
        self.assertEqual(self.goal(self.anna, "new_leads").current, 0.0)


class TestRecognition(RealtimeCase):
    def test_reached_goal_is_recognized_once(self):
        self.new_lead(self.anna)
        self.assertEqual(self.recognitions(self.anna), [])
        lead = self.new_lead(self.anna)
        goal = self.goal(self.anna, "new_leads")
        self.assertEqual(goal.state, "reached")
        self.assertTrue(goal.recognized)
        self.assertEqual(
            self.recognitions(self.anna),
            [
                {
                    "title": "Goal reached!",
                    "message": "New Leads: 2 of 2 leads.",
                    "img_url": "/sales_gamification/static/img/"
                    "badge_top_salesperson.png",
                }
            ],
        )
        self.assertEqual(
            self.channel_posts(),
            ["<p>Anna reached the goal New Leads: 2 of 2 leads.</p>"],
        )
        # A recompute that changes nothing, a drop and a second success:
        # nobody hears of it again.
        self.challenge_goals().update_goal()
        lead.sudo(self.manager).write({"user_id": self.bao.id})
        self.assertEqual(goal.state, "inprogress")
        lead.sudo(self.manager).write({"user_id": self.anna.id})
        self.assertEqual(goal.state, "reached")
        self.assertEqual(len(self.recognitions(self.anna)), 1)
        self.assertEqual(self.recognitions(self.bao), [])
        self.assertEqual(len(self.channel_posts()), 1)

    def test_names_are_escaped_in_the_channel(self):
        self.anna.name = '<a href="http://evil.example">Anna</a>'
        self.new_lead(self.anna)
        self.new_lead(self.anna)
        self.assertEqual(
            self.channel_posts(),
            [
                '<p>&lt;a href="http://evil.example"&gt;Anna&lt;/a&gt; '
                "reached the goal New Leads: 2 of 2 leads.</p>"
            ],
        )

    def test_recompute_without_change_notifies_nobody(self):
        self.new_lead(self.bao)
        self.new_lead(self.bao)
        # Odoo's own challenges have goals to catch up with first.
        self.run_cron()
        self.assertEqual(len(self.recognitions(self.bao)), 1)
        bus_count = self.env["bus.bus"].search_count([])
        posts = self.channel_posts()
        self.challenge_goals().update_goal()
        self.run_cron()
        self.assertEqual(
            self.env["bus.bus"].search([], order="id")[bus_count:].mapped("message"),
            [],
        )
        self.assertEqual(self.channel_posts(), posts)

    def test_manual_goal_reached_is_recognized_once(self):
        definition = self.env["gamification.goal.definition"].create(
            {"name": "Customer Visits", "computation_mode": "manually"}
        )
        goal = self.env["gamification.goal"].create(
            {
                "definition_id": definition.id,
                "user_id": self.bao.id,
                "target_goal": 1.0,
                "state": "inprogress",
            }
        )
        goal.write({"state": "reached"})
        goal.write({"state": "inprogress"})
        goal.write({"state": "reached"})
        self.assertTrue(goal.recognized)
        self.assertEqual(
            [message["title"] for message in self.recognitions(self.bao)],
            ["Goal reached!"],
        )

    def test_reward_as_soon_as_every_goal_is_reached(self):
        badge = self.env.ref("sales_gamification.badge_first_deal")
        challenge = (
            self.env["gamification.challenge"]
            .sudo(self.manager)
            .create(
                {
                    "name": "First Steps",
                    "user_ids": [(6, 0, self.anna.ids)],
                    "manager_id": self.manager.id,
                    "period": "monthly",
                    "report_message_frequency": "never",
                    "reward_realtime": True,
                    "reward_id": badge.id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "definition_id": self.definitions[name].id,
                                "target_goal": 1,
                            },
                        )
                        for name in ("new_leads", "new_opportunities")
                    ],
                }
            )
        )
        challenge.action_start()
        grants = self.env["gamification.badge.user"].search(
            [("challenge_id", "=", challenge.id)]
        )
        self.new_lead(self.anna)
        self.assertFalse(grants.search([("challenge_id", "=", challenge.id)]))
        self.new_lead(self.anna, kind="opportunity")
        self.new_lead(self.anna, kind="opportunity")
        grants = grants.search([("challenge_id", "=", challenge.id)])
        self.assertEqual(
            [(g.user_id, g.badge_id) for g in grants], [(self.anna, badge)]
        )
        self.assertEqual(
            [
                m["message"]
                for m in self.recognitions(self.anna)
                if m["title"] == "New badge!"
            ],
            ["You receive the badge First Deal Won."],
        )

    def test_badge_granted_is_recognized(self):
        badge = self.env.ref("sales_gamification.badge_thank_you")
        wizard = (
            self.env["gamification.badge.user.wizard"]
            .sudo(self.anna)
            .create({"user_id": self.bao.id, "badge_id": badge.id})
        )
        wizard.action_grant_badge()
        self.assertEqual(
            self.recognitions(self.bao),
            [
                {
                    "title": "New badge!",
                    "message": "You receive the badge Thank You.",
                    "img_url": "/web/image/gamification.badge/%d/image" % badge.id,
                }
            ],
        )
        # Not a challenge's badge: no channel to tell.
        self.assertEqual(self.channel_posts(), [])

    def test_period_badge_is_posted_in_the_challenge_channel(self):
        badge = self.env.ref("sales_gamification.badge_top_salesperson")
        self.challenge.sudo(self.manager).write(
            {"reward_first_id": badge.id, "reward_failure": True}
        )
        self.new_lead(self.bao)
        self.challenge.sudo(self.manager).action_check()
        self.challenge._check_challenge_reward(force=True)
        self.assertEqual(
            self.channel_posts(),
            ["<p>Bao receives the badge Top Salesperson.</p>"],
        )
        self.assertEqual(
            [message["title"] for message in self.recognitions(self.bao)],
            ["New badge!"],
        )
