# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import date
from unittest.mock import patch

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time

from odoo.addons.base.models.ir_qweb import IrQWeb

from .common import SalesCase

JAN = (date(2026, 1, 1), date(2026, 1, 31))
FEB = (date(2026, 2, 1), date(2026, 2, 28))
MAR = (date(2026, 3, 1), date(2026, 3, 31))


@freeze_time("2026-03-16 09:00:00")
class TestChallengeRewards(SalesCase):
    """The seed's example, built by a sales manager: a monthly challenge on
    Total Invoiced and New Leads whose winner gets a badge each month.

    Today is 16 March 2026: January and February have ended, March runs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.create_manager()
        cls.alice = cls.create_user("alice")
        cls.ben = cls.create_user("ben")
        cls.cara = cls.create_user("cara")
        cls.badge = cls.env.ref("sales_gamification.badge_top_salesperson")
        # January: Alice invoices 1500 and brings 3 leads (both goals
        # reached); Ben 800 and 2 leads (one goal, 90% on average); Cara
        # nothing.
        cls.create_invoice(cls.alice, 1500.0, "2026-01-03")
        cls.create_invoice(cls.ben, 800.0, "2026-01-04")
        for day in (5, 6, 7):
            cls.create_lead(cls.alice, "2026-01-%02d 10:00" % day)
        for day in (8, 9):
            cls.create_lead(cls.ben, "2026-01-%02d 10:00" % day)
        # February: Ben invoices 2000 with 4 leads; Alice 500 with 2 leads.
        cls.create_invoice(cls.ben, 2000.0, "2026-02-10")
        cls.create_invoice(cls.alice, 500.0, "2026-02-11")
        for day in (12, 13, 14, 15):
            cls.create_lead(cls.ben, "2026-02-%02d 10:00" % day)
        for day in (16, 17):
            cls.create_lead(cls.alice, "2026-02-%02d 10:00" % day)

    def create_challenge(self, **values):
        """The challenge, created by the sales manager, for the test team.

        Odoo 18's default ``user_domain`` (every internal user) is emptied:
        the form's default is tested on its own, in
        ``test_team_challenge_does_not_take_odoo_default_domain``."""
        Challenge = self.env["gamification.challenge"].with_user(self.manager)
        return Challenge.create(
            dict(
                {
                    "name": "Monthly Sales Target",
                    "team_id": self.team.id,
                    "user_domain": False,
                    "manager_id": self.manager.id,
                    "period": "monthly",
                    "start_date": JAN[0],
                    "visibility_mode": "ranking",
                    "report_message_frequency": "never",
                    "reward_realtime": False,
                    "reward_first_id": self.badge.id,
                    "reward_failure": True,
                    "line_ids": [
                        Command.create(
                            {
                                "definition_id": self.env.ref(
                                    "sales_gamification.definition_invoiced_amount"
                                ).id,
                                "target_goal": 1000.0,
                                "sequence": 1,
                            }
                        ),
                        Command.create(
                            {
                                "definition_id": self.env.ref(
                                    "sales_gamification.definition_new_leads"
                                ).id,
                                "target_goal": 2.0,
                                "sequence": 2,
                            }
                        ),
                    ],
                },
                **values,
            )
        )

    def badges(self, challenge):
        grants = self.env["gamification.badge.user"].search(
            [("challenge_id", "=", challenge.id)], order="period_start, id"
        )
        return [
            (g.user_id.login, g.badge_id, g.period_start, g.period_end) for g in grants
        ]

    def goals(self, challenge, period):
        return self.env["gamification.goal"].search(
            [
                ("challenge_id", "=", challenge.id),
                ("start_date", "=", period[0]),
                ("end_date", "=", period[1]),
            ],
            order="user_id, line_id",
        )

    def period_messages(self, challenge):
        """Bodies of the challenge's end-of-period messages, oldest first."""
        messages = self.env["mail.message"].search(
            [
                ("model", "=", "gamification.challenge"),
                ("res_id", "=", challenge.id),
                ("body", "ilike", "is over"),
            ],
            order="id",
        )
        return [str(message.body) for message in messages]

    def test_winner_of_each_month_gets_the_badge_exactly_once(self):
        challenge = self.create_challenge()
        self.assertEqual(challenge.user_ids, self.alice | self.ben | self.cara)
        challenge.with_user(self.manager).action_start()
        self.assertEqual(challenge.state, "inprogress")
        self.assertEqual(len(self.goals(challenge, MAR)), 6)
        self.assertEqual(self.badges(challenge), [])

        # January ends.
        with freeze_time("2026-02-01 09:00:00"):
            challenge._check_challenge_reward()
        self.assertEqual(self.badges(challenge), [("alice", self.badge, *JAN)])
        goals = self.goals(challenge, JAN)
        self.assertEqual(
            [(g.user_id.login, g.current, g.state, g.closed) for g in goals],
            [
                ("alice", 1500.0, "reached", True),
                ("alice", 3.0, "reached", True),
                ("ben", 800.0, "failed", True),
                ("ben", 2.0, "reached", True),
                ("cara", 0.0, "failed", True),
                ("cara", 0.0, "failed", True),
            ],
        )
        ranking = challenge._period_ranking(*JAN)
        self.assertEqual(
            [
                (row.rank, user.login, row.reached, row.completeness, len(user_goals))
                for row, user, user_goals in ranking
            ],
            [(1, "alice", 2, 100.0, 2), (2, "ben", 1, 90.0, 2), (3, "cara", 0, 0.0, 2)],
        )
        self.assertEqual(challenge.rewarded_until, JAN[1])
        self.assertEqual(
            self.period_messages(challenge),
            [
                "<p>The period from 2026-01-01 to 2026-01-31 is over.<br>"
                "Alice receives the badge Top Salesperson.</p>"
            ],
        )

        # February ends: Ben wins.
        challenge._check_challenge_reward()
        self.assertEqual(
            self.badges(challenge),
            [("alice", self.badge, *JAN), ("ben", self.badge, *FEB)],
        )
        self.assertEqual(challenge.rewarded_until, FEB[1])
        self.assertEqual(
            self.period_messages(challenge)[1],
            "<p>The period from 2026-02-01 to 2026-02-28 is over.<br>"
            "Ben receives the badge Top Salesperson.</p>",
        )

        # Running the cron again, or closing again, grants nothing more.
        self.run_cron()
        challenge._check_challenge_reward()
        self.assertEqual(len(self.badges(challenge)), 2)
        self.assertEqual(len(self.period_messages(challenge)), 2)
        self.assertEqual(
            self.env["gamification.badge.user"]
            .search([("user_id", "=", self.ben.id)])
            .badge_id,
            self.badge,
        )

    def test_period_without_winner_is_announced(self):
        """Without "reward the best if not succeeded", a month that nobody
        wins grants nothing, and the challenge says so."""
        challenge = self.create_challenge(
            reward_failure=False,
            line_ids=[
                Command.create(
                    {
                        "definition_id": self.env.ref(
                            "sales_gamification.definition_new_leads"
                        ).id,
                        "target_goal": 5.0,
                    }
                )
            ],
        )
        challenge.action_start()
        with freeze_time("2026-02-01 09:00:00"):
            challenge._check_challenge_reward()
        self.assertEqual(self.badges(challenge), [])
        self.assertEqual(
            [(g.user_id.login, g.current, g.state) for g in self.goals(challenge, JAN)],
            [("alice", 3.0, "failed"), ("ben", 2.0, "failed"), ("cara", 0.0, "failed")],
        )
        self.assertEqual(
            self.period_messages(challenge),
            [
                "<p>The period from 2026-01-01 to 2026-01-31 is over.<br>"
                "No badge is granted for this period.</p>"
            ],
        )

    def test_period_message_escapes_names(self):
        """The end-of-period message is HTML: names are text in it."""
        self.alice.name = "Alice <b>& Co</b>"
        challenge = self.create_challenge()
        challenge.action_start()
        with freeze_time("2026-02-01 09:00:00"):
            challenge._check_challenge_reward()
        self.assertEqual(
            self.period_messages(challenge),
            [
                "<p>The period from 2026-01-01 to 2026-01-31 is over.<br>"
                "Alice &lt;b&gt;&amp; Co&lt;/b&gt; receives the badge Top "
                "Salesperson.</p>"
            ],
        )

    def test_cron_catches_up_every_ended_period(self):
        """A challenge started with a past start date (or a cron that did not
        run): the next run rewards each ended period once."""
        challenge = self.create_challenge()
        challenge.with_user(self.manager).action_start()
        self.run_cron()
        self.assertEqual(
            self.badges(challenge),
            [("alice", self.badge, *JAN), ("ben", self.badge, *FEB)],
        )
        self.assertEqual(challenge.rewarded_until, FEB[1])
        # The running month has its goals, in progress.
        running = self.goals(challenge, MAR)
        self.assertEqual(len(running), 6)
        self.assertEqual(set(running.mapped("closed")), {False})
        self.assertEqual(set(running.mapped("state")), {"inprogress"})
        self.run_cron()
        self.assertEqual(len(self.badges(challenge)), 2)

    def test_ties_share_a_rank_and_its_badge(self):
        # Neither Cara nor Dina sold anything in February or March.
        dina = self.create_user("dina")
        challenge = self.create_challenge(
            start_date=FEB[0],
            team_id=False,
            user_ids=[Command.set((dina | self.cara).ids)],
        )
        challenge.action_start()
        # February closed: equal results, equal ranks (the one registered
        # first is listed first), and both get the 1st place's badge.
        self.run_cron()
        for period in (FEB, MAR):
            self.assertEqual(
                [
                    (row.rank, user, row.reached, row.completeness)
                    for row, user, _goals in challenge._period_ranking(*period)
                ],
                [(1, self.cara, 0, 0.0), (1, dina, 0, 0.0)],
            )
        self.assertEqual(
            self.badges(challenge),
            [
                ("cara", self.badge, FEB[0], FEB[1]),
                ("dina", self.badge, FEB[0], FEB[1]),
            ],
        )

    def test_ties_show_no_change_of_rank(self):
        dina = self.create_user("dina")
        challenge = self.create_challenge(
            start_date=FEB[0],
            team_id=False,
            user_ids=[Command.set((self.alice | self.cara | dina).ids)],
        )
        challenge.action_start()
        self.run_cron()
        # February: Alice 1st, Cara and Dina 2nd. March: nobody has sold
        # yet, all three are 1st, and none is said to have moved.
        self.assertEqual(
            [
                (row.rank, user.login)
                for row, user, _goals in challenge._period_ranking(*FEB)
            ],
            [(1, "alice"), (2, "cara"), (2, "dina")],
        )
        rows = self.env["sales_gamification.leaderboard.line"]._rows_for(
            challenge, self.alice
        )
        self.assertEqual(
            [(row["name"], row["rank"], row["rank_change_display"]) for row in rows],
            [("Alice", 1, ""), ("Cara", 1, ""), ("Dina", 1, "")],
        )

    def test_team_members_follow_the_team(self):
        challenge = self.create_challenge()
        challenge.with_user(self.manager).action_start()

        def running_goals(user):
            return self.env["gamification.goal"].search_count(
                [
                    ("challenge_id", "=", challenge.id),
                    ("user_id", "=", user.id),
                    ("start_date", "=", MAR[0]),
                ]
            )

        # A new salesperson joins the team, and the challenge.
        dan = self.create_user("dan")
        self.assertIn(dan, challenge.user_ids)
        self.assertEqual(running_goals(dan), 2)

        # Alice leaves the team: her running goals go with her.
        self.env["crm.team.member"].search([("user_id", "=", self.alice.id)]).unlink()
        self.assertFalse(self.alice.sale_team_id)
        self.assertEqual(challenge.user_ids, self.ben | self.cara | dan)
        self.assertEqual(running_goals(self.alice), 0)

        # One team per salesperson (Odoo's default): joining another team
        # archives Ben's membership of this one.
        north = self.env["crm.team"].create({"name": "North"})
        self.join_team(self.ben, north)
        self.assertEqual(self.ben.sale_team_id, north)
        self.assertEqual(challenge.user_ids, self.cara | dan)
        self.assertEqual(running_goals(self.ben), 0)

        # Several teams per salesperson: Cara stays in this one too.
        self.env["ir.config_parameter"].set_param("sales_team.membership_multi", True)
        self.join_team(self.cara, north)
        self.assertEqual(self.cara.crm_team_ids, self.team | north)
        self.assertEqual(challenge.user_ids, self.cara | dan)

        # A membership moved to another team takes its salesperson along.
        self.env["crm.team.member"].search([("user_id", "=", dan.id)]).write(
            {"crm_team_id": north.id}
        )
        self.assertEqual(challenge.user_ids, self.cara)
        self.assertEqual(running_goals(dan), 0)
        self.assertEqual(running_goals(self.cara), 2)

        # The team's leader runs its challenges: a member, for Odoo's
        # pipeline, but not ranked against her salespeople. A leader who
        # steps down competes again.
        self.join_team(self.manager, self.team)
        self.team.user_id = self.manager
        self.assertEqual(self.manager.sale_team_id, self.team)
        self.assertEqual(challenge.user_ids, self.cara)
        self.team.user_id = self.cara
        self.assertEqual(challenge.user_ids, self.manager)
        self.assertEqual(running_goals(self.manager), 2)

    def test_team_challenge_does_not_take_odoo_default_domain(self):
        """Odoo 18 gives every new challenge a default domain, all internal
        users, which the form hides once a team is chosen: a team challenge
        made in the form challenges its team only."""
        form = Form(self.env["gamification.challenge"].with_user(self.manager))
        self.assertTrue(form.user_domain)
        form.name = "Team Challenge"
        form.team_id = self.team
        form.period = "monthly"
        with form.line_ids.new() as line:
            line.definition_id = self.env.ref("sales_gamification.definition_new_leads")
            line.target_goal = 2.0
        challenge = form.save()
        self.assertEqual(challenge.user_ids, self.alice | self.ben | self.cara)
        challenge.action_start()
        self.assertEqual(
            self.goals(challenge, MAR).user_id, self.alice | self.ben | self.cara
        )

    def test_salesperson_cannot_create_or_change_challenges(self):
        challenge = self.create_challenge()
        with self.assertRaises(AccessError):
            self.env["gamification.challenge"].with_user(self.alice).create(
                {"name": "My own challenge"}
            )
        with self.assertRaises(AccessError):
            challenge.with_user(self.alice).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            challenge.line_ids[0].with_user(self.alice).write({"target_goal": 1})
        with self.assertRaises(AccessError):
            challenge.with_user(self.alice).action_start()
        self.assertEqual(challenge.name, "Monthly Sales Target")
        self.assertEqual(challenge.line_ids[0].target_goal, 1000.0)
        self.assertEqual(challenge.state, "draft")

    def test_bad_challenges_are_refused(self):
        Challenge = self.env["gamification.challenge"].with_user(self.manager)
        count = Challenge.search_count([])
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            self.create_challenge(
                period="once", start_date="2026-03-31", end_date="2026-03-01"
            )
        self.assertEqual(
            error.exception.args[0],
            "The challenge 'Monthly Sales Target' cannot end before it starts.",
        )
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            self.create_challenge(
                line_ids=[
                    Command.create(
                        {
                            "definition_id": self.env.ref(
                                "sales_gamification.definition_won_opportunities"
                            ).id,
                            "target_goal": 0,
                        }
                    )
                ]
            )
        self.assertEqual(
            error.exception.args[0],
            "The target of 'Won Opportunities' must be positive: higher is better.",
        )
        vip_badge = self.env["gamification.badge"].create(
            {
                "name": "CEO award",
                "rule_auth": "users",
                "rule_auth_user_ids": [Command.set(self.alice.ids)],
            }
        )
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            self.create_challenge(reward_first_id=vip_badge.id)
        self.assertEqual(
            error.exception.args[0],
            "Manager may not grant the badge 'CEO award': its rules allow other "
            "users only.",
        )
        self.assertEqual(Challenge.search_count([]), count)

        empty = self.create_challenge(line_ids=[])
        with self.assertRaises(UserError) as error, self.env.cr.savepoint():
            empty.action_start()
        self.assertEqual(
            error.exception.args[0],
            "Add at least one goal to the challenge 'Monthly Sales Target' "
            "before starting it.",
        )
        self.assertEqual(empty.state, "draft")
        self.assertEqual(self.badges(empty), [])

    def test_badges_requiring_other_badges(self):
        """A badge reserved to the holders of another becomes grantable once
        that badge is held (Odoo 11 crashed here; 18 fixed it, and the addon
        must keep it working)."""
        advanced = self.env["gamification.badge"].create(
            {
                "name": "Advanced",
                "sales_grantable": True,
                "rule_auth": "having",
                "rule_auth_badge_ids": [Command.set(self.badge.ids)],
            }
        )
        Badge = self.env["gamification.badge"]
        self.assertEqual(
            advanced.with_user(self.alice)._can_grant_badge(), Badge.BADGE_REQUIRED
        )
        with self.assertRaises(UserError):
            self.env["gamification.badge.user"].with_user(self.alice).create(
                {"user_id": self.ben.id, "badge_id": advanced.id}
            )
        self.env["gamification.badge.user"].create(
            {"user_id": self.alice.id, "badge_id": self.badge.id}
        )
        self.assertEqual(
            advanced.with_user(self.alice)._can_grant_badge(), Badge.CAN_GRANT
        )
        grant = (
            self.env["gamification.badge.user"]
            .with_user(self.alice)
            .create({"user_id": self.ben.id, "badge_id": advanced.id})
        )
        self.assertEqual(grant.sudo().create_uid, self.alice)

    def test_templates_ship_in_draft(self):
        template = self.env.ref("sales_gamification.challenge_monthly_sales_targets")
        self.assertEqual(template.state, "draft")
        self.assertEqual(template.period, "monthly")
        self.assertEqual(template.challenge_category, "other")
        self.assertEqual(template.reward_first_id, self.badge)
        self.assertEqual(
            template.line_ids.mapped("definition_id"),
            self.env.ref("sales_gamification.definition_invoiced_amount")
            | self.env.ref("sales_gamification.definition_new_leads"),
        )
        for xmlid, lines in (
            (
                "challenge_lead_acquisition",
                ["New Leads", "Time to Qualify a Lead", "New Opportunities"],
            ),
            (
                "challenge_closing",
                ["Won Opportunities", "Win Rate", "Days to Close a Deal"],
            ),
            ("challenge_daily_activity_sprint", ["Calls Logged", "Meetings Held"]),
        ):
            challenge = self.env.ref("sales_gamification." + xmlid)
            self.assertEqual(challenge.state, "draft", xmlid)
            self.assertEqual(challenge.line_ids.mapped("definition_id.name"), lines)

    def test_menus_without_developer_mode(self):
        Menu = self.env["ir.ui.menu"]
        crm_menu = self.env.ref("sales_gamification.menu_crm_gamification")
        settings_menu = self.env.ref("sales_gamification.menu_gamification_root")
        admin = self.env.ref("base.user_admin")
        for user, sees_crm, sees_settings in (
            (self.manager, True, False),
            (self.alice, False, False),
            (admin, True, True),
        ):
            visible = Menu.with_user(user)._visible_menu_ids()
            self.assertEqual(crm_menu.id in visible, sees_crm, user.login)
            self.assertEqual(settings_menu.id in visible, sees_settings, user.login)
        self.assertEqual(
            Menu.with_user(self.manager)
            .search([("parent_id", "=", crm_menu.id)])
            .mapped("name"),
            ["Challenges", "Goals", "Quotas", "Goal Definitions", "Badges"],
        )
        self.assertEqual(
            Menu.with_user(admin)
            .search([("parent_id", "=", settings_menu.id)])
            .mapped("name"),
            ["Challenges", "Goals", "Quotas", "Goal Definitions", "Badges"],
        )

    def test_closing_a_challenge_without_end_date_rewards_it(self):
        challenge = self.create_challenge(
            period="once",
            start_date=FEB[0],
            team_id=False,
            user_ids=[Command.set((self.alice | self.ben).ids)],
        )
        challenge.action_start()
        # Six months later, the challenge has no end: nothing is rewarded.
        with freeze_time("2026-09-16 09:00:00"):
            self.run_cron()
        self.assertEqual(self.badges(challenge), [])
        self.assertEqual(challenge.state, "inprogress")
        challenge.write({"state": "done"})
        # Since February: Ben 2000 and 4 leads, Alice 500 and 2 leads.
        self.assertEqual(self.badges(challenge), [("ben", self.badge, FEB[0], False)])
        self.assertEqual(
            [
                (g.user_id.login, g.current, g.state, g.closed)
                for g in self.goals(challenge, (FEB[0], False))
            ],
            [
                ("alice", 500.0, "failed", True),
                ("alice", 2.0, "reached", True),
                ("ben", 2000.0, "reached", True),
                ("ben", 4.0, "reached", True),
            ],
        )


