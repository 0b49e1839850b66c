# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import json
from contextlib import nullcontext
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from ..models import gamification_goal_refresh
from ..models.gamification_goal_refresh import (
    AFTER_COMMIT_ATTEMPTS,
    refresh_after_commit,
)
from ..models.res_users import GOALS_NOTIFICATION, RECOGNITION_NOTIFICATION
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
REFRESH_LOGGER = "odoo.addons.sales_gamification.models.gamification_goal_refresh"
KPI_SOURCE_LOGGER = (
    "odoo.addons.sales_gamification.models.sales_gamification_kpi_source"
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
        cls.channel = cls.env["discuss.channel"].create({"name": "Sales room"})
        cls.definitions = {
            name: cls.env.ref("sales_gamification.definition_" + name)
            for name in DEFINITIONS
        }
        cls.challenge = (
            cls.env["gamification.challenge"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "This Month",
                    "team_id": cls.team.id,
                    # Odoo's default domain would add every internal user.
                    "user_domain": False,
                    "manager_id": cls.manager.id,
                    "period": "monthly",
                    "visibility_mode": "ranking",
                    "report_message_frequency": "never",
                    "report_message_group_id": cls.channel.id,
                    "reward_realtime": False,
                    "line_ids": [
                        Command.create(
                            {
                                "definition_id": definition.id,
                                "target_goal": 2.0,
                                "sequence": sequence,
                            }
                        )
                        for sequence, definition in enumerate(cls.definitions.values())
                    ],
                }
            )
        )
        cls.challenge.action_start()
        # The day of the running period, as the goals count it.
        cls.today = cls.company._sales_today()

    def goal(self, user, name):
        # Saved records move the goals just before the commit.
        self.env.cr.flush()
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
            for goal in self.challenge_goals()
        }

    def assertMoved(self, before, moved):
        """Every goal has its value of ``before`` but those of ``moved``."""
        expected = dict(before)
        expected.update(moved)
        self.assertEqual(self.values(), expected)
        return expected

    def set_current(self, goals, value):
        """Give goals a wrong value behind the ORM's back: a goal that is
        computed again gets its right value back."""
        self.env.cr.execute(
            SQL(
                "UPDATE gamification_goal SET current = %s WHERE id IN %s",
                value,
                tuple(goals.ids),
            )
        )
        self.env["gamification.goal"].invalidate_model(["current"])

    def new_lead(self, user, revenue=0.0, kind="lead"):
        return (
            self.env["crm.lead"]
            .with_user(user)
            .create(
                {
                    "name": "Deal of %s" % user.name,
                    "type": kind,
                    "user_id": user.id,
                    "team_id": self.team.id,
                    "partner_id": self.customer.id,
                    "expected_revenue": revenue,
                }
            )
        )

    def new_invoice(self, user, amount, kind="out_invoice"):
        """A draft invoice of the running period, in the hands of the
        billing clerk."""
        invoice = self.create_invoice(
            user, amount, self.today, state="draft", kind=kind
        )
        return invoice.with_user(self.billing)

    def recognitions(self, user):
        """Payloads of the congratulations sent to the user's web clients."""
        return self.notifications(user, RECOGNITION_NOTIFICATION)

    def notifications(self, user, notification_type):
        """Payloads of the notifications of ``notification_type`` sent to
        the user's web clients."""
        # Notifications become bus.bus rows just before the commit.
        self.env.cr.precommit.run()
        channel = json.dumps(
            [self.env.cr.dbname, "res.partner", user.partner_id.id],
            separators=(",", ":"),
        )
        messages = [
            json.loads(bus.message)
            for bus in self.env["bus.bus"].search(
                [("channel", "=", channel)], order="id"
            )
        ]
        return [
            message["payload"]
            for message in messages
            if message["type"] == notification_type
        ]

    def challenge_goals(self):
        self.env.cr.flush()
        return self.env["gamification.goal"].search(
            [("challenge_id", "=", self.challenge.id)]
        )

    def channel_posts(self):
        """Bodies of the messages posted in the challenge's channel."""
        self.env.cr.flush()
        return (
            self.env["mail.message"]
            .search(
                [
                    ("model", "=", "discuss.channel"),
                    ("res_id", "=", self.channel.id),
                    ("message_type", "=", "comment"),
                ],
                order="id",
            )
            .mapped("body")
        )


