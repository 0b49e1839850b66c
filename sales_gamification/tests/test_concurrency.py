# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import queue
import threading
import unittest

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service import db as db_service
from odoo.tests.common import get_db_name

from ..models import gamification_goal

SALESPEOPLE = 4
DEALS_EACH = 8
LEAD_DEFINITIONS = (
    "new_leads",
    "new_opportunities",
    "won_opportunities",
    "revenue_won",
    "win_rate",
)


class TestConcurrentSales(unittest.TestCase):
    """Four salespeople save leads and win or lose deals at the same time,
    a manager hands closed deals over from one to another, and the goal
    cron runs again and again, each in its own transactions, committed, in
    a copy of the test database.

    No error may reach a salesperson or the manager, and the goals must end
    with the values a full recompute gives.
    """

    def setUp(self):
        self.db_name = get_db_name() + "_concurrency"
        db_service.exp_drop(self.db_name)
        db_service.exp_duplicate_database(get_db_name(), self.db_name)
        self.addCleanup(db_service.exp_drop, self.db_name)
        self.registry = odoo.registry(self.db_name)
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            team = env["crm.team"].create({"name": "Concurrent Team"})
            salesman = env.ref("sales_team.group_sale_salesman")
            self.users = []
            for number in range(SALESPEOPLE):
                user = (
                    env["res.users"]
                    .with_context(no_reset_password=True)
                    .create(
                        {
                            "name": "Seller %d" % number,
                            "login": "seller%d" % number,
                            "email": "seller%d@example.com" % number,
                            "sale_team_id": team.id,
                            "groups_id": [(6, 0, salesman.ids)],
                        }
                    )
                )
                customer = env["res.partner"].create(
                    {"name": "Customer %d" % number, "customer": True}
                )
                self.users.append((user.id, customer.id))
            self.manager_id = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": "Boss",
                        "login": "boss",
                        "email": "boss@example.com",
                        "groups_id": [
                            (6, 0, env.ref("sales_team.group_sale_manager").ids)
                        ],
                    }
                )
                .id
            )
            channel = env["mail.channel"].create({"name": "Sales floor"})
            challenge = env["gamification.challenge"].create(
                {
                    "name": "Busy Month",
                    "team_id": team.id,
                    "period": "monthly",
                    "visibility_mode": "ranking",
                    "report_message_frequency": "never",
                    "report_message_group_id": channel.id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "definition_id": env.ref(
                                    "sales_gamification.definition_" + name
                                ).id,
                                "target_goal": 3.0,
                            },
                        )
                        for name in LEAD_DEFINITIONS
                    ],
                }
            )
            challenge.action_start()
            self.challenge_id = challenge.id

    def run_as(self, uid, errors, who, function):
        """Run ``function(env)`` in a transaction of its own, as a request
        would, and keep any error it raises."""
        try:
            with api.Environment.manage(), self.registry.cursor() as cr:
                function(api.Environment(cr, uid, {}))
        except Exception as error:  # what the user would see
            errors.append((who, repr(error)))

    def salesperson(self, uid, customer_id, closed, errors):
        for number in range(DEALS_EACH):
            created = []

            def create(env):
                lead = env["crm.lead"].create(
                    {
                        "name": "Deal %d of %d" % (number, uid),
                        "user_id": uid,
                        "partner_id": customer_id,
                        "planned_revenue": 1000.0 * (number + 1),
                    }
                )
                created.append(lead.id)

            def close(env):
                lead = env["crm.lead"].browse(created)
                lead.convert_opportunity(customer_id)
                if number % 3:
                    lead.action_set_won()
                else:
                    lead.action_set_lost()

            self.run_as(uid, errors, "seller %d" % uid, create)
            if created:
                self.run_as(uid, errors, "seller %d" % uid, close)
                closed.put(created[0])

    def manager(self, closed, done, errors):
        uids = [uid for uid, _customer in self.users]
        handed = 0
        while not (done.is_set() and closed.empty()):
            try:
                lead_id = closed.get(timeout=0.05)
            except queue.Empty:
                continue

            def hand_over(env):
                lead = env["crm.lead"].with_context(active_test=False).browse(lead_id)
                next_uid = uids[(uids.index(lead.user_id.id) + 1) % len(uids)]
                lead.write({"user_id": next_uid})

            if handed % 2 == 0:
                self.run_as(self.manager_id, errors, "manager", hand_over)
            handed += 1

    def cron(self, done, cron_errors):
        while not done.is_set():
            self.run_as(
                SUPERUSER_ID,
                cron_errors,
                "cron",
                lambda env: env["gamification.challenge"]._cron_update(),
            )

    def test_parallel_saves_and_cron_end_with_exact_goals(self):
        errors, cron_errors = [], []
        closed, done, cron_done = queue.Queue(), threading.Event(), threading.Event()
        deferred = []
        real_refresh = gamification_goal.refresh_after_commit

        def counting_refresh(dbname, pairs):
            deferred.append(len(pairs))
            return real_refresh(dbname, pairs)

        gamification_goal.refresh_after_commit = counting_refresh
        self.addCleanup(
            setattr, gamification_goal, "refresh_after_commit", real_refresh
        )

        sellers = [
            threading.Thread(
                target=self.salesperson, args=(uid, customer_id, closed, errors)
            )
            for uid, customer_id in self.users
        ]
        others = [
            threading.Thread(target=self.manager, args=(closed, done, errors)),
            threading.Thread(target=self.cron, args=(cron_done, cron_errors)),
        ]
        for thread in sellers + others:
            thread.start()
        for thread in sellers:
            thread.join()
        done.set()
        others[0].join()
        cron_done.set()
        others[1].join()

        self.maxDiff = None
        self.assertEqual(errors, [])
        # The manager's hand-overs meet the salespeople's saves on the same
        # goals: some goals were busy and refreshed after the commit.
        self.assertTrue(deferred, "no goal was ever busy: nothing was checked")
        self.assertEqual(cron_errors, [])
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(
                env["crm.lead"]
                .with_context(active_test=False)
                .search_count([("user_id", "in", [uid for uid, _c in self.users])]),
                SALESPEOPLE * DEALS_EACH,
            )
            goals = env["gamification.goal"].search(
                [("challenge_id", "=", self.challenge_id)]
            )
            self.assertEqual(len(goals), SALESPEOPLE * len(LEAD_DEFINITIONS))
            stored = {goal.id: (goal.current, goal.sample_size) for goal in goals}
            expected = {}
            for goal in goals:
                values = goal.definition_id._kpi_values(
                    goal.user_id, goal.start_date, goal.end_date
                )
                expected[goal.id] = values[goal.user_id.id]
            self.assertEqual(stored, expected)
            # Every deal counts: the salespeople's totals add up.
            new_leads = goals.filtered(
                lambda g: g.definition_id
                == env.ref("sales_gamification.definition_new_leads")
            )
            self.assertEqual(sum(new_leads.mapped("current")), SALESPEOPLE * DEALS_EACH)
        print(
            "concurrency: %d transactions, %d deferred refreshes (%s goals)"
            % (SALESPEOPLE * DEALS_EACH * 2, len(deferred), sum(deferred))
        )