class TestTieBreak(SalesCase):
    """Two salespeople at 100%: Anna registered first; the ranking goes to
    whoever went further past the target, then to whoever got there first,
    never to the first registered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.anna = cls.create_user("anna")
        cls.bert = cls.create_user("bert")
        with freeze_time("2026-03-02 08:00:00"):
            cls.challenge = cls.start_team_challenge(
                "Six deals", [("definition_won_opportunities", 6)]
            )

    def win_deals(self, user, count, when):
        with freeze_time(when):
            for _index in range(count):
                self.win(
                    self.create_lead(user, "2026-03-02 09:00", "opportunity"), when[:16]
                )
            self.env.cr.flush()

    def ranking(self):
        with freeze_time("2026-03-18 12:00:00"):
            rows = self.challenge._period_ranking(*self.challenge._current_period())
        return [(row.rank, user.name, row.completeness) for row, user, _g in rows]

    def test_nine_out_of_seven_ranks_above_six_out_of_six(self):
        self.win_deals(self.anna, 6, "2026-03-10 10:00:00")
        self.win_deals(self.bert, 7, "2026-03-11 10:00:00")
        self.assertEqual(self.ranking(), [(1, "Bert", 100.0), (2, "Anna", 100.0)])

    def test_then_the_first_to_get_there(self):
        self.win_deals(self.bert, 6, "2026-03-10 10:00:00")
        self.win_deals(self.anna, 6, "2026-03-11 10:00:00")
        goals = self.challenge._period_goals(date(2026, 3, 1), date(2026, 3, 31))
        self.assertEqual(
            sorted(goals.mapped(lambda g: (g.user_id.name, str(g.reached_date)))),
            [("Anna", "2026-03-11 10:00:00"), ("Bert", "2026-03-10 10:00:00")],
        )
        self.assertEqual(self.ranking(), [(1, "Bert", 100.0), (2, "Anna", 100.0)])

    def test_the_leaderboard_rounds_as_my_goals(self):
        """6 deals out of 7 is 85.71%: 86% in the leaderboard, as in My
        Goals' progress bar."""
        self.challenge.line_ids.target_goal = 7
        goals = self.challenge._period_goals(date(2026, 3, 1), date(2026, 3, 31))
        goals.target_goal = 7
        self.win_deals(self.anna, 6, "2026-03-10 10:00:00")
        Line = self.env["sales_gamification.leaderboard.line"].with_user(self.anna)
        with freeze_time("2026-03-18 12:00:00"):
            rows = Line._rows_for(self.challenge, self.anna)
        self.assertEqual(
            [(row["name"], row["completeness"], row["lines_summary"]) for row in rows],
            [("Anna", 85.71, "Won Opportunities 86%")],
        )


