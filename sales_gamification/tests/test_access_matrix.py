# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Who may do what: every role against every model of the addon and every
gamification model it changes, and every public method that changes
state. A model or a public method without an entry here fails the test."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time

from .common import SalesCase

ROLES = ("salesperson", "manager", "admin", "employee", "portal", "public")
MANAGERS = {"manager", "admin"}
NOBODY = set()

# {model: {operation: roles allowed}}. The record each operation is tried
# on is described in ``TestAccessMatrix.record``: always somebody else's.
MATRIX = {
    # Participants read the challenges they take part in.
    "gamification.challenge": {
        "read": {"salesperson", "manager", "admin"},
        "write": MANAGERS,
        "create": MANAGERS,
        "unlink": MANAGERS,
    },
    "gamification.challenge.line": {
        "read": {"salesperson", "manager", "admin"},
        "write": MANAGERS,
        "create": MANAGERS,
        "unlink": MANAGERS,
    },
    # A rival's goal, in a challenge with a full leaderboard.
    "gamification.goal": {
        "read": {"salesperson", "manager", "admin"},
        "write": MANAGERS,
        "create": MANAGERS,
        "unlink": MANAGERS,
    },
    "gamification.goal.definition": {
        "read": {"salesperson", "manager", "admin"},
        "write": MANAGERS,
        "create": MANAGERS,
        "unlink": MANAGERS,
    },
    # Badges are Odoo's public recognition: anyone reads them.
    "gamification.badge": {
        "read": set(ROLES),
        "write": MANAGERS,
        "create": MANAGERS,
        "unlink": MANAGERS,
    },
    # A Thank You a manager sent to a rival; anybody internal may thank a
    # colleague; nobody changes a grant.
    "gamification.badge.user": {
        "read": MANAGERS,
        "write": NOBODY,
        "create": {"salesperson", "manager", "admin", "employee"},
        "unlink": MANAGERS,
    },
    # Rows of a rival's leaderboard: each sees only their own.
    "sales_gamification.leaderboard.line": {
        "read": NOBODY,
        "write": NOBODY,
        "create": {"salesperson", "manager", "admin"},
        "unlink": NOBODY,
    },
    # A rival's quota: salespeople read their own only.
    "sales_gamification.quota": {
        "read": MANAGERS,
        "write": MANAGERS,
        "create": MANAGERS,
        "unlink": MANAGERS,
    },
    # Karma a challenge granted a rival: Odoo's karma tracking, for
    # administrators only; salespeople see their own karma and rank.
    "gamification.karma.tracking": {
        "read": {"admin"},
        "write": {"admin"},
        "create": {"admin"},
        "unlink": {"admin"},
    },
    # The salesperson's own deals; a view, nobody writes it.
    "sales_gamification.win_loss.report": {
        "read": {"salesperson", "manager", "admin"},
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
}

# The field each operation reads or writes (with its own value).
FIELDS = {
    "gamification.challenge": "name",
    "gamification.challenge.line": "target_goal",
    "gamification.goal": "target_goal",
    "gamification.goal.definition": "name",
    "gamification.badge": "name",
    "gamification.badge.user": "comment",
    "gamification.karma.tracking": "reason",
    "sales_gamification.leaderboard.line": "name",
    "sales_gamification.win_loss.report": "won_count",
    "sales_gamification.quota": "target",
}

# Public methods: {(model, method): roles allowed}, or a reason why the
# method is not tried: it changes nothing, or it is one of the operations
# above.
CRUD = "the operation of the same name in MATRIX"
READ_ONLY = "changes nothing"
METHODS = {
    ("gamification.challenge", "create"): CRUD,
    ("gamification.challenge", "write"): CRUD,
    ("gamification.challenge", "default_get"): READ_ONLY,
    ("gamification.challenge", "action_view_users"): READ_ONLY,
    ("gamification.challenge", "action_view_period_goals"): READ_ONLY,
    ("gamification.challenge", "action_start"): MANAGERS,
    ("gamification.challenge", "action_check"): MANAGERS,
    ("gamification.challenge", "action_report_progress"): MANAGERS,
    ("gamification.challenge", "report_progress"): MANAGERS,
    # Only with an invitation; managers may join.
    ("gamification.challenge", "accept_challenge"): MANAGERS,
    ("gamification.challenge", "discard_challenge"): MANAGERS,
    # Reads the secret token: sales managers only.
    ("gamification.challenge", "action_open_tv_board"): MANAGERS,
    ("gamification.challenge", "action_regenerate_tv_token"): MANAGERS,
    # Writes quotas: sales managers only.
    ("gamification.challenge", "action_split_team_target"): MANAGERS,
    ("gamification.challenge", "action_split_team_target_by_weight"): MANAGERS,
    ("sales_gamification.quota", "create"): CRUD,
    ("sales_gamification.quota", "write"): CRUD,
    ("sales_gamification.quota", "unlink"): CRUD,
    ("gamification.goal", "create"): CRUD,
    ("gamification.goal", "write"): CRUD,
    ("gamification.goal", "get_action"): READ_ONLY,
    ("gamification.goal", "get_my_running_goals"): READ_ONLY,
    ("gamification.goal", "action_start"): MANAGERS,
    ("gamification.goal", "action_reach"): MANAGERS,
    ("gamification.goal", "action_fail"): MANAGERS,
    ("gamification.goal", "action_cancel"): MANAGERS,
    ("gamification.goal", "update_goal"): MANAGERS,
    ("gamification.goal.definition", "create"): CRUD,
    ("gamification.goal.definition", "write"): CRUD,
    ("gamification.goal.definition", "unlink"): CRUD,
    ("gamification.challenge.line", "create"): CRUD,
    ("gamification.challenge.line", "write"): CRUD,
    ("gamification.badge", "create"): CRUD,
    ("gamification.badge", "write"): CRUD,
    ("gamification.badge", "check_granting"): READ_ONLY,
    # Builds the caller's own rows of the Leaderboard.
    ("sales_gamification.leaderboard.line", "refresh_rows"): {
        "salesperson",
        "manager",
        "admin",
    },
    ("gamification.badge.user", "create"): CRUD,
    ("gamification.badge.user", "write"): CRUD,
    ("gamification.karma.tracking", "create"): CRUD,
    ("sales_gamification.win_loss.report", "init"): "run by the ORM on install",
}
# Attacks, each tried by every role: {attack: roles for whom it succeeds}.
# See ``TestAccessMatrix.attack``; tests/test_trust.py runs each in detail.
ATTACKS = {
    # A domain or an expression reading a field the author may not read.
    "domain reads the 2FA secret": {"admin"},
    "path reads the 2FA secret": {"admin"},
    "expression reads the 2FA secret": {"admin"},
    # Records that record rules hide from the author.
    "count messages": {"admin"},
    "count through the messages of leads": {"admin"},
    "target NaN": NOBODY,
    "target 1e308": NOBODY,
    "user-based line in a team challenge": NOBODY,
    "target 0 switched to higher is better": NOBODY,
    "Thank You to the public user": NOBODY,
    "blank challenge name": NOBODY,
    "streak of 2^40 periods": NOBODY,
    "text in a date": NOBODY,
}
# The addons whose public methods the matrix covers.
ADDONS = ("odoo.addons.gamification.", "odoo.addons.sales_gamification.")


@freeze_time("2026-03-18 10:00:00")
class TestAccessMatrix(SalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "salesperson": cls.create_user("ann"),
            "manager": cls.create_manager(),
            "admin": cls.env.ref("base.user_admin"),
            "employee": cls.create_user(
                "clerk", groups=("base.group_user",), team=False
            ),
            "portal": cls.create_user(
                "portal", groups=("base.group_portal",), team=False
            ),
            "public": cls.env.ref("base.public_user"),
        }
        cls.ann = cls.users["salesperson"]
        cls.bob = cls.create_user("bob")
        cls.won = cls.env.ref("sales_gamification.definition_won_opportunities")
        cls.thank_you = cls.env.ref("sales_gamification.badge_thank_you")
        cls.win(
            cls.create_lead(cls.ann, "2026-03-18 08:00", "opportunity", 100),
            "2026-03-18 09:00",
        )
        cls.race = cls.make_challenge("Race")
        cls.race.action_start()

    @classmethod
    def make_challenge(cls, name):
        return cls.env["gamification.challenge"].create(
            {
                "name": name,
                "period": "monthly",
                "visibility_mode": "ranking",
                "team_id": cls.team.id,
                "report_message_frequency": "never",
                "line_ids": [
                    Command.create({"definition_id": cls.won.id, "target_goal": 3})
                ],
            }
        )

    def addon_models(self):
        """The models of the addon and the gamification models it changes:
        those it extends, and those it gives access rules of its own."""
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "sales_gamification"),
                ("model", "in", ("ir.model.access", "ir.rule")),
            ]
        )
        names = {self.env[row.model].browse(row.res_id).model_id.model for row in data}
        for name, model in self.env.items():
            if any(
                klass.__module__.startswith(ADDONS[1]) for klass in type(model).__mro__
            ):
                names.add(name)
        return {
            name
            for name in names
            if name.startswith(("gamification.", "sales_gamification."))
            and not self.env[name]._abstract
        }

    def public_methods(self, model):
        """The public methods that the gamification addons define on
        ``model``."""
        return {
            (model, name)
            for klass in type(self.env[model]).__mro__
            if klass.__module__.startswith(ADDONS)
            for name, value in vars(klass).items()
            if not name.startswith("_") and callable(value)
        }

    # What each operation is tried on, made by the system: somebody else's.

    def record(self, model):
        env = self.env
        if model == "gamification.challenge":
            return self.make_challenge("Spare")
        if model == "gamification.challenge.line":
            return self.race.line_ids
        if model == "gamification.goal":
            return env[model].search(
                [("challenge_id", "=", self.race.id), ("user_id", "=", self.bob.id)]
            )
        if model == "gamification.goal.definition":
            return self.won.copy({"name": "Spare"})
        if model == "gamification.badge":
            return env[model].create({"name": "Spare"})
        if model == "gamification.badge.user":
            return env[model].create(
                {
                    "user_id": self.bob.id,
                    "badge_id": self.thank_you.id,
                    "sender_id": self.users["manager"].id,
                }
            )
        if model == "gamification.karma.tracking":
            self.race._grant_karma([(self.race, self.bob, 10, "Goal reached")])
            return env[model].search([("user_id", "=", self.bob.id)])
        if model == "sales_gamification.leaderboard.line":
            return env[model].with_user(self.bob).create({"name": "Bob"}).sudo()
        if model == "sales_gamification.win_loss.report":
            return env[model].search([("user_id", "=", self.ann.id)])
        if model == "sales_gamification.quota":
            return env[model].create(self.new_values(model))
        raise AssertionError("No record for %s" % model)

    def new_values(self, model):
        return {
            "gamification.challenge": {
                "name": "New",
                "user_domain": False,
                "report_message_frequency": "never",
            },
            "gamification.challenge.line": {
                "challenge_id": self.race.id,
                "definition_id": self.won.id,
                "target_goal": 5,
            },
            "gamification.goal": {
                "definition_id": self.won.id,
                "user_id": self.bob.id,
                "target_goal": 5,
            },
            "gamification.goal.definition": {
                "name": "New",
                "computation_mode": "manually",
            },
            "gamification.badge": {"name": "New"},
            "gamification.badge.user": {
                "user_id": self.bob.id,
                "badge_id": self.thank_you.id,
            },
            "gamification.karma.tracking": {"user_id": self.bob.id, "new_value": 5},
            "sales_gamification.leaderboard.line": {"name": "New"},
            "sales_gamification.win_loss.report": {"user_id": self.bob.id},
            "sales_gamification.quota": {
                "challenge_id": self.race.id,
                "definition_id": self.won.id,
                "user_id": self.bob.id,
                "target": 5,
            },
        }[model]

    def operate(self, model, operation, user):
        if operation == "create":
            self.env[model].with_user(user).create(self.new_values(model))
            return
        record = self.record(model).with_user(user)
        field = FIELDS[model]
        if operation == "read":
            record.read([field])
        elif operation == "write":
            record.write({field: record.sudo()[field]})
        else:
            record.unlink()

    def call(self, model, method, user):
        if model == "gamification.challenge":
            challenge = self.race
            if method == "action_start":
                challenge = self.make_challenge("Spare")
            if method.startswith("action_split_team_target"):
                challenge = self.make_challenge("Invoicing")
                invoiced = self.env.ref("sales_gamification.definition_invoiced_amount")
                challenge.line_ids = [
                    Command.create({"definition_id": invoiced.id, "target_goal": 100})
                ]
                self.team.invoiced_target = 1000
            getattr(challenge.with_user(user), method)()
        elif model == "sales_gamification.leaderboard.line":
            getattr(self.env[model].with_user(user), method)()
        else:
            goal = self.record("gamification.goal")
            getattr(goal.with_user(user), method)()

    def attack(self, name, user):
        """Try the attack ``name`` as ``user``."""
        lead_count = {
            "name": "Probe",
            "computation_mode": "count",
            "model_id": self.env["ir.model"]._get_id("crm.lead"),
            "domain": "[]",
        }
        Definition = self.env["gamification.goal.definition"].with_user(user)
        line = self.race.line_ids.with_user(user)
        values = {
            "domain reads the 2FA secret": {
                "domain": "[('name', '<', user.totp_secret)]"
            },
            "path reads the 2FA secret": {
                "domain": "[('user_id.totp_secret', '<', 'M')]"
            },
            "expression reads the 2FA secret": {
                "batch_user_expression": "user.totp_secret"
            },
            "count messages": {
                "model_id": self.env["ir.model"]._get_id("mail.message")
            },
            "count through the messages of leads": {
                "domain": "[('message_ids.body', 'ilike', 'x')]"
            },
        }
        if name in values:
            Definition.create(dict(lead_count, **values[name]))
        elif name == "target NaN":
            line.write({"target_goal": "NaN"})
        elif name == "target 1e308":
            line.write({"target_goal": 1e308})
        elif name == "user-based line in a team challenge":
            mine = self.won.copy(
                {"batch_mode": False, "domain": "[('user_id', '=', user.id)]"}
            )
            teams = self.make_challenge("Teams")
            teams.write({"team_id": False, "competing_team_ids": self.team.ids})
            self.env["gamification.challenge.line"].with_user(user).create(
                {"challenge_id": teams.id, "definition_id": mine.id, "target_goal": 1}
            )
        elif name == "target 0 switched to higher is better":
            faster = self.env.ref("sales_gamification.definition_days_to_close")
            self.race.line_ids = [
                Command.create({"definition_id": faster.id, "target_goal": 0})
            ]
            faster.with_user(user).write({"condition": "higher"})
        elif name == "Thank You to the public user":
            self.env["gamification.badge.user"].with_user(user).create(
                {"user_id": self.users["public"].id, "badge_id": self.thank_you.id}
            )
        elif name == "blank challenge name":
            self.race.with_user(user).write({"name": " "})
        elif name == "streak of 2^40 periods":
            self.race.with_user(user).write({"streak_length": 2**40})
        elif name == "text in a date":
            self.race.with_user(user).write({"start_date": "soon"})
        else:
            raise AssertionError("No attack %s" % name)

    def test_attacks(self):
        """Every attack refused (an access error or a clear message) for
        every role but those who may do it."""
        expected, actual = {}, {}
        for name, allowed in ATTACKS.items():
            for role in ROLES:
                key = (name, role)
                expected[key] = "allowed" if role in allowed else "refused"
                with self.env.cr.savepoint() as savepoint:
                    try:
                        self.attack(name, self.users[role])
                        self.env.flush_all()
                        actual[key] = "allowed"
                    except (AccessError, UserError):
                        actual[key] = "refused"
                    savepoint.rollback()
        self.assertEqual(
            {key: value for key, value in actual.items() if value != expected[key]},
            {},
        )

    def outcome(self, action, *args):
        """'allowed' or 'refused' (AccessError); everything is undone."""
        with self.env.cr.savepoint() as savepoint:
            try:
                action(*args)
                self.env.flush_all()
                result = "allowed"
            except AccessError:
                result = "refused"
            savepoint.rollback()
        return result

    def test_matrix_covers_every_model_and_public_method(self):
        self.assertEqual(self.addon_models(), set(MATRIX))
        self.assertEqual(set(FIELDS), set(MATRIX))
        methods = set().union(*(self.public_methods(model) for model in MATRIX))
        self.assertEqual(methods, set(METHODS))

    def test_operations(self):
        expected, actual = {}, {}
        for model, operations in MATRIX.items():
            for operation, allowed in operations.items():
                for role in ROLES:
                    key = (model, operation, role)
                    expected[key] = "allowed" if role in allowed else "refused"
                    actual[key] = self.outcome(
                        self.operate, model, operation, self.users[role]
                    )
        # Only the differences, so that a failure says which cells.
        self.assertEqual(
            {key: value for key, value in actual.items() if value != expected[key]},
            {},
        )

    def test_public_methods(self):
        expected, actual = {}, {}
        for (model, method), allowed in METHODS.items():
            if isinstance(allowed, str):
                continue
            for role in ROLES:
                key = (model, method, role)
                expected[key] = "allowed" if role in allowed else "refused"
                actual[key] = self.outcome(self.call, model, method, self.users[role])
        # Only the differences, so that a failure says which cells.
        self.assertEqual(
            {key: value for key, value in actual.items() if value != expected[key]},
            {},
        )
