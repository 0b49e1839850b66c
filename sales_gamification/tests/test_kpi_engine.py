# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .common import SalesCase

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
APRIL = (date(2026, 4, 1), date(2026, 4, 30))
DEFINITIONS = (
    "invoiced_amount",
    "new_leads",
    "time_to_qualify",
    "new_opportunities",
    "won_opportunities",
    "revenue_won",
    "days_to_close",
    "win_rate",
    "confirmed_orders",
    "average_deal_size",
)

# Every KPI of March 2026 for each salesperson, computed by hand from the
# fixture below: (value, sample size).
EXPECTED = {
    "alice": {
        # 1000 (posted) - 200 (credit note); draft, cancelled, February and
        # April invoices left out.
        "invoiced_amount": (800.0, 2),
        # L1 L2 L3 (31st, 23:30) L4 L6 (1st, 00:00) L7 L8; not L5 (February).
        "new_leads": (7, 7),
        # L1 2.5 days, L2 1.0 day (since lost).
        "time_to_qualify": (1.75, 2),
        # L1 L2 converted; L4 L6 L7 L8 created as opportunities.
        "new_opportunities": (6, 6),
        # L1, L4 (31st, 12:00), L5; not L6 (won on April 1st).
        "won_opportunities": (3, 3),
        "revenue_won": (4500.0, 3),
        # L1 8.5, L4 21.5, L5 21 days.
        "days_to_close": (17.0, 3),
        # 3 won (L1 L4 L5) of 5 closed (+ L2 L8 lost).
        "win_rate": (60.0, 5),
        # O1 O2; draft, cancelled and April orders left out.
        "confirmed_orders": (2, 2),
        "average_deal_size": (2000.0, 2),
    },
    "ben": {
        # 1000.0 in a currency at 2 per company unit, on the 31st.
        "invoiced_amount": (500.0, 1),
        "new_leads": (3, 3),
        "time_to_qualify": (2.0, 1),
        "new_opportunities": (3, 3),
        "won_opportunities": (1, 1),
        "revenue_won": (2000.0, 1),
        "days_to_close": (10.0, 1),
        "win_rate": (100.0 / 3, 3),
        # P1, confirmed on the 31st at 15:00.
        "confirmed_orders": (1, 1),
        "average_deal_size": (600.0, 1),
    },
    "cara": {
        "invoiced_amount": (300.0, 1),
        "new_leads": (0, 0),
        "time_to_qualify": (0.0, 0),
        "new_opportunities": (0, 0),
        "won_opportunities": (0, 0),
        "revenue_won": (0.0, 0),
        "days_to_close": (0.0, 0),
        "win_rate": (0.0, 0),
        "confirmed_orders": (0, 0),
        "average_deal_size": (0.0, 0),
    },
}


