# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import csv
import logging
import random
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tools import SQL, file_open
from odoo.tools.convert import convert_file

_logger = logging.getLogger(__name__)

DEMO_TEAM_XMLID = "sales_gamification.crm_team_direct_sales_demo"
# Odoo's own sales examples of gamification, which the addon replaces.
ODOO_SALES_EXAMPLES = "gamification_sale_crm"
DEMO_PARTNER_XMLIDS = [
    f"sales_gamification.res_partner_customer_{i}_demo" for i in range(1, 9)
]
DEMO_PRODUCT_XMLIDS = [
    "sales_gamification.product_subscription_demo",
    "sales_gamification.product_onboarding_demo",
    "sales_gamification.product_support_demo",
]
LEAD_SUBJECTS = (
    "CRM rollout",
    "Website redesign",
    "Warehouse tablets",
    "Helpdesk licences",
    "Annual renewal",
    "New branch equipment",
    "Training programme",
    "Reporting dashboards",
)
LEAD_NAME = "{subject} for {partner}"

# The demo profiles by the company's country: a database created for
# Vietnam, as Odoo's database manager does with its country and language,
# gets Vietnamese salespeople and customers, users in Vietnamese on Ho Chi
# Minh City's time, products and targets in dong, from the data files of
# demo/<lang>/; others get the English demo.
DEMO_PROFILES = {
    "VN": {
        "lang": "vi_VN",
        # The Vietnamese demo company of l10n_vn, set aside: one company.
        "other_company": "base.demo_company_vn",
        "lead_name": "{subject} cho {partner}",
    },
}
# The data files of a profile, in demo/<lang>/, in the order they load.
PROFILE_FILES = (
    "res_users_demo.xml",
    "res_partner_demo.xml",
    "product_product_demo.xml",
    "crm_team_demo.xml",
    "gamification_challenge_line_demo.xml",
    "sales_gamification_quota_demo.xml",
    "discuss_channel_demo.xml",
)
# The subjects of the profile's demo leads, in demo/<lang>/.
PROFILE_LEAD_SUBJECTS = "crm_lead_subjects.csv"

# Odoo's gamification access that the addon narrows (read-only goals, badge
# grants without edits, nothing for portal and public users, definitions for
# salespeople only), as Odoo 18 ships it in
# gamification/security/ir.model.access.csv: {xml id: (read, write, create,
# unlink)}. The uninstall hook gives it back.
STOCK_ACCESS = {
    "gamification.goal_employee": (1, 1, 0, 0),
    "gamification.badge_user_employee": (1, 1, 1, 0),
    "gamification.badge_user_portal": (1, 1, 1, 0),
    "gamification.badge_user_public": (1, 0, 0, 0),
    "gamification.goal_definition_employee": (1, 0, 0, 0),
    "gamification.goal_portal": (1, 1, 0, 0),
    "gamification.goal_definition_portal": (1, 0, 0, 0),
    "gamification.challenge_portal": (1, 0, 0, 0),
    "gamification.challenge_line_portal": (1, 0, 0, 0),
}
# The same for the record rules the addon narrows
# (gamification/security/gamification_security.xml): their access and
# domain.
STOCK_RULES = {
    "gamification.goal_user_visibility": (
        (1, 1, 0, 0),
        """[
                '|',
                    ('user_id','=',user.id),
                    '&',
                        ('challenge_id.user_ids','in',user.id),
                        ('challenge_id.visibility_mode','=','ranking')]""",
    ),
}


def uninstall_hook(env):
    """Give Odoo's gamification back the access rights it ships with."""
    records = [(xmlid, perms, {}) for xmlid, perms in STOCK_ACCESS.items()]
    records += [
        (xmlid, perms, {"domain_force": domain})
        for xmlid, (perms, domain) in STOCK_RULES.items()
    ]
    for xmlid, (read, write, create, unlink), values in records:
        record = env.ref(xmlid, raise_if_not_found=False)
        if record:
            record.write(
                {
                    "perm_read": read,
                    "perm_write": write,
                    "perm_create": create,
                    "perm_unlink": unlink,
                    **values,
                }
            )


def post_init_hook(env):
    """Put Odoo's sales examples aside, and give the demo sales team three
    months of sales activity.

    The activity is only for databases with demo data, where the demo team
    exists. It is dated relative to the day of installation, so the demo
    always shows this month and the two before it.
    """
    retire_odoo_sales_examples(env)
    team = env.ref(DEMO_TEAM_XMLID, raise_if_not_found=False)
    if not team:
        return
    ensure_chart_of_accounts(env)
    profile = DEMO_PROFILES.get(env.company.country_id.code)
    if profile:
        localize_demo(env, profile)
    generate_demo_activity(
        team,
        customers=env["res.partner"].concat(
            *(env.ref(xmlid) for xmlid in DEMO_PARTNER_XMLIDS)
        ),
        products=env["product.product"].concat(
            *(env.ref(xmlid) for xmlid in DEMO_PRODUCT_XMLIDS)
        ),
        now=fields.Datetime.now(),
        subjects=profile_lead_subjects(profile) if profile else LEAD_SUBJECTS,
        lead_name=profile["lead_name"] if profile else LEAD_NAME,
    )
    # What the history's saves leave for the commit (goals refreshed, wins
    # for the feeds) is done before the challenge runs: its wins feed gets
    # this month's wins in the order they were won, not the whole history.
    env.cr.precommit.run()
    start_demo_challenge(team)