@tagged("post_install", "-at_install")
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

        lead.convert_opportunity(self.customer)
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
        lead.with_user(self.manager).write({"user_id": self.bao.id})
        self.assertMoved(
            values, {("anna", "new_leads"): (0.0, 0), ("bao", "new_leads"): (1.0, 1)}
        )

    def test_deleted_lead_moves_its_owner_goal(self):
        lead = self.new_lead(self.bao)
        values = self.values()
        lead.with_user(self.manager).unlink()
        self.assertMoved(values, {("bao", "new_leads"): (0.0, 0)})

    def test_invoice_posted_cancelled_and_refunded(self):
        invoice = self.new_invoice(self.bao, 1000.0)
        values = self.values()
        self.assertEqual(values[("bao", "invoiced_amount")], (0.0, 0))

        invoice.action_post()
        values = self.assertMoved(values, {("bao", "invoiced_amount"): (1000.0, 1)})

        refund = self.new_invoice(self.bao, 300.0, kind="out_refund")
        refund.action_post()
        values = self.assertMoved(values, {("bao", "invoiced_amount"): (700.0, 2)})

        invoice.button_cancel()
        self.assertMoved(values, {("bao", "invoiced_amount"): (-300.0, 1)})

    def test_invoice_reversed_with_the_wizard(self):
        invoice = self.new_invoice(self.anna, 1000.0)
        invoice.action_post()
        values = self.assertMoved(
            self.values(), {("anna", "invoiced_amount"): (1000.0, 1)}
        )
        reversal = (
            self.env["account.move.reversal"]
            .with_user(self.billing)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"date": self.today, "journal_id": invoice.journal_id.id})
        )
        reversal.refund_moves()
        # The credit note is a draft, for the invoice's salesperson.
        credit_note = reversal.new_move_ids
        self.assertEqual(
            (credit_note.move_type, credit_note.state, credit_note.invoice_user_id),
            ("out_refund", "draft", self.anna),
        )
        self.assertEqual(self.values(), values)
        credit_note.action_post()
        self.assertMoved(values, {("anna", "invoiced_amount"): (0.0, 2)})

    def test_order_confirmed_and_cancelled(self):
        order = self.create_order(self.anna, 400.0, state="draft").with_user(self.anna)
        values = self.values()
        order.action_confirm()
        values = self.assertMoved(
            values,
            {
                ("anna", "confirmed_orders"): (1.0, 1),
                ("anna", "average_deal_size"): (400.0, 1),
            },
        )
        # A confirmed order is cancelled through the cancellation wizard.
        self.env["sale.order.cancel"].with_user(self.anna).create(
            {"order_id": order.id}
        ).action_cancel()
        self.assertEqual(order.state, "cancel")
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
        self.set_current(
            self.goal(self.bao, "new_leads") | self.goal(self.anna, "invoiced_amount"),
            42.0,
        )
        self.new_lead(self.anna)
        self.assertEqual(self.goal(self.anna, "new_leads").current, 1.0)
        self.assertEqual(self.goal(self.bao, "new_leads").current, 42.0)
        self.assertEqual(self.goal(self.anna, "invoiced_amount").current, 42.0)

    def test_writing_other_fields_computes_nothing(self):
        lead = self.new_lead(self.anna)
        self.set_current(self.challenge_goals(), 42.0)
        lead.with_user(self.anna).write(
            {"description": "Called back", "function": "Buyer", "street": "Main St"}
        )
        self.assertEqual(set(self.challenge_goals().mapped("current")), {42.0})
        lead.with_user(self.anna).write({"type": "opportunity"})
        self.assertEqual(self.goal(self.anna, "new_leads").current, 1.0)
        self.assertEqual(self.goal(self.anna, "new_opportunities").current, 1.0)

    def test_a_phone_number_moves_only_the_goals_on_the_probability(self):
        # Odoo's lead scoring computes the probability from the quality of
        # the phone number: the goals of won and lost deals may move.
        lead = self.new_lead(self.anna)
        self.set_current(self.challenge_goals(), 42.0)
        values = self.values()
        lead.with_user(self.anna).write({"phone": "+32 470 12 34 56"})
        self.assertMoved(
            values,
            {
                ("anna", "won_opportunities"): (0.0, 0),
                ("anna", "revenue_won"): (0.0, 0),
                ("anna", "win_rate"): (0.0, 0),
            },
        )

    def test_goals_of_a_challenge_not_running_do_not_move(self):
        self.challenge.with_user(self.manager).write({"state": "done"})
        self.new_lead(self.anna)
        self.assertEqual(self.goal(self.anna, "new_leads").current, 0.0)

    def test_a_changed_definition_counts_from_the_next_save(self):
        self.new_lead(self.anna)
        self.assertEqual(self.goal(self.anna, "new_leads").current, 1.0)
        self.definitions["new_leads"].with_user(self.manager).write(
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
                "field_date_id": self.env.ref("crm.field_crm_lead__create_date").id,
                "domain": "[('partner_id.country_id.code', '=', 'BE')]",
                "batch_mode": True,
                "batch_distinctive_field": self.env.ref(
                    "crm.field_crm_lead__user_id"
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
        self.env["crm.lead"].with_user(self.anna).create(
            {"name": "Belgian deal", "user_id": self.anna.id, "partner_id": customer.id}
        )
        self.env.cr.flush()
        self.assertEqual(goal.current, 1.0)

    def test_a_failing_kpi_does_not_stop_the_save(self):
        self.definitions["new_leads"].write({"batch_user_expression": "user.nope"})
        with self.assertLogs(KPI_SOURCE_LOGGER, "ERROR") as logs:
            lead = self.new_lead(self.anna)
            self.env.cr.flush()
        self.assertEqual(
            [record.getMessage() for record in logs.records],
            ["Goals not refreshed after saving crm.lead; the cron will update them."],
        )
        self.assertTrue(lead.exists())
        self.assertEqual(self.goal(self.anna, "new_leads").current, 0.0)

    def test_salesperson_cannot_update_goals(self):
        with self.assertRaises(AccessError):
            self.goal(self.anna, "new_leads").with_user(self.anna).update_goal()

    def test_the_cron_updates_salespeople_who_never_logged_in(self):
        # Odoo's cron skips the goals of users without a login since their
        # last update; none of these salespeople ever logged in.
        self.set_current(self.goal(self.anna, "new_leads"), 42.0)
        self.assertFalse(
            self.env["res.users.log"].search([("create_uid", "=", self.anna.id)])
        )
        self.run_cron()
        self.assertEqual(self.goal(self.anna, "new_leads").current, 0.0)


@tagged("post_install", "-at_install")
class TestSaveCost(RealtimeCase):
    """What a save costs the addon before the commit."""

    def test_a_won_deal_costs_the_queries_of_its_goals_only(self):
        lost = self.new_lead(self.anna, kind="opportunity")
        deal = self.new_lead(self.anna, kind="opportunity")
        # A lost deal first fills the caches of the worker, as the saves
        # before a win do.
        lost.with_user(self.anna).action_set_lost()
        self.env.cr.flush()
        deal.with_user(self.anna).action_set_won()
        self.env.flush_all()
        # What the addon adds before the commit, no board being open and no
        # wins feed set: the running challenges of the deal's salesperson
        # with an open board or a feed (none); her running goals; in a
        # savepoint, the grouped query of the lead KPIs, the lock of the
        # goals that moved, their UPDATE and the notification that tells her
        # screens; the savepoint released. The company's time zone and the
        # boards' state are not read again.
        with self.assertQueries(8):
            self.env["crm.lead"].sudo()._deals_saved_pending()
            self.env["sales_gamification.kpi.source"].sudo()._kpi_refresh_pending()
        self.assertEqual(self.goal(self.anna, "won_opportunities").current, 1.0)


@tagged("post_install", "-at_install")
class TestBusyGoals(RealtimeCase):
    """Goals that a concurrent transaction is writing are left to it, and
    computed again once the saving transaction commits.

    A concurrent transaction is simulated by the row lock failing for the
    goals in ``self.busy`` (test_concurrency.py does it for real)."""

    def setUp(self):
        super().setUp()
        self.busy = set()
        self.lock_calls = 0
        Goal = self.registry["gamification.goal"]
        real_lock = Goal._kpi_lock

        def lock(goals, ids):
            self.lock_calls += 1
            free = [goal_id for goal_id in ids if goal_id not in self.busy]
            return real_lock(goals, free) if free else set()

        self.startPatcher(patch.object(Goal, "_kpi_lock", lock))

    def pair(self, user, name):
        return (self.definitions[name].id, user.id)

    def refresh_callbacks(self):
        """What this transaction will run for the addon once committed (Odoo
        adds its own callbacks, e.g. to wake up its crons)."""
        return [
            callback
            for callback in self.env.cr.postcommit._funcs
            if callback.__module__ == gamification_goal_refresh.__name__
        ]

    def test_busy_goal_is_left_and_refreshed_after_the_commit(self):
        busy = self.goal(self.anna, "new_leads")
        self.busy.add(busy.id)
        self.new_lead(self.anna, kind="opportunity")
        # The free goal moved; the busy one is left to its transaction.
        self.assertEqual(self.goal(self.anna, "new_opportunities").current, 1.0)
        self.assertEqual(busy.current, 0.0)
        # Once this transaction commits, a thread computes it again.
        callbacks = self.refresh_callbacks()
        self.assertEqual(len(callbacks), 1)
        with patch.object(gamification_goal_refresh.threading, "Thread") as thread:
            callbacks[0]()
        thread.assert_called_once_with(
            target=refresh_after_commit,
            args=(self.env.cr.dbname, {self.pair(self.anna, "new_leads")}),
            name="sales_gamification refresh",
            daemon=True,
        )
        thread.return_value.start.assert_called_once_with()

    def test_nothing_waits_for_the_commit_when_no_goal_is_busy(self):
        self.new_lead(self.anna)
        self.assertEqual(self.goal(self.anna, "new_leads").current, 1.0)
        self.assertEqual(self.refresh_callbacks(), [])

    def test_refresh_pairs_computes_the_given_goals_only(self):
        self.new_lead(self.anna)
        self.new_lead(self.bao)
        goals = (
            self.goal(self.anna, "new_leads")
            | self.goal(self.bao, "new_leads")
            | self.goal(self.anna, "new_opportunities")
        )
        self.set_current(goals, 42.0)
        self.busy.add(self.goal(self.bao, "new_leads").id)
        Goal = self.env["gamification.goal"]
        busy = Goal._kpi_refresh_pairs(
            {self.pair(self.anna, "new_leads"), self.pair(self.bao, "new_leads")}
        )
        self.assertEqual(busy, {self.pair(self.bao, "new_leads")})
        self.assertEqual(goals.mapped("current"), [1.0, 42.0, 42.0])
        # A goal whose value is right already is not written: never busy.
        self.busy.add(self.goal(self.anna, "new_leads").id)
        pairs = {self.pair(self.anna, "new_leads")}
        self.assertEqual(Goal._kpi_refresh_pairs(pairs), set())

    def in_this_transaction(self):
        """Make ``refresh_after_commit`` run its attempts in this test's
        transaction, not in new committed ones, and not sleep between them.

        :return: the mock of ``time.sleep``
        """
        registry = self.startPatcher(
            patch.object(gamification_goal_refresh, "Registry")
        )
        registry.return_value.cursor.side_effect = lambda: nullcontext(self.env.cr)
        return self.startPatcher(patch.object(gamification_goal_refresh.time, "sleep"))

    def test_refresh_after_commit_tries_again_until_the_goal_is_free(self):
        self.new_lead(self.anna)
        goal = self.goal(self.anna, "new_leads")
        self.set_current(goal, 42.0)
        self.busy.add(goal.id)
        Goal = self.registry["gamification.goal"]
        real_refresh_pairs = Goal._kpi_refresh_pairs
        attempts = []

        def refresh_pairs(goals, pairs):
            attempts.append(pairs)
            if len(attempts) == 3:
                # The concurrent transaction is over.
                self.busy.clear()
            return real_refresh_pairs(goals, pairs)

        self.startPatcher(patch.object(Goal, "_kpi_refresh_pairs", refresh_pairs))
        sleep = self.in_this_transaction()
        refresh_after_commit(self.env.cr.dbname, {self.pair(self.anna, "new_leads")})
        self.assertEqual(attempts, [{self.pair(self.anna, "new_leads")}] * 3)
        self.assertEqual(sleep.call_count, 2)
        self.env.invalidate_all()
        self.assertEqual(goal.current, 1.0)

    def test_refresh_after_commit_leaves_goals_busy_too_long_to_the_cron(self):
        self.new_lead(self.anna)
        goal = self.goal(self.anna, "new_leads")
        self.set_current(goal, 42.0)
        self.busy.add(goal.id)
        self.lock_calls = 0
        sleep = self.in_this_transaction()
        with self.assertLogs(REFRESH_LOGGER) as logs:
            refresh_after_commit(
                self.env.cr.dbname, {self.pair(self.anna, "new_leads")}
            )
        self.assertEqual(self.lock_calls, AFTER_COMMIT_ATTEMPTS)
        self.assertEqual(sleep.call_count, AFTER_COMMIT_ATTEMPTS - 1)
        self.assertEqual(
            [(record.levelname, record.getMessage()) for record in logs.records],
            [
                (
                    "WARNING",
                    "Goals (definition, user) [(%d, %d)] were busy; the cron will "
                    "update them." % self.pair(self.anna, "new_leads"),
                )
            ],
        )
        self.env.invalidate_all()
        self.assertEqual(goal.current, 42.0)


@tagged("post_install", "-at_install")
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
        lead.with_user(self.manager).write({"user_id": self.bao.id})
        self.env.cr.flush()
        self.assertEqual(goal.state, "inprogress")
        lead.with_user(self.manager).write({"user_id": self.anna.id})
        self.env.cr.flush()
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

    def test_a_goal_moved_tells_its_salespersons_screens(self):
        # One message a save to the salesperson whose goal moved, which the
        # top bar and My Goals load again on; none to the others. The start
        # of the challenge, which gave both their goals, sent the first.
        self.assertEqual(self.notifications(self.bao, GOALS_NOTIFICATION), [{}])
        self.new_lead(self.bao)
        self.assertEqual(self.notifications(self.bao, GOALS_NOTIFICATION), [{}, {}])
        self.new_lead(self.bao)
        self.assertEqual(self.notifications(self.bao, GOALS_NOTIFICATION), [{}, {}, {}])
        self.assertEqual(self.notifications(self.anna, GOALS_NOTIFICATION), [{}])
        # A save that moves no goal tells nobody.
        self.env["crm.lead"].search([("user_id", "=", self.bao.id)]).write(
            {"description": "Called back"}
        )
        self.assertEqual(self.notifications(self.bao, GOALS_NOTIFICATION), [{}, {}, {}])

    def test_a_badge_waits_in_the_inbox(self):
        thank_you = self.env.ref("sales_gamification.badge_thank_you")
        self.bao.notification_type = "inbox"
        self.anna.notification_type = "email"
        Message = self.env["mail.message"].sudo()
        Mail = self.env["mail.mail"].sudo()
        mails = Mail.search_count([])

        def grant(sender, recipient, comment):
            self.env["gamification.badge.user.wizard"].with_user(sender).create(
                {"user_id": recipient.id, "badge_id": thank_you.id, "comment": comment}
            ).action_grant_badge()
            return Message.search(
                [
                    ("model", "=", "gamification.badge"),
                    ("res_id", "=", thank_you.id),
                    ("message_type", "=", "user_notification"),
                ]
            )

        # Anna thanks Bao, who reads his notifications in Odoo: the badge
        # and her words wait in his inbox, and no email is sent.
        message = grant(self.anna, self.bao, "For the <b>demo</b> at Hue!")
        self.assertEqual(
            (
                message.author_id,
                message.subject,
                str(message.body),
                message.notification_ids.mapped(
                    lambda n: (n.res_partner_id, n.notification_type, n.is_read)
                ),
            ),
            (
                self.anna.partner_id,
                "Your badge Thank You",
                "<p>Anna sends you the badge Thank You.</p>"
                "<p><em>For the &lt;b&gt;demo&lt;/b&gt; at Hue!</em></p>",
                [(self.bao.partner_id, "inbox", False)],
            ),
        )
        self.assertEqual(Mail.search_count([]), mails)
        # Bao thanks Anna, who reads her email: Odoo's email, as before.
        self.assertEqual(grant(self.bao, self.anna, "Thanks!"), message)
        self.assertEqual(
            Mail.search([], order="id desc", limit=1).mapped(
                lambda mail: (mail.subject, mail.recipient_ids)
            ),
            [("New badge Thank You granted", self.anna.partner_id)],
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
        self.env.cr.precommit.run()
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
            .with_user(self.manager)
            .create(
                {
                    "name": "First Steps",
                    "user_ids": [Command.set(self.anna.ids)],
                    "user_domain": False,
                    "manager_id": self.manager.id,
                    "period": "monthly",
                    "report_message_frequency": "never",
                    "reward_realtime": True,
                    "reward_id": badge.id,
                    "line_ids": [
                        Command.create(
                            {
                                "definition_id": self.definitions[name].id,
                                "target_goal": 1,
                            }
                        )
                        for name in ("new_leads", "new_opportunities")
                    ],
                }
            )
        )
        challenge.action_start()
        BadgeUser = self.env["gamification.badge.user"]
        self.new_lead(self.anna)
        self.env.cr.flush()
        self.assertFalse(BadgeUser.search([("challenge_id", "=", challenge.id)]))
        self.new_lead(self.anna, kind="opportunity")
        self.new_lead(self.anna, kind="opportunity")
        self.env.cr.flush()
        grants = BadgeUser.search([("challenge_id", "=", challenge.id)])
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
            .with_user(self.anna)
            .create({"user_id": self.bao.id, "badge_id": badge.id})
        )
        wizard.action_grant_badge()
        self.assertEqual(
            self.recognitions(self.bao),
            [
                {
                    "title": "New badge!",
                    "message": "You receive the badge Thank You.",
                    "img_url": "/web/image/gamification.badge/%d/image_128" % badge.id,
                }
            ],
        )
        # Not a challenge's badge: no channel to tell.
        self.assertEqual(self.channel_posts(), [])

    def test_period_badge_is_posted_in_the_challenge_channel(self):
        badge = self.env.ref("sales_gamification.badge_top_salesperson")
        self.challenge.with_user(self.manager).write(
            {"reward_first_id": badge.id, "reward_failure": True}
        )
        self.new_lead(self.bao)
        self.challenge.with_user(self.manager).action_check()
        self.challenge._check_challenge_reward(force=True)
        self.assertEqual(
            self.channel_posts(),
            ["<p>Bao receives the badge Top Salesperson.</p>"],
        )
        self.assertEqual(
            [message["title"] for message in self.recognitions(self.bao)],
            ["New badge!"],
        )
