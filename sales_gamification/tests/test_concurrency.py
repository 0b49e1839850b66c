# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging
import queue
import threading
from functools import partial
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.service import db as db_service
from odoo.service.model import retrying
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import config

from ..models import gamification_goal_refresh

_logger = logging.getLogger(__name__)

SALESPEOPLE = 4
DEALS_EACH = 8
LEAD_DEFINITIONS = (
    "new_leads",
    "new_opportunities",
    "won_opportunities",
    "revenue_won",
    "win_rate",
)
# The threads that refresh goals once a transaction that found them busy
# has committed (see models/gamification_goal_refresh.py).
REFRESH_THREAD = "sales_gamification refresh"


@tagged("post_install", "-at_install")
class TestConcurrentSales(BaseCase):
    """Four salespeople save leads and win or lose deals at the same time,
    a manager hands closed deals over from one to another, and the goal
    cron runs again and again, each in its own transactions, committed, in
    a copy of the test database.

    No error may reach a salesperson or the manager, and the goals must end
    with the values a full recompute gives.
    """

    def setUp(self):
        super().setUp()
        self.db_name = get_db_name() + "_concurrency"
        db_service.exp_drop(self.db_name)
        # Loading the copy's registry must not run the modules' tests in it.
        with patch.dict(config.options, test_enable=False):
            db_service.exp_duplicate_database(get_db_name(), self.db_name)
        self.addCleanup(db_service.exp_drop, self.db_name)
        self.registry = Registry(self.db_name)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
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
                            "groups_id": [Command.set(salesman.ids)],
                        }
                    )
                )
                env["crm.team.member"].create(
                    {"user_id": user.id, "crm_team_id": team.id}
                )
                customer = env["res.partner"].create(
                    {"name": "Customer %d" % number, "customer_rank": 1}
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
                            Command.set(env.ref("sales_team.group_sale_manager").ids)
                        ],
                    }
                )
                .id
            )
            channel = env["discuss.channel"].create({"name": "Sales floor"})
            challenge = env["gamification.challenge"].create(
                {
                    "name": "Busy Month",
                    "team_id": team.id,
                    # Odoo's default domain would add every internal user.
                    "user_domain": False,
                    "period": "monthly",
                    "visibility_mode": "ranking",
                    "report_message_frequency": "never",
                    "report_message_group_id": channel.id,
                    "line_ids": [
                        Command.create(
                            {
                                "definition_id": env.ref(
                                    "sales_gamification.definition_" + name
                                ).id,
                                "target_goal": 3.0,
                            }
                        )
                        for name in LEAD_DEFINITIONS
                    ],
                }
            )
            challenge.action_start()
            self.challenge_id = challenge.id

    def run_as(self, uid, errors, who, function, retry=True):
        """Run ``function(env)`` in a transaction of its own and keep any
        error it raises. As Odoo's HTTP layer does for a request, a
        transaction that fails on a concurrent update is tried again: only
        what fails every attempt reaches the user (``retry=False`` for the
        cron, which Odoo does not try again)."""
        try:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, uid, {})
                if retry:
                    retrying(partial(function, env), env)
                else:
                    function(env)
        except Exception as error:  # what the user would see
            errors.append((who, repr(error)))

    def salesperson(self, uid, customer_id, closed, errors):
        def create(number, created, env):
            lead = env["crm.lead"].create(
                {
                    "name": "Deal %d of %d" % (number, uid),
                    "user_id": uid,
                    "partner_id": customer_id,
                    "expected_revenue": 1000.0 * (number + 1),
                }
            )
            # A retried transaction creates the lead again.
            created[:] = lead.ids

        def close(number, created, env):
            lead = env["crm.lead"].browse(created)
            lead.convert_opportunity(env["res.partner"].browse(customer_id))
            if number % 3:
                lead.action_set_won()
            else:
                lead.action_set_lost()

        for number in range(DEALS_EACH):
            created = []
            self.run_as(
                uid, errors, "seller %d" % uid, partial(create, number, created)
            )
            if created:
                self.run_as(
                    uid, errors, "seller %d" % uid, partial(close, number, created)
                )
                closed.put(created[0])

    def manager(self, closed, done, errors):
        uids = [uid for uid, _customer in self.users]

        def hand_over(lead_id, env):
            lead = env["crm.lead"].with_context(active_test=False).browse(lead_id)
            next_uid = uids[(uids.index(lead.user_id.id) + 1) % len(uids)]
            lead.write({"user_id": next_uid})

        handed = 0
        while not (done.is_set() and closed.empty()):
            try:
                lead_id = closed.get(timeout=0.05)
            except queue.Empty:
                continue
            if handed % 2 == 0:
                self.run_as(
                    self.manager_id, errors, "manager", partial(hand_over, lead_id)
                )
            handed += 1

    def cron(self, done, cron_errors):
        while not done.is_set():
            self.run_as(
                SUPERUSER_ID,
                cron_errors,
                "cron",
                lambda env: env["gamification.challenge"]._cron_update(),
                retry=False,
            )

    def test_parallel_saves_and_cron_end_with_exact_goals(self):
        errors, cron_errors = [], []
        closed, done, cron_done = queue.Queue(), threading.Event(), threading.Event()
        deferred = []
        real_refresh = gamification_goal_refresh.refresh_after_commit

        def counting_refresh(dbname, pairs):
            deferred.append(len(pairs))
            return real_refresh(dbname, pairs)

        self.startPatcher(
            patch.object(
                gamification_goal_refresh, "refresh_after_commit", counting_refresh
            )
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
        # Every transaction is over; the refreshes they started after their
        # commit run in threads of their own: wait for them.
        for thread in threading.enumerate():
            if thread.name == REFRESH_THREAD:
                thread.join()

        self.maxDiff = None
        self.assertEqual(errors, [])
        # The manager's hand-overs meet the salespeople's saves on the same
        # goals: some goals were busy and refreshed after the commit.
        self.assertTrue(deferred, "no goal was ever busy: nothing was checked")
        self.assertEqual(cron_errors, [])
        with self.registry.cursor() as cr:
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
        _logger.info(
            "concurrency: %d transactions, %d deferred refreshes (%s goals)",
            SALESPEOPLE * DEALS_EACH * 2,
            len(deferred),
            sum(deferred),
        )
