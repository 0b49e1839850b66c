# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging
import random
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields

_logger = logging.getLogger(__name__)

DEMO_TEAM_XMLID = "sales_gamification.crm_team_direct_sales_demo"
DEMO_PARTNER_XMLIDS = [
    "sales_gamification.res_partner_customer_%d_demo" % i for i in range(1, 9)
]
DEMO_PRODUCT_XMLIDS = [
    "sales_gamification.product_subscription_demo",
    "sales_gamification.product_onboarding_demo",
    "sales_gamification.product_support_demo",
]
LEAD_SUBJECTS = [
    "CRM rollout",
    "Website redesign",
    "Warehouse tablets",
    "Helpdesk licences",
    "Annual renewal",
    "New branch equipment",
    "Training programme",
    "Reporting dashboards",
]


# Odoo's gamification access that the addon narrows (read-only goals, badge
# grants without edits, nothing for portal users), as Odoo ships it: the
# uninstall hook gives it back.
STOCK_ACCESS = {
    "gamification.goal_employee": (1, 1, 0, 0),
    "gamification.badge_user_employee": (1, 1, 1, 0),
    "gamification.goal_portal": (1, 1, 0, 0),
    "gamification.goal_definition_portal": (1, 0, 0, 0),
    "gamification.challenge_portal": (1, 0, 0, 0),
    "gamification.challenge_line_portal": (1, 0, 0, 0),
}


def uninstall_hook(cr, registry):
    """Give Odoo's gamification back the access rights it ships with."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (read, write, create, unlink) in STOCK_ACCESS.items():
        env.ref(xmlid).write(
            {
                "perm_read": read,
                "perm_write": write,
                "perm_create": create,
                "perm_unlink": unlink,
            }
        )
    env.ref("gamification.goal_user_visibility").perm_write = True


def post_init_hook(cr, registry):
    """Give the demo sales team three months of sales activity.

    Only in databases with demo data, where the demo team exists. The
    activity is dated relative to the day of installation, so the demo
    always shows this month and the two before it.
    """
    env = api.Environment(cr, SUPERUSER_ID, {})
    team = env.ref(DEMO_TEAM_XMLID, raise_if_not_found=False)
    if team:
        generate_demo_activity(
            team,
            customers=env["res.partner"].concat(
                *(env.ref(xmlid) for xmlid in DEMO_PARTNER_XMLIDS)
            ),
            products=env["product.product"].concat(
                *(env.ref(xmlid) for xmlid in DEMO_PRODUCT_XMLIDS)
            ),
            now=datetime.utcnow().replace(microsecond=0),
        )
        start_demo_challenge(team)


def generate_demo_activity(team, customers, products, now, seed=11):
    """Create leads, opportunities, orders and invoices for ``team``.

    Each member of the team gets, for this month (up to ``now``) and the two
    months before, leads from ``customers`` created on known dates; some are
    converted into opportunities with a quotation for some of ``products``,
    which are then won, lost or left open. A won opportunity's order is
    confirmed, then invoiced and posted a few days later. The same ``seed``
    and ``now`` always give the same records.
    """
    env = team.env(
        context=dict(team.env.context, tracking_disable=True, mail_create_nolog=True)
    )
    rng = random.Random(seed)
    partners = list(customers.with_env(env))
    products = list(products.with_env(env))
    lost_reasons = env["crm.lost.reason"].search([])
    open_stages = env["crm.stage"].search(
        [("probability", ">", 0), ("probability", "<", 100)]
    )
    Lead = env["crm.lead"]
    leads = Lead.browse()
    first_month = datetime.combine(now.date().replace(day=1), time()) - relativedelta(
        months=2
    )
    for user in team.member_ids.sorted("login"):
        skill = rng.uniform(0.6, 1.4)
        for month in range(3):
            start = first_month + relativedelta(months=month)
            end = min(start + relativedelta(months=1), now)
            seconds = int((end - start).total_seconds())
            if seconds <= 0:
                continue
            n_leads = max(1, round(seconds / 86400.0 / 30 * 7 * skill))
            for _index in range(n_leads):
                created = start + timedelta(seconds=rng.randrange(seconds))
                partner = rng.choice(partners)
                lead = Lead.create(
                    {
                        "name": "%s for %s" % (rng.choice(LEAD_SUBJECTS), partner.name),
                        "type": "lead",
                        "user_id": user.id,
                        "team_id": team.id,
                        "contact_name": partner.name,
                        "email_from": partner.email,
                    }
                )
                set_create_date(lead, created)
                leads |= lead
                converted = created + timedelta(days=rng.uniform(0.2, 8))
                if converted >= now or rng.random() > 0.65:
                    continue
                lead.convert_opportunity(partner.id)
                lead.write(
                    {
                        "date_conversion": fields.Datetime.to_string(converted),
                        "date_open": fields.Datetime.to_string(converted),
                    }
                )
                _close_demo_opportunity(
                    lead,
                    rng,
                    skill,
                    converted,
                    now,
                    products,
                    open_stages,
                    lost_reasons,
                )
    _logger.info("Demo activity: %d leads for the team %s", len(leads), team.name)


def start_demo_challenge(team):
    """Run the Monthly Sales Targets template for the demo team since the
    first demo month: the two months that ended have their winner. Goals
    reached and badges won are announced in #general."""
    challenge = team.env.ref("sales_gamification.challenge_monthly_sales_targets")
    first_month = fields.Date.from_string(fields.Date.context_today(challenge))
    first_month = first_month.replace(day=1) - relativedelta(months=2)
    challenge.write(
        {
            "team_id": team.id,
            "user_domain": False,
            "manager_id": team.user_id.id,
            "start_date": fields.Date.to_string(first_month),
            "report_message_group_id": team.env.ref("mail.channel_all_employees").id,
        }
    )
    challenge.action_start()
    challenge._check_challenge_reward()