class TestRewardQueries(SalesCase):
    """Goals reached together are rewarded with the same queries, whatever
    their number: a period close of 2,000 salespeople reaches them all at
    once."""

    def test_the_realtime_reward_reads_each_period_once(self):
        badge = self.env.ref("sales_gamification.badge_first_deal")
        users = self.env["res.users"].concat(
            *(self.create_user(login) for login in ("ann", "bob", "cid", "dee"))
        )
        self.win_today([(user, 1) for user in users])
        challenge = self.start_team_challenge(
            "First deal",
            [("definition_won_opportunities", 1)],
            user_domain=False,
            reward_realtime=True,
            reward_id=badge.id,
        )
        goals = challenge._period_goals(*challenge._current_period())
        self.assertEqual(goals.mapped("state"), ["reached"] * 4)
        granted = self.env["gamification.badge.user"].search(
            [("challenge_id", "=", challenge.id)]
        )
        self.assertEqual(sorted(granted.user_id.mapped("login")), users.mapped("login"))

        def queries(goals):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            challenge._reward_reached_goals(goals)
            return self.env.cr.sql_log_count - before

        # Once granted, never again; as many queries for one goal as for 4.
        one = queries(goals[:1])
        self.assertEqual(queries(goals), one)
        self.assertEqual(
            self.env["gamification.badge.user"].search_count(
                [("challenge_id", "=", challenge.id)]
            ),
            4,
        )


