# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Helpers that build sales history through the real CRM, Sales and
Invoicing flows, at chosen dates."""

from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.sql_db import TestCursor
from odoo.tests import TransactionCase, freeze_time, tagged

from odoo.addons.bus.models.bus import ImBus, channel_with_db, dispatch, hashable

from ..hooks import set_create_date
from ..models.gamification_challenge_tv import TV_NOTIFIED


def dispatch_at_once():
    """Test transactions never commit, so PostgreSQL never tells the open
    websockets that notifications wait. With this patch, the websockets of a
    notification's channel are told when the transaction that sends it ends
    (its pre-commit, once the notification is written), as the commit
    would."""
    sendone = ImBus._sendone

    def _sendone(bus, target, notification_type, message):
        sendone(bus, target, notification_type, message)
        channel = hashable(channel_with_db(bus.env.cr.dbname, target))

        def wake():
            for socket in dispatch._channels_to_ws.get(channel, ()):
                socket.trigger_notification_dispatching()

        bus.env.cr.precommit.add(wake)

    return patch.object(ImBus, "_sendone", _sendone)


def push_tv_boards(env):
    """What the commit of the transaction does for the TV boards, in it:
    the figures it changed are pushed (``_tv_schedule_push``)."""
    env.cr.flush()
    pending = env.cr.postcommit.data.pop(TV_NOTIFIED, None)
    if pending:
        env["gamification.challenge"].sudo().browse(sorted(pending))._tv_push()
        env.cr.flush()


def push_at_commit():
    """Test transactions never commit, so the TV boards' figures are never
    pushed. With this patch, a request's commit pushes them."""
    commit = TestCursor.commit

    def _commit(cursor):
        push_tv_boards(api.Environment(cursor, SUPERUSER_ID, {}))
        commit(cursor)

    return patch.object(TestCursor, "commit", _commit)


def dt(value):
    """'2026-03-04 12:00' -> datetime."""
    return datetime.strptime(value, "%Y-%m-%d %H:%M")