def set_create_date(records, create_date):
    """Give ``records`` another creation date, and recompute what depends on it.

    ``create_date`` is a magic column the ORM never writes, hence SQL; for
    demo and test data only.
    """
    records.env.cr.execute(
        'UPDATE "%s" SET create_date = %%s WHERE id IN %%s' % records._table,
        (fields.Datetime.to_string(create_date), tuple(records.ids)),
    )
    records.invalidate_cache(["create_date"], records.ids)
    records.modified(["create_date"])
    records.recompute()


def _close_demo_opportunity(
    opportunity, rng, skill, converted, now, products, open_stages, lost_reasons
):
    closed = converted + timedelta(days=rng.uniform(2, 25))
    lines = [
        (0, 0, {"product_id": product.id, "product_uom_qty": rng.randint(1, 4)})
        for product in rng.sample(products, rng.randint(1, len(products)))
    ]
    order = opportunity.env["sale.order"].create(
        {
            "partner_id": opportunity.partner_id.id,
            "user_id": opportunity.user_id.id,
            "team_id": opportunity.team_id.id,
            "opportunity_id": opportunity.id,
            "date_order": fields.Datetime.to_string(min(closed, now)),
            "order_line": lines,
        }
    )
    opportunity.planned_revenue = order.amount_untaxed
    if closed >= now:
        # Still in the pipeline, with its quotation in draft.
        opportunity.stage_id = rng.choice(open_stages)
        return
    closed_at = fields.Datetime.to_string(closed)
    if rng.random() > 0.55 * skill:
        opportunity.action_set_lost()
        opportunity.write(
            {"date_closed": closed_at, "lost_reason": rng.choice(lost_reasons).id}
        )
        order.action_cancel()
        return
    opportunity.action_set_won()
    opportunity.date_closed = closed_at
    order.action_confirm()
    order.confirmation_date = closed_at
    invoiced = closed + timedelta(days=rng.uniform(0, 6))
    if invoiced >= now:
        return
    invoice = opportunity.env["account.invoice"].browse(order.action_invoice_create())
    invoice.date_invoice = invoiced.date()
    invoice.action_invoice_open()