class TestCloseQueries(SalesCase):
    """A period close grants its badges and congratulations in batch: its
    queries do not grow with the badges it grants, their mails made
    together."""

    def mails(self, grants):
        """How many mails tell of ``grants``."""
        return self.env["mail.mail"].search_count(
            [("model", "=", "gamification.badge.user"), ("res_id", "in", grants.ids)]
        )

    def test_six_badges_cost_the_queries_of_two(self):
        users = self.env["res.users"].concat(
            *(
                self.create_user(login)
                for login in ("ann", "bob", "cid", "dee", "eve", "fay")
            )
        )
        badge = self.env.ref("sales_gamification.badge_top_salesperson")
        channel = self.env["discuss.channel"].create({"name": "sales-wins"})
        with freeze_time("2026-01-01 08:00:00"):
            warm_up, two, one = (
                self.start_team_challenge(
                    name,
                    [("definition_won_opportunities", target)],
                    reward_realtime=False,
                    reward_id=badge.id,
                    start_date="2026-01-01",
                    user_domain=False,
                    visibility_mode="ranking",
                    wins_channel_id=channel.id,
                    report_message_group_id=channel.id,
                )
                for name, target in (("Warm-up", 1), ("Two deals", 2), ("One deal", 1))
            )
        # Everyone wins a deal in January, Ann and Bob two.
        for user in [*users, *users[:2]]:
            self.win(
                self.create_lead(user, "2026-01-10 09:00", "opportunity"),
                "2026-01-10 10:00",
            )

        def close(challenge):
            self.env.cr.precommit.run()
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with freeze_time("2026-02-01 06:00:00"):
                challenge._check_challenge_reward()
                self.env.flush_all()
            return self.env.cr.sql_log_count - before

        # The first close fills the caches of what any close reads.
        close(warm_up)
        two_badges, six_badges = close(two), close(one)
        grants = self.env["gamification.badge.user"].search(
            [("challenge_id", "in", (two | one).ids)], order="id"
        )
        self.assertEqual(
            [(g.challenge_id.name, g.user_id.login) for g in grants],
            [("Two deals", "ann"), ("Two deals", "bob")]
            + [("One deal", user.login) for user in users],
        )
        # One mail per badge; one post per close in the feed, one in the
        # challenge's channel.
        self.assertEqual(
            self.mails(grants),
            8,
        )
        posts = self.env["mail.message"].search(
            [
                ("model", "=", "discuss.channel"),
                ("res_id", "=", channel.id),
                ("body", "ilike", "receives the badge"),
            ],
            order="id",
        )
        self.assertEqual(len(posts), 6)
        self.assertEqual(
            [str(post.body) for post in posts[2:4]],
            [
                "<p>🎖 Ann receives the badge Top Salesperson (Two deals).</p>"
                "<p>🎖 Bob receives the badge Top Salesperson (Two deals).</p>",
                "<p>Ann receives the badge Top Salesperson.<br>"
                "Bob receives the badge Top Salesperson.</p>",
            ],
        )
        # January's goals, reached as January closes, are recognized by the
        # badges: nobody is congratulated on a goal of last month.
        self.assertEqual(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", "discuss.channel"),
                    ("res_id", "=", channel.id),
                    ("body", "ilike", "reached the goal"),
                ]
            ),
            0,
        )
        self.assertEqual(
            self.env["gamification.goal"].search_count(
                [("challenge_id", "=", one.id), ("recognized", "=", True)]
            ),
            6,
        )
        self.assertEqual(six_badges, two_badges)

    def test_the_badge_mail_is_compiled_once_for_all_its_grants(self):
        users = self.env["res.users"].concat(
            *(self.create_user(login) for login in ("ann", "bob", "cid"))
        )
        badge = self.env.ref("sales_gamification.badge_top_salesperson")
        grants = (
            self.env["gamification.badge.user"]
            .sudo()
            .create([{"user_id": user.id, "badge_id": badge.id} for user in users])
        )
        inline = []
        generate_code = IrQWeb._generate_code

        def count_inline(qweb, template):
            if isinstance(template, etree._Element):
                inline.append(template)
            return generate_code(qweb, template)

        self.env.registry.clear_cache("templates")
        with patch.object(IrQWeb, "_generate_code", count_inline):
            grants._send_badge()
        # Odoo's check of its expressions, then once for the three mails.
        self.assertEqual(len(inline), 2)
        self.assertEqual(
            self.mails(grants),
            3,
        )