class TestKpiEngine(SalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Periods are the company's days: without a time zone, UTC days.
        cls.company.partner_id.tz = False
        cls.alice = cls.create_user("alice")
        cls.ben = cls.create_user("ben")
        cls.cara = cls.create_user("cara")
        cls.users = cls.alice | cls.ben | cls.cara
        cls.definitions = {
            name: cls.env.ref("sales_gamification.definition_%s" % name)
            for name in DEFINITIONS
        }

        # Alice's pipeline
        lead = cls.create_lead
        cls.win(
            cls.convert(
                lead(cls.alice, "2026-03-02 00:00", revenue=1000), "2026-03-04 12:00"
            ),
            "2026-03-10 12:00",
        )  # L1
        cls.lose(
            cls.convert(lead(cls.alice, "2026-03-05 00:00"), "2026-03-06 00:00"),
            "2026-03-20 00:00",
        )  # L2
        lead(cls.alice, "2026-03-31 23:30")  # L3
        cls.win(
            lead(cls.alice, "2026-03-10 00:00", "opportunity", 3000), "2026-03-31 12:00"
        )  # L4
        cls.win(
            lead(cls.alice, "2026-02-22 00:00", "opportunity", 500), "2026-03-15 00:00"
        )  # L5
        cls.win(
            lead(cls.alice, "2026-03-01 00:00", "opportunity", 9999), "2026-04-01 00:00"
        )  # L6
        lead(cls.alice, "2026-03-03 00:00", "opportunity", 700)  # L7, open
        cls.lose(
            lead(cls.alice, "2026-03-08 00:00", "opportunity"), "2026-03-09 00:00"
        )  # L8
        # Ben's pipeline
        cls.win(
            cls.convert(
                lead(cls.ben, "2026-03-10 00:00", revenue=2000), "2026-03-12 00:00"
            ),
            "2026-03-20 00:00",
        )  # M1
        cls.lose(
            lead(cls.ben, "2026-03-11 00:00", "opportunity"), "2026-03-12 00:00"
        )  # M2
        cls.lose(
            lead(cls.ben, "2026-03-12 00:00", "opportunity"), "2026-03-13 00:00"
        )  # M3

        # Orders
        cls.create_order(cls.alice, 1000.0, "2026-03-10 09:00")  # O1
        cls.create_order(cls.alice, 3000.0, "2026-03-20 09:00")  # O2
        cls.create_order(cls.alice, 5000.0, state="draft")  # O3
        cls.create_order(cls.alice, 7000.0, state="cancel")  # O4
        cls.create_order(cls.alice, 8000.0, "2026-04-02 09:00")  # O5
        cls.create_order(cls.ben, 600.0, "2026-03-31 15:00")  # P1

        # Invoices
        invoice = cls.create_invoice
        invoice(cls.alice, 1000.0, date(2026, 3, 5))  # I1
        invoice(cls.alice, 700.0, date(2026, 3, 6), state="draft")  # I3
        invoice(cls.alice, 400.0, date(2026, 3, 7), state="cancel")  # I4
        invoice(cls.alice, 800.0, date(2026, 4, 1))  # I5
        invoice(cls.alice, 900.0, date(2026, 2, 28))  # I6
        invoice(cls.alice, 200.0, date(2026, 3, 20), kind="out_refund")  # R1
        cls.foreign = cls.env["res.currency"].create(
            {"name": "SGX", "symbol": "X", "rounding": 0.01}
        )
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.foreign.id,
                "name": date(2026, 3, 1),
                "rate": 2.0 * cls.company.currency_id.rate,
            }
        )
        invoice(cls.ben, 1000.0, date(2026, 3, 31), currency=cls.foreign)  # J1
        invoice(cls.cara, 300.0, date(2026, 3, 15))  # K1

    def make_goals(self, name, target, period=MARCH, users=None):
        Goal = self.env["gamification.goal"]
        return Goal.concat(
            *(
                Goal.create(
                    {
                        "definition_id": self.definitions[name].id,
                        "user_id": user.id,
                        "start_date": period[0],
                        "end_date": period[1],
                        "target_goal": target,
                        "state": "inprogress",
                    }
                )
                for user in (users or self.users)
            )
        )

    def test_every_definition_for_every_salesperson(self):
        for name in DEFINITIONS:
            values = self.definitions[name]._kpi_values(self.users, *MARCH)
            for user in self.users:
                self.assertEqual(
                    values[user.id], EXPECTED[user.login][name], (name, user.login)
                )

    def test_update_goal_stores_value_and_sample(self):
        goals = self.make_goals("win_rate", 50)
        goals.update_goal()
        self.assertEqual(
            [(g.user_id.login, g.current, g.sample_size) for g in goals],
            [("alice", 60.0, 5), ("ben", 100.0 / 3, 3), ("cara", 0.0, 0)],
        )

    def test_batch_equals_one_salesperson_at_a_time(self):
        for name in DEFINITIONS:
            batch = self.definitions[name]
            field = batch.batch_distinctive_field.name
            single = batch.copy(
                {
                    "batch_mode": False,
                    "domain": "%s + [('%s', '=', user.id)]" % (batch.domain, field),
                }
            )
            self.assertEqual(
                single._kpi_values(self.users, *MARCH),
                batch._kpi_values(self.users, *MARCH),
                name,
            )

    def test_batch_query_count_does_not_depend_on_salespeople(self):
        more = self.users | self.create_user("dan") | self.create_user("eve")
        for name, queries in (("new_leads", 1), ("win_rate", 1)):
            definition = self.definitions[name]
            definition._kpi_values(self.users, *MARCH)  # warm the caches
            with self.assertQueries(queries):
                definition._kpi_values(self.users, *MARCH)
            with self.assertQueries(queries):
                definition._kpi_values(more, *MARCH)

    def reset_goals(self, goals):
        """Zero the goals' values behind the ORM's back, so that the next
        update writes them all again."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE gamification_goal SET current = 0, sample_size = 0"
                " WHERE id IN %s",
                tuple(goals.ids),
            )
        )
        goals.invalidate_recordset(["current", "sample_size"])

    def test_definitions_on_one_table_share_one_query(self):
        names = ("new_leads", "time_to_qualify", "win_rate", "won_opportunities")
        targets = dict(zip(names, (1000, 0.001, 100, 1000), strict=False))
        goals = self.env["gamification.goal"].concat(
            *(self.make_goals(name, targets[name]) for name in names)
        )
        goals.update_goal()
        self.reset_goals(goals)
        # Read the goals; in a savepoint (a busy goal waits for the commit),
        # one aggregate for the four definitions of crm.lead, lock the goals
        # that changed (skipping those a concurrent transaction holds),
        # write them, read the salespeople's partners (whose screens are
        # told); release.
        with self.assertQueries(7):
            goals.update_goal()
        self.assertEqual(
            {
                (goal.user_id.login, goal.definition_id): (
                    goal.current,
                    goal.sample_size,
                )
                for goal in goals
            },
            {
                (user.login, self.definitions[name]): EXPECTED[user.login][name]
                for user in self.users
                for name in names
            },
        )
        # As many queries for more salespeople.
        more = self.create_user("dan") | self.create_user("eve")
        goals |= self.env["gamification.goal"].concat(
            *(self.make_goals(name, targets[name], users=more) for name in names)
        )
        goals.update_goal()
        self.reset_goals(goals)
        with self.assertQueries(7):
            goals.update_goal()
        self.assertEqual(len(goals), 20)

    def test_states_after_the_period_ended(self):
        leads = self.make_goals("new_leads", 7)
        qualify = self.make_goals("time_to_qualify", 2.0)
        win_rate = self.make_goals("win_rate", 30)
        (leads | qualify | win_rate).update_goal()
        # Alice has 7 leads (reached); Ben 3 and Cara none: the period is
        # over, so they failed, Cara although her value did not change.
        self.assertEqual(leads.mapped("state"), ["reached", "failed", "failed"])
        self.assertEqual(leads.mapped("closed"), [False, True, True])
        # Lower is better: 1.75 and 2.0 days reach 2.0; Cara has no lead to
        # qualify, which is no achievement.
        self.assertEqual(qualify.mapped("state"), ["reached", "reached", "failed"])
        self.assertEqual(qualify.mapped("completeness"), [100.0, 100.0, 0.0])
        # Ben's 33% is above 30% but over 3 closed deals, below the minimum
        # sample of 5.
        self.assertEqual(win_rate.mapped("state"), ["reached", "failed", "failed"])
        self.assertEqual(win_rate.mapped("completeness"), [100.0, 60.0, 0.0])

    def test_running_period_stays_in_progress(self):
        today = self.company._sales_today()
        start = today.replace(day=1)
        end = start + relativedelta(months=1, days=-1)
        goals = self.make_goals("won_opportunities", 2, (start, end))
        goals.update_goal()
        self.assertEqual(goals.mapped("state"), ["inprogress"] * 3)
        self.assertEqual(goals.mapped("completeness"), [0.0] * 3)

    def test_target_zero_is_refused_when_higher_is_better(self):
        """A goal of 0 won deals would be reached with none."""
        with self.assertRaises(ValidationError) as error:
            self.make_goals("won_opportunities", 0)
        self.assertEqual(
            error.exception.args[0],
            "The target of 'Won Opportunities' must be positive: higher is better.",
        )
        goal = self.make_goals("won_opportunities", 1, users=self.alice)
        with self.assertRaises(ValidationError):
            goal.target_goal = -2
        self.assertEqual(goal.target_goal, 1)

    def test_reached_goal_goes_back_in_progress_when_the_value_drops(self):
        today = self.company._sales_today()
        goal = self.make_goals("new_leads", 1, (today, today), self.cara)
        lead = self.create_lead(self.cara, "%s 08:00" % today)
        goal.update_goal()
        self.assertEqual((goal.current, goal.state), (1.0, "reached"))
        lead.unlink()
        goal.update_goal()
        self.assertEqual((goal.current, goal.state), (0.0, "inprogress"))

    def test_unchanged_goals_are_not_written(self):
        goals = self.make_goals("revenue_won", 1000)
        goals.update_goal()
        # Alice and Ben reached their goals: the ORM writes them recognized
        # at the next flush, which must come before the date is reset.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE gamification_goal SET write_date = '2000-01-01' WHERE id IN %s",
                tuple(goals.ids),
            )
        )
        goals.invalidate_recordset()
        goals.update_goal()
        self.assertEqual(goals.mapped("write_date"), [datetime(2000, 1, 1)] * 3)

    def test_target_zero_on_a_manual_goal_does_not_crash(self):
        manual = self.env["gamification.goal.definition"].create(
            {
                "name": "Overdue invoices",
                "computation_mode": "manually",
                "condition": "lower",
            }
        )
        goal = self.env["gamification.goal"].create(
            {
                "definition_id": manual.id,
                "user_id": self.cara.id,
                "target_goal": 0,
                "current": 5,
                "state": "inprogress",
            }
        )
        self.assertEqual(goal.completeness, 0.0)
        goal.current = 0
        self.assertEqual(goal.completeness, 100.0)

    def test_stock_definitions_count_the_whole_last_day(self):
        """Odoo's own New Leads definition goes through the engine too:
        Alice's lead of March 31st at 23:30 counts; lost leads do not, as
        the stock domain leaves archived records out. Computed per user (a
        domain naming ``user``) rather than in batch, it counts the same."""
        stock = self.env.ref("gamification_sale_crm.definition_crm_nbr_new_leads")
        self.assertTrue(stock.batch_mode)
        expected = {
            self.alice.id: (5, 5),
            self.ben.id: (1, 1),
            self.cara.id: (0.0, 0),
        }
        self.assertEqual(stock._kpi_values(self.users, *MARCH), expected)
        per_user = stock.copy(
            {
                "batch_mode": False,
                "domain": "[('user_id', '=', user.id), '|', ('type', '=', 'lead'),"
                " ('type', '=', 'opportunity')]",
            }
        )
        self.assertEqual(per_user._kpi_values(self.users, *MARCH), expected)

    def test_challenge_goals_start_from_the_real_value(self):
        """Odoo starts a user's goal at target - 1 and, in batch mode, keeps
        it for users without records; here they get 0."""
        challenge = self.env["gamification.challenge"].create(
            {
                "name": "March leads",
                "period": "once",
                "start_date": MARCH[0],
                "end_date": MARCH[1],
                # Not Odoo's default: every internal user.
                "user_domain": False,
                "user_ids": [Command.set(self.users.ids)],
                "report_message_frequency": "never",
                "line_ids": [
                    Command.create(
                        {
                            "definition_id": self.definitions["new_leads"].id,
                            "target_goal": 5,
                        }
                    )
                ],
            }
        )
        challenge.action_start()
        goals = self.env["gamification.goal"].search(
            [("challenge_id", "=", challenge.id)], order="user_id"
        )
        self.assertEqual(goals.mapped("user_id"), self.users)
        self.assertEqual(goals.mapped("current"), [7.0, 3.0, 0.0])
        self.assertEqual(goals.mapped("state"), ["reached", "failed", "failed"])

    def test_the_company_time_zone_follows_a_new_contact(self):
        """The time zone is kept per worker: a company given another
        contact takes that contact's at once."""
        company = self.env.company
        company.partner_id.tz = "UTC"
        self.assertEqual(company._sales_tz(), "UTC")
        head_office = self.env["res.partner"].create(
            {"name": "Head office", "is_company": True, "tz": "Asia/Ho_Chi_Minh"}
        )
        company.partner_id = head_office
        self.assertEqual(company._sales_tz(), "Asia/Ho_Chi_Minh")

    def test_datetime_periods_are_the_company_days(self):
        """A KPI on a datetime column (stored in UTC) cuts its periods at
        midnight in the company's time zone; a date column is already a
        day."""
        self.create_lead(self.cara, "2026-03-31 18:00")
        new_leads = self.definitions["new_leads"]
        # In UTC, 18:00 on March 31st is still March.
        self.assertEqual(
            new_leads._kpi_values(self.cara, *MARCH), {self.cara.id: (1, 1)}
        )
        self.assertEqual(
            new_leads._kpi_values(self.cara, *APRIL), {self.cara.id: (0.0, 0)}
        )

        # In Ho Chi Minh City (UTC+7), it is 01:00 on April 1st.
        self.env.company.partner_id.tz = "Asia/Ho_Chi_Minh"
        march = self.make_goals("new_leads", 1, MARCH, self.cara)
        april = self.make_goals("new_leads", 1, APRIL, self.cara)
        (march | april).update_goal()
        self.assertEqual(
            (march.current, march.sample_size, march.state), (0.0, 0, "failed")
        )
        self.assertEqual(
            (april.current, april.sample_size, april.state), (1.0, 1, "reached")
        )
        # March runs from February 28th, 17:00 UTC, to March 31st, 17:00
        # UTC: Alice's lead of March 31st at 23:30 (L3) moves to April, that
        # of March 1st at 00:00 (L6), 07:00 in Ho Chi Minh City, stays in
        # March.
        self.assertEqual(
            new_leads._kpi_values(self.alice, *MARCH), {self.alice.id: (6, 6)}
        )
        self.assertEqual(
            new_leads._kpi_values(self.alice, *APRIL), {self.alice.id: (1, 1)}
        )
        # A lead created at 23:30 on March 31st in Ho Chi Minh City (16:30
        # UTC) counts in March.
        self.create_lead(self.cara, "2026-03-31 16:30")
        self.assertEqual(
            new_leads._kpi_values(self.cara, *MARCH), {self.cara.id: (1, 1)}
        )
        self.assertEqual(
            new_leads._kpi_values(self.cara, *APRIL), {self.cara.id: (1, 1)}
        )
        # Invoice dates are dates: Ben's invoice of March 31st stays in March.
        self.assertEqual(
            self.definitions["invoiced_amount"]._kpi_values(self.ben, *MARCH),
            {self.ben.id: (500.0, 1)},
        )