def localize_demo(env, profile):
    """Load the demo records of ``profile`` (see ``DEMO_PROFILES``) over the
    English ones, before the demo activity is made of them: the data files
    of demo/<lang>/, in that language. The company of Odoo's own demo for
    the country is set aside."""
    env["res.lang"]._activate_lang(profile["lang"])
    folder = "demo/%s" % profile["lang"]
    for name in PROFILE_FILES:
        convert_file(
            env,
            "sales_gamification",
            "%s/%s" % (folder, name),
            {},
            mode="init",
            noupdate=True,
            kind="demo",
        )
    other = env.ref(profile["other_company"], raise_if_not_found=False)
    if other:
        env["res.users"].with_context(active_test=False).search(
            [("company_ids", "in", other.id)]
        ).write({"company_ids": [Command.unlink(other.id)]})
        other.active = False


def profile_lead_subjects(profile):
    """The subjects of the demo leads of ``profile``, from its data file."""
    path = "sales_gamification/demo/%s/%s" % (profile["lang"], PROFILE_LEAD_SUBJECTS)
    with file_open(path) as subjects:  # UTF-8, whatever the locale
        return [row["subject"] for row in csv.DictReader(subjects)]


def retire_odoo_sales_examples(env):
    """Archive the sales goal definitions and challenges of Odoo's CRM
    Gamification (``gamification_sale_crm``, installed with CRM and
    Gamification): they bear the names of the addon's own (*Total
    Invoiced*, *New Leads*, *Monthly Sales Targets*, ...), which made every
    choice double. The addon's definitions replace them.

    A challenge a company runs on them keeps running, and its goals keep
    their definitions: only the drafts are archived. Odoo's demo data starts
    its *Monthly Sales Targets* for every salesperson: in a database with
    demo data, it is stopped, its goals removed, and archived.
    """
    data = env["ir.model.data"].search(
        [
            ("module", "=", ODOO_SALES_EXAMPLES),
            ("model", "in", ("gamification.challenge", "gamification.goal.definition")),
        ]
    )
    ids = {model: [] for model in data.mapped("model")}
    for row in data:
        ids[row.model].append(row.res_id)
    challenges = env["gamification.challenge"].browse(
        ids.get("gamification.challenge", [])
    )
    demo = env["ir.module.module"].search([("name", "=", ODOO_SALES_EXAMPLES)]).demo
    running = challenges.filtered(lambda c: c.state == "inprogress")
    if demo:
        running.write({"state": "done"})
        env["gamification.goal"].search([("challenge_id", "in", running.ids)]).unlink()
        running = running.browse()
    (challenges - running).active = False
    env["gamification.goal.definition"].browse(
        ids.get("gamification.goal.definition", [])
    ).active = False


def ensure_chart_of_accounts(env, company=None):
    """Give ``company`` (the current company by default) a chart of accounts
    if it has none, so that its invoices can be posted: the one Odoo picks
    for its country (Vietnam's with ``l10n_vn``), else Odoo's generic one.

    Installing Invoicing loads a chart on the current company, but only once
    the whole installation is over: code that runs during it (an install
    hook) or in a database where the company's chart was removed finds none.
    Returns whether a chart was loaded.
    """
    company = company or env.company
    if company.chart_template:
        return False
    # Only administrators may load a chart: this runs for the installation
    # or the tests, never for a user's request.
    templates = env["account.chart.template"].sudo()
    template = templates._guess_chart_template(company.country_id)
    _logger.info("Loading the chart of accounts %s on %s", template, company.name)
    templates.try_loading(template, company, install_demo=False)
    return True


