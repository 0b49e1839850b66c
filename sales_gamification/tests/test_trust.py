# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""What a hostile sales manager (or salesperson) tries over RPC, run as
that role: a definition computes only what its author may read, and every
bad value is refused with a clear message, with nothing saved."""

import math

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time

from .common import SalesCase

TODAY = "2026-03-18"
ONLY_ADMINS = (
    "Only administrators may write more than values and fields of 'user' here."
)


# The fields with groups that a sales manager may not read: accounting's,
# the signup's, karma history (administrators') and the 2FA secret (nobody's).
REFUSED = [
    (model, name)
    for model in ("res.partner", "res.users")
    for name in (
        "credit",
        "credit_limit",
        "credit_to_invoice",
        "debit",
        "show_credit_limit",
        "signup_type",
        "total_invoiced",
        "use_partner_credit_limit",
    )
] + [("res.users", "karma_tracking_ids"), ("res.users", "totp_secret")]
# Some that they may: fields of internal users and of salespeople.
KEPT = [
    ("crm.lead", "activity_state"),
    ("crm.lead", "phone_blacklisted"),
    ("res.partner", "opportunity_count"),
    ("res.users", "sale_order_count"),
]


def hidden(label, field, model):
    return "%s: you may not read the field '%s' of %s. %s" % (
        label,
        field,
        model,
        ONLY_ADMINS,
    )


@freeze_time("2026-03-18 10:00:00")
class TestTrust(SalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.create_manager()
        cls.ann = cls.create_user("ann")
        cls.admin = cls.env.ref("base.user_admin")
        cls.won = cls.env.ref("sales_gamification.definition_won_opportunities")
        cls.new_leads = cls.env.ref("sales_gamification.definition_new_leads")
        cls.lead_model = cls.env["ir.model"]._get_id("crm.lead")
        cls.Definition = cls.env["gamification.goal.definition"]

    def count_definitions(self):
        return self.Definition.with_context(active_test=False).search_count([])

    def lead_count(self, **values):
        """A count of leads, as the sales manager would save it."""
        return dict(
            {
                "name": "Probe",
                "computation_mode": "count",
                "model_id": self.lead_model,
                "domain": "[]",
            },
            **values,
        )

    # 1. Fields that the author may not read

    def test_a_domain_cannot_spell_the_administrators_2fa_secret(self):
        """Counting leads whose name sorts before the administrator's TOTP
        secret, one guess at a time, would spell it."""
        count = self.count_definitions()
        domain = "[('name', '<', user.totp_secret), ('referred', '=', 'x')]"
        attempts = {
            "domain": (domain, hidden("Filter Domain", "totp_secret", "res.users")),
            "batch_user_expression": (
                "user.partner_id.user_ids.totp_secret",
                hidden(
                    "Evaluated expression for batch mode", "totp_secret", "res.users"
                ),
            ),
        }
        Definition = self.Definition.with_user(self.manager)
        for field, (value, message) in attempts.items():
            with self.subTest(field=field):
                with self.assertRaises(ValidationError) as caught:
                    Definition.create(self.lead_count(**{field: value}))
                self.assertEqual(caught.exception.args[0], message)
                with self.assertRaises(ValidationError):
                    self.won.with_user(self.manager).write({field: value})
        # A path of the domain into the users' records, however long.
        for domain in (
            "[('user_id.totp_secret', '<', 'M')]",
            "[('partner_id.user_ids.totp_secret', '<', 'M')]",
            "[('user_id', 'any', [('totp_secret', '<', 'M')])]",
        ):
            with self.subTest(domain=domain):
                with self.assertRaises(ValidationError) as caught:
                    Definition.create(self.lead_count(domain=domain))
                self.assertEqual(
                    caught.exception.args[0],
                    hidden("Filter Domain", "totp_secret", "res.users"),
                )
        self.assertEqual(self.count_definitions(), count)
        self.assertEqual(
            (self.won.domain, self.won.batch_user_expression, self.won.reach_user_id),
            (
                "[('type', '=', 'opportunity'), ('active', '=', True), "
                "('probability', '=', 100)]",
                "user.id",
                self.env["res.users"],
            ),
        )

    def test_fields_with_groups_are_refused_unless_the_author_has_them(self):
        """Generated: every field of users, contacts and leads that has
        ``groups``, named by a sales manager's domain or expression."""
        env = self.env
        probes = {
            "crm.lead": lambda name: {"domain": "[('%s', '!=', False)]" % name},
            "res.partner": lambda name: {
                "domain": "[('partner_id.%s', '!=', False)]" % name
            },
            "res.users": lambda name: {
                "domain": "[('user_id.%s', '!=', False)]" % name,
                "batch_user_expression": "user.%s" % name,
            },
        }
        refused, kept = set(), set()
        for model, probe in probes.items():
            for name, field in env[model]._fields.items():
                if not field.groups:
                    continue
                readable = field.groups != "." and self.manager.has_groups(field.groups)
                for key, value in probe(name).items():
                    label = self.Definition._fields[key].get_description(env)["string"]
                    message = hidden(label, name, model)
                    try:
                        with self.env.cr.savepoint():
                            self.Definition.with_user(self.manager).create(
                                self.lead_count(**{key: value})
                            )
                        error = None
                    except (AccessError, ValidationError) as caught:
                        error = caught.args[0]
                    if readable:
                        self.assertNotEqual(error, message, (model, name))
                        kept.add((model, name))
                    else:
                        self.assertEqual(error, message, (model, name, key))
                        refused.add((model, name))
        # Checked by hand: what the generated cases refuse and keep.
        self.assertEqual(sorted(refused), sorted(REFUSED))
        self.assertLessEqual(set(KEPT), kept)

    # 2. Records that record rules hide

    def test_only_sales_records_may_be_counted(self):
        count = self.count_definitions()
        messages = {}
        for model in (
            "mail.message",
            "discuss.channel",
            "ir.attachment",
            "res.users.apikeys",
            "auth_totp.device",
            "res.partner",
            "res.users",
        ):
            with self.assertRaises(AccessError) as caught:
                self.Definition.with_user(self.manager).create(
                    self.lead_count(model_id=self.env["ir.model"]._get_id(model))
                )
            messages[model] = caught.exception.args[0]
        outside = (
            "You cannot base a goal definition on %s: only administrators base "
            "goal definitions on other records than leads, activities, sales "
            "orders, invoices and their reports."
        )
        self.assertEqual(
            messages,
            {
                "mail.message": outside % "Message",
                "discuss.channel": outside % "Discussion Channel",
                "ir.attachment": outside % "Attachment",
                "res.users.apikeys": outside % "Users API Keys",
                "auth_totp.device": outside % "Authentication Device",
                "res.partner": outside % "Contact",
                "res.users": outside % "User",
            },
        )
        self.assertEqual(self.count_definitions(), count)

    def test_a_private_chat_cannot_be_spelled_out(self):
        """The administrator and Ann chat; the manager's own search finds
        nothing, and no definition may count it for them."""
        chat = (
            self.env["discuss.channel"]
            .with_user(self.admin)
            .channel_get([self.ann.partner_id.id])
        )
        chat.message_post(body="Our secret price is 42", message_type="comment")
        Message = self.env["mail.message"].with_user(self.manager)
        self.assertEqual(Message.search_count([("body", "ilike", "secret")]), 0)
        attempts = (
            {
                "model_id": self.env["ir.model"]._get_id("mail.message"),
                "domain": "[('body', 'ilike', 'secret')]",
            },
            {"domain": "[('message_ids.body', 'ilike', 'secret')]"},
            {"domain": "[('activity_ids.note', 'ilike', 'secret')]"},
        )
        messages = []
        for values in attempts:
            with self.assertRaises(UserError) as caught:
                self.Definition.with_user(self.manager).create(
                    self.lead_count(**values)
                )
            messages.append(caught.exception.args[0])
        self.assertEqual(
            messages,
            [
                "You cannot base a goal definition on Message: only "
                "administrators base goal definitions on other records than "
                "leads, activities, sales orders, invoices and their reports.",
                "Filter Domain: 'message_ids' of crm.lead leads to records that "
                "only administrators' goal definitions may reach. " + ONLY_ADMINS,
                "Filter Domain: 'activity_ids' of crm.lead leads to records that "
                "only administrators' goal definitions may reach. " + ONLY_ADMINS,
            ],
        )

    def test_a_definition_counts_within_the_record_rules_of_its_author(self):
        """Ann sells in two companies; the sales manager works in the first
        only. Saved by the administrator, the definition counts Ann's leads
        of both; saved by the sales manager, only those the manager may
        read; saved again by the administrator, both."""
        other = self.env["res.company"].create({"name": "Other Company"})
        self.ann.company_ids |= other
        definition = self.new_leads.copy({"name": "Leads of the month"})
        challenge = self.env["gamification.challenge"].create(
            {
                "name": "Leads",
                "period": "monthly",
                "user_domain": False,
                "user_ids": [Command.set(self.ann.ids)],
                "report_message_frequency": "never",
                "line_ids": [
                    Command.create({"definition_id": definition.id, "target_goal": 5})
                ],
            }
        )
        self.create_lead(self.ann, TODAY + " 08:00")
        lead = self.create_lead(self.ann, TODAY + " 08:30")
        lead.write({"company_id": other.id, "team_id": False})
        challenge.action_start()
        goal = challenge._period_goals(*challenge._current_period())
        self.assertEqual(
            (goal.current, definition.reach_user_id), (2.0, self.env["res.users"])
        )
        definition.with_user(self.manager).write({"name": "New leads"})
        goal.update_goal()
        self.assertEqual((goal.current, definition.reach_user_id), (1.0, self.manager))
        # A rename by the administrator leaves the reach as it is...
        definition.with_user(self.admin).write({"name": "Leads"})
        goal.update_goal()
        self.assertEqual((goal.current, definition.reach_user_id), (1.0, self.manager))
        # ... saving what it counts answers for it again.
        definition.with_user(self.admin).write({"domain": definition.domain})
        goal.update_goal()
        self.assertEqual(
            (goal.current, definition.reach_user_id), (2.0, self.env["res.users"])
        )
        # The reach cannot be forged either way.
        definition.with_user(self.manager).write({"reach_user_id": self.admin.id})
        self.assertEqual(definition.reach_user_id, self.manager)

    def test_an_administrators_definition_edited_by_a_manager_falls_under_their_rule(
        self,
    ):
        chat_count = self.Definition.with_user(self.admin).create(
            self.lead_count(
                name="Chats",
                model_id=self.env["ir.model"]._get_id("mail.message"),
                domain="[('message_type', '=', 'comment')]",
            )
        )
        for values in ({"name": "Renamed"}, {"domain": "[]"}, {"active": False}):
            with self.assertRaises(AccessError) as caught:
                chat_count.with_user(self.manager).write(values)
            self.assertEqual(
                caught.exception.args[0],
                "You cannot base a goal definition on Message: only "
                "administrators base goal definitions on other records than "
                "leads, activities, sales orders, invoices and their reports.",
            )
        self.assertEqual(
            (chat_count.name, chat_count.domain, chat_count.active),
            ("Chats", "[('message_type', '=', 'comment')]", True),
        )
        # An administrator's lead definition with a path the manager may not
        # take: the manager's save is refused.
        secret = self.Definition.with_user(self.admin).create(
            self.lead_count(domain="[('user_id.totp_secret', '!=', False)]")
        )
        with self.assertRaises(ValidationError) as caught:
            secret.with_user(self.manager).write({"name": "Renamed"})
        self.assertEqual(
            caught.exception.args[0],
            hidden("Filter Domain", "totp_secret", "res.users"),
        )
        self.assertEqual((secret.name, secret.reach_user_id.id), ("Probe", False))

    # 3. Targets

    def test_targets_that_are_not_finite_numbers_are_refused(self):
        challenge = self.start_team_challenge(
            "Race", [("definition_won_opportunities", 3)]
        )
        line = challenge.line_ids.with_user(self.manager)
        goal = challenge._period_goals(*challenge._current_period())[:1]
        cases = {
            math.nan: "%s: 'nan' is not a number.",
            "NaN": "%s: 'NaN' is not a number.",
            math.inf: "%s: 'inf' is not a number.",
            "-Infinity": "%s: '-Infinity' is not a number.",
            "lots": "%s: 'lots' is not a number.",
            1e308: "The target of 'Won Opportunities' must be a number from 0 to "
            "1,000,000,000,000,000.",
            -5: "The target of 'Won Opportunities' must be a number from 0 to "
            "1,000,000,000,000,000.",
        }
        labels = {line: "Target Value to Reach", goal: "To Reach"}
        for record, label in labels.items():
            for value, message in cases.items():
                with self.subTest(model=record._name, value=value):
                    with self.assertRaises(ValidationError) as caught:
                        record.with_user(self.manager).write({"target_goal": value})
                    self.assertEqual(
                        caught.exception.args[0],
                        message % label if "%s" in message else message,
                    )
        self.assertEqual((line.target_goal, goal.target_goal), (3.0, 3.0))
        # The trophy still answers for the participant.
        self.assertEqual(
            [
                (goal["name"], goal["current_display"], goal["target_display"])
                for goal in self.env["gamification.goal"]
                .with_user(self.ann)
                .get_my_running_goals()
            ],
            [("Won Opportunities", "0", "3")],
        )

    def test_a_target_of_zero_stays_with_lower_is_better(self):
        faster = self.env.ref("sales_gamification.definition_days_to_close").copy(
            {"name": "Close fast"}
        )
        challenge = (
            self.env["gamification.challenge"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Same day",
                    "user_domain": False,
                    "user_ids": [Command.set(self.ann.ids)],
                    "report_message_frequency": "never",
                    "line_ids": [
                        Command.create({"definition_id": faster.id, "target_goal": 0})
                    ],
                }
            )
        )
        with self.assertRaises(ValidationError) as caught:
            faster.with_user(self.manager).write({"condition": "higher"})
        self.assertEqual(
            caught.exception.args[0],
            "The target of 'Close fast' must be positive: higher is better.",
        )
        self.assertEqual(
            (faster.condition, challenge.line_ids.target_goal), ("lower", 0.0)
        )

    # 7. Thank You

    def test_thank_you_goes_to_internal_colleagues_only(self):
        thank_you = self.env.ref("sales_gamification.badge_thank_you")
        portal = self.create_user("portal", groups=("base.group_portal",), team=False)
        bob = self.create_user("bob")
        BadgeUser = self.env["gamification.badge.user"]
        for sender in (self.ann, self.manager):
            for recipient in (self.env.ref("base.public_user"), portal):
                with self.subTest(sender=sender.login, recipient=recipient.login):
                    with self.assertRaises(AccessError) as caught:
                        BadgeUser.with_user(sender).create(
                            {"user_id": recipient.id, "badge_id": thank_you.id}
                        )
                    self.assertEqual(
                        caught.exception.args[0],
                        "The badge Thank You is sent to internal colleagues only.",
                    )
        self.assertEqual(BadgeUser.search_count([("badge_id", "=", thank_you.id)]), 0)
        sent = BadgeUser.with_user(self.ann).create(
            {"user_id": bob.id, "badge_id": thank_you.id}
        )
        self.assertEqual((sent.user_id, sent.sender_id), (bob, self.ann))

    # 8 and 9. Names, large integers, text in dates and numbers

    def test_bad_values_get_a_clear_message_and_nothing_is_saved(self):
        challenge = self.start_team_challenge(
            "Race", [("definition_won_opportunities", 3)]
        )
        badge = self.env.ref("sales_gamification.badge_top_salesperson")
        line = challenge.line_ids
        cases = [
            (challenge, {"name": "   "}, "Challenge Name: a name is required."),
            (self.won, {"name": ""}, "Goal Definition: a name is required."),
            (badge, {"name": "\t"}, "Badge: a name is required."),
            (
                challenge,
                {"streak_length": 2**40},
                "Streak Length: 1099511627776 is too large (at most 2147483647).",
            ),
            (
                line,
                {"karma_reached": 2**31},
                "Karma: 2147483648 is too large (at most 2147483647).",
            ),
            (
                challenge,
                {"karma_winner": "many"},
                "Karma for a Period Won: 'many' is not a number.",
            ),
            (line, {"karma_reached": 1.5}, "Karma: 1.5 is not a whole number."),
            (
                challenge,
                {"start_date": "next monday"},
                "Start Date: 'next monday' is not a date.",
            ),
            (
                self.won,
                {"min_sample": 10**30},
                "Minimum Sample: %d is too large (at most 2147483647)." % 10**30,
            ),
        ]
        for record, values, message in cases:
            with self.subTest(values=values):
                with self.assertRaises(ValidationError) as caught:
                    record.with_user(self.manager).write(values)
                self.assertEqual(caught.exception.args[0], message)
        with self.assertRaises(ValidationError) as caught:
            self.env["gamification.challenge"].with_user(self.manager).create(
                {"name": " ", "report_message_frequency": "never"}
            )
        self.assertEqual(
            caught.exception.args[0], "Challenge Name: a name is required."
        )
        self.assertEqual(
            (
                challenge.name,
                self.won.name,
                badge.name,
                challenge.streak_length,
                line.karma_reached,
                challenge.start_date,
            ),
            (
                "Race",
                "Won Opportunities",
                "Top Salesperson",
                3,
                0,
                challenge.start_date,
            ),
        )
        self.assertEqual(
            self.env["gamification.challenge"].search_count([("name", "=", " ")]), 0
        )