@tagged("post_install", "-at_install")
class SalesCase(TransactionCase):
    @classmethod
    def run_cron(cls):
        """Run the gamification cron. Its intermediate commits would end the
        test's transaction, so they are skipped."""
        with patch.object(cls.env.cr, "commit", lambda: None):
            cls.env.ref("gamification.ir_cron_check_challenge").method_direct_trigger()
            cls.env.invalidate_all()

    @contextmanager
    def assertQueries(self, expected):
        """The block runs exactly ``expected`` SQL queries."""
        before = self.env.cr.sql_log_count
        yield
        self.assertEqual(self.env.cr.sql_log_count - before, expected)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.ref("base.main_company")
        cls.team = cls.env["crm.team"].create({"name": "Test Sales Team"})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Test Customer", "customer_rank": 1, "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Test Service",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "Test VAT 15%",
                "amount": 15.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )

    @classmethod
    def create_user(cls, login, groups=("sales_team.group_sale_salesman",), team=True):
        """A user in ``groups``, member of the test team when ``team``."""
        user = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": login.title(),
                    "login": login,
                    "email": "%s@example.com" % login,
                    "groups_id": [Command.set([cls.env.ref(g).id for g in groups])],
                }
            )
        )
        if team:
            cls.join_team(user, cls.team)
        return user

    @classmethod
    def join_team(cls, user, team):
        cls.env["crm.team.member"].create({"user_id": user.id, "crm_team_id": team.id})

    @classmethod
    def create_manager(cls):
        """A sales manager outside the team."""
        return cls.create_user(
            "manager",
            groups=("base.group_user", "sales_team.group_sale_manager"),
            team=False,
        )

    @classmethod
    def start_team_challenge(cls, name, targets, **values):
        """A monthly challenge of the test team, started; ``targets`` lists
        (definition's xml id in the addon, target) pairs."""
        challenge = cls.env["gamification.challenge"].create(
            {
                "name": name,
                "period": "monthly",
                "team_id": cls.team.id,
                "report_message_frequency": "never",
                "line_ids": [
                    Command.create(
                        {
                            "definition_id": cls.env.ref(
                                f"sales_gamification.{definition}"
                            ).id,
                            "target_goal": target,
                        }
                    )
                    for definition, target in targets
                ],
                **values,
            }
        )
        challenge.action_start()
        return challenge

    # CRM

    @classmethod
    def create_lead(cls, user, created, kind="lead", revenue=0.0):
        lead = cls.env["crm.lead"].create(
            {
                "name": "%s of %s on %s" % (kind, user.name, created),
                "type": kind,
                "user_id": user.id,
                "team_id": cls.team.id,
                "partner_id": cls.customer.id,
                "expected_revenue": revenue,
            }
        )
        set_create_date(lead, dt(created))
        return lead

    @classmethod
    def win_today(cls, counts):
        """For each (user, count) of ``counts``, ``count`` opportunities of
        1000 created and won at midnight today (the user's today)."""
        for user, count in counts:
            midnight = "%s 00:00" % fields.Date.context_today(user)
            for _index in range(count):
                cls.win(cls.create_lead(user, midnight, "opportunity", 1000), midnight)

    @staticmethod
    def convert(lead, when):
        lead.convert_opportunity(lead.partner_id)
        lead.date_conversion = dt(when)
        return lead

    @staticmethod
    def win(lead, when):
        lead.action_set_won()
        lead.date_closed = dt(when)
        return lead

    @staticmethod
    def lose(lead, when):
        lead.action_set_lost()
        lead.date_closed = dt(when)
        return lead

    # Sales

    @classmethod
    def create_order(cls, user, amount, confirmed=None, state="sale"):
        """An order of ``amount`` untaxed; confirmed at ``confirmed`` when
        ``state`` is 'sale', left in draft or cancelled otherwise."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": user.id,
                "team_id": cls.team.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.set(cls.tax.ids)],
                        }
                    )
                ],
            }
        )
        if state == "sale":
            order.action_confirm()
            # Confirming sets the order date: the confirmation date on 18.
            order.date_order = dt(confirmed)
        elif state == "cancel":
            order.action_cancel()
        return order

    # Invoicing

    @classmethod
    def create_invoice(
        cls, user, amount, date, state="posted", kind="out_invoice", currency=None
    ):
        """A customer invoice (or credit note) of ``amount`` untaxed, with
        15% tax, posted unless ``state`` says 'draft' or 'cancel'."""
        invoice = cls.env["account.move"].create(
            {
                "partner_id": cls.customer.id,
                "invoice_user_id": user.id,
                "move_type": kind,
                "invoice_date": date,
                "currency_id": (currency or cls.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Service",
                            "product_id": cls.product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.set(cls.tax.ids)],
                        }
                    )
                ],
            }
        )
        if state == "posted":
            invoice.action_post()
        elif state == "cancel":
            invoice.button_cancel()
        return invoice


class ClosingCase(SalesCase):
    """A monthly challenge of Ann and Bob on won deals (target 1) with a full
    ranking, from ``START``, its periods closed by the cron."""

    START = "2026-01-01"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann = cls.create_user("ann")
        cls.bob = cls.create_user("bob")
        with freeze_time(cls.START + " 08:00:00"):
            cls.challenge = cls.start_team_challenge(
                "Deal a month",
                [("definition_won_opportunities", 1)],
                reward_realtime=False,
                start_date=cls.START,
                user_domain=False,
                visibility_mode="ranking",
                leaderboard_privacy="full",
            )

    @classmethod
    def win_on(cls, user, day):
        """A deal of ``user`` created and won on ``day``."""
        cls.win(cls.create_lead(user, day + " 09:00", "opportunity"), day + " 10:00")

    @classmethod
    def close(cls, day):
        """The cron's run on ``day``: it closes the period that ended."""
        with freeze_time(day + " 06:00:00"):
            cls.run_cron()