def generate_demo_activity(
    team,
    customers,
    products,
    now,
    seed=11,
    subjects=LEAD_SUBJECTS,
    lead_name=LEAD_NAME,
):
    """Create leads, opportunities, orders and invoices for ``team``.

    Each member of the team gets, for this month (up to ``now``) and the two
    months before, leads from ``customers`` created on known dates; some are
    converted into opportunities with a quotation for some of ``products``,
    which are then won, lost or left open. A won opportunity's order is
    confirmed, then invoiced and posted a few days later. The same ``seed``
    and ``now`` always give the same records. Invoices are posted: the
    company needs a chart of accounts (:func:`ensure_chart_of_accounts`).
    """
    env = team.env(
        context=dict(team.env.context, tracking_disable=True, mail_create_nolog=True)
    )
    rng = random.Random(seed)
    partners = list(customers.with_env(env))
    products = list(products.with_env(env))
    lost_reasons = env["crm.lost.reason"].search([])
    open_stages = env["crm.stage"].search(
        [("is_won", "=", False), ("team_id", "in", [False, team.id])]
    )
    Lead = env["crm.lead"]
    leads = Lead.browse()
    first_month = datetime.combine(now.date().replace(day=1), time()) - relativedelta(
        months=2
    )
    for user in team.with_env(env)._salespeople().sorted("login"):
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
                        "name": lead_name.format(
                            subject=rng.choice(subjects), partner=partner.name
                        ),
                        "type": "lead",
                        "user_id": user.id,
                        "team_id": team.id,
                        "contact_name": partner.name,
                        "email_from": partner.email,
                        # Assigned to its salesperson from the start.
                        "date_open": created,
                    }
                )
                set_create_date(lead, created)
                leads |= lead
                converted = _to_second(created + timedelta(days=rng.uniform(0.2, 8)))
                if converted >= now or rng.random() > 0.65:
                    continue
                lead.convert_opportunity(partner)
                lead.date_conversion = converted
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
    env = team.env
    challenge = env.ref("sales_gamification.challenge_monthly_sales_targets")
    first_month = env.company._sales_today().replace(day=1) - relativedelta(months=2)
    challenge.write(
        {
            "team_id": team.id,
            "user_domain": False,
            "manager_id": team.user_id.id,
            "start_date": first_month,
            "report_message_group_id": env.ref("mail.channel_all_employees").id,
        }
    )
    challenge.action_start()
    challenge._check_challenge_reward()
    post_demo_wins(challenge, team)


def post_demo_wins(challenge, team):
    """Post the deals ``team`` won this month to the wins feed of
    ``challenge``, in the order they were won, as the feed posts a deal the
    moment it is won; the team's manager and two colleagues applaud the
    latest. Nothing without a feed."""
    channel = challenge.wins_channel_id
    if not channel:
        return
    env = challenge.env
    month = datetime.combine(env.company._sales_today().replace(day=1), time())
    won = env["crm.lead"].search(
        [
            ("team_id", "=", team.id),
            ("type", "=", "opportunity"),
            ("probability", "=", 100),
            ("date_closed", ">=", month),
        ],
        order="date_closed, id",
    )
    challenge._feed_post_wins(won)
    latest = channel.message_ids[:1]
    if not won or not latest:
        return
    colleagues = (team._salespeople() - won[-1].user_id).sorted("login")[:2]
    for content, user in [("🎉", team.user_id)] + [("👏", u) for u in colleagues]:
        latest._message_reaction(content, "add", user.partner_id, env["mail.guest"])


def set_create_date(records, create_date):
    """Give ``records`` another creation date, and recompute what depends on it.

    ``create_date`` is a magic column the ORM never writes, hence SQL; for
    demo and test data only.
    """
    records.env.cr.execute(
        SQL(
            "UPDATE %s SET create_date = %s WHERE id IN %s",
            SQL.identifier(records._table),
            create_date,
            tuple(records.ids),
        )
    )
    records.invalidate_recordset(["create_date"])
    records.modified(["create_date"])
    records.env.flush_all()


def _close_demo_opportunity(
    opportunity, rng, skill, converted, now, products, open_stages, lost_reasons
):
    closed = _to_second(converted + timedelta(days=rng.uniform(2, 25)))
    order = opportunity.env["sale.order"].create(
        {
            "partner_id": opportunity.partner_id.id,
            "user_id": opportunity.user_id.id,
            "team_id": opportunity.team_id.id,
            "opportunity_id": opportunity.id,
            "date_order": min(closed, now),
            "order_line": [
                Command.create(
                    {"product_id": product.id, "product_uom_qty": rng.randint(1, 4)}
                )
                for product in rng.sample(products, rng.randint(1, len(products)))
            ],
        }
    )
    opportunity.expected_revenue = order.amount_untaxed
    if closed >= now:
        # Still in the pipeline, with its quotation in draft.
        opportunity.stage_id = rng.choice(open_stages)
        return
    if rng.random() > 0.55 * skill:
        opportunity.action_set_lost(lost_reason_id=rng.choice(lost_reasons).id)
        opportunity.date_closed = closed
        order.action_cancel()
        return
    opportunity.action_set_won()
    opportunity.date_closed = closed
    # Confirming dates the order now: it was confirmed when the deal was won.
    order.action_confirm()
    order.date_order = closed
    invoiced = closed + timedelta(days=rng.uniform(0, 6))
    if invoiced >= now:
        return
    invoice = order._create_invoices()
    invoice.invoice_date = invoiced.date()
    invoice.action_post()


def _to_second(moment):
    """``moment`` without its microseconds, as the web client shows it."""
    return moment.replace(microsecond=0)
