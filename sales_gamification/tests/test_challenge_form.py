# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The challenge form as a sales manager fills it in."""

from datetime import date

from lxml import etree

from odoo import Command
from odoo.tests import Form, freeze_time

from .common import SalesCase


@freeze_time("2026-03-18 10:00:00")
class TestChallengeForm(SalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.create_manager()
        cls.ann = cls.create_user("ann")
        cls.bob = cls.create_user("bob")
        cls.won = cls.env.ref("sales_gamification.definition_won_opportunities")

    def new_challenge(self, user):
        """The form of a new challenge, opened from the sales menus."""
        action = self.env.ref("sales_gamification.gamification_challenge_action")
        self.assertEqual(
            action.context,
            "{'search_default_inprogress': True, "
            "'sales_gamification_new_challenge': True}",
        )
        Challenge = self.env["gamification.challenge"].with_user(user)
        return Form(Challenge.with_context(sales_gamification_new_challenge=True))

    def test_a_new_challenge_is_the_managers_team_monthly(self):
        self.team.user_id = self.manager
        form = self.new_challenge(self.manager)
        self.assertEqual(form.team_id, self.team)
        self.assertEqual(form.user_domain, False)
        self.assertEqual(form.manager_id, self.manager)
        self.assertEqual(form.period, "monthly")
        self.assertEqual(form.start_date, date(2026, 3, 1))
        # The month's best gets the badge, at the month's end.
        self.assertEqual((form.reward_failure, form.reward_realtime), (True, False))
        form.name = "March race"
        with form.line_ids.new() as line:
            line.definition_id = self.won
            line.target_goal = 3
        challenge = form.save()
        self.assertEqual(challenge.user_ids, self.ann | self.bob)

    def test_a_manager_without_a_team_challenges_nobody(self):
        form = self.new_challenge(self.manager)
        self.assertEqual((form.team_id, form.user_domain), (self.team.browse(), False))
        form.name = "Nobody yet"
        challenge = form.save()
        self.assertEqual(challenge.user_ids, self.env["res.users"])
        # Elsewhere, Odoo's defaults.
        other = Form(self.env["gamification.challenge"].with_user(self.manager))
        self.assertEqual(other.period, "once")
        self.assertEqual(
            other.user_domain,
            '["&", ("groups_id", "=", "Internal User"), ("active", "=", True)]',
        )

    def test_start_needs_goals(self):
        arch = self.env["gamification.challenge"].get_view(
            self.env.ref("gamification.challenge_form_view").id, "form"
        )["arch"]
        (start,) = etree.fromstring(arch).xpath("//button[@name='action_start']")
        self.assertEqual(start.get("invisible"), "state != 'draft' or not line_ids")

    def test_a_goal_added_to_a_running_challenge_is_everyones_at_once(self):
        for _index in range(2):
            self.win(
                self.create_lead(self.bob, "2026-03-10 09:00", "opportunity"),
                "2026-03-12 10:00",
            )
        self.create_lead(self.ann, "2026-03-11 09:00")
        challenge = self.env["gamification.challenge"].create(
            {
                "name": "March race",
                "period": "monthly",
                "team_id": self.team.id,
                "manager_id": self.manager.id,
                "report_message_frequency": "never",
                "line_ids": [
                    Command.create({"definition_id": self.won.id, "target_goal": 2})
                ],
            }
        )
        challenge.action_start()

        def goals():
            return sorted(
                self.env["gamification.goal"]
                .search([("challenge_id", "=", challenge.id)])
                .mapped(
                    lambda g: (g.user_id.name, g.definition_id.name, g.current, g.state)
                )
            )

        new_leads = self.env.ref("sales_gamification.definition_new_leads")
        # The manager adds New Leads on the form, and saves.
        with Form(challenge.with_user(self.manager)) as form:
            with form.line_ids.new() as line:
                line.definition_id = new_leads
                line.target_goal = 1
        self.assertEqual(
            goals(),
            [
                ("Ann", "New Leads", 1.0, "reached"),
                ("Ann", "Won Opportunities", 0.0, "inprogress"),
                ("Bob", "New Leads", 2.0, "reached"),
                ("Bob", "Won Opportunities", 2.0, "reached"),
            ],
        )
        # A line switched to another definition: its goals follow. Its
        # target stays 2: Ann's one lead is half of it.
        challenge.line_ids[0].with_user(self.manager).definition_id = new_leads
        self.assertEqual(
            goals(),
            [
                ("Ann", "New Leads", 1.0, "inprogress"),
                ("Ann", "New Leads", 1.0, "reached"),
                ("Bob", "New Leads", 2.0, "reached"),
                ("Bob", "New Leads", 2.0, "reached"),
            ],
        )

    def test_the_small_words_of_the_screens(self):
        def arch(model, xmlid, kind):
            view = (
                self.env[model]
                .with_user(self.manager)
                .get_view(self.env.ref(xmlid).id, kind)
            )
            return etree.fromstring(view["arch"])

        form = arch(
            "gamification.challenge", "gamification.challenge_form_view", "form"
        )
        # No TV board for a challenge not saved yet.
        (tv,) = form.xpath("//button[@name='action_open_tv_board']")
        self.assertEqual(tv.get("invisible"), "not id")
        (description,) = form.xpath("//field[@name='description']")
        self.assertEqual(
            description.get("placeholder"),
            "Describe the challenge: what it does, who it targets, why it matters...",
        )
        # "1 Participant", "2 Participants" on the cards.
        kanban = arch(
            "gamification.challenge", "gamification.view_challenge_kanban", "kanban"
        )
        self.assertEqual(
            [
                (link.get("invisible"), " ".join("".join(link.itertext()).split()))
                for link in kanban.xpath("//a[@name='action_view_users']")
            ],
            [("1", "Participants"), (None, "1 Participant Participants")],
        )
        (choice,) = kanban.xpath("//a[@name='action_view_users']/t[@t-if]")
        self.assertEqual(choice.get("t-if"), "record.user_count.raw_value == 1")
        badge = arch("gamification.badge", "gamification.badge_form_view", "form")
        (level,) = badge.xpath("//field[@name='level']")
        self.assertEqual(level.get("string"), "Level")

    def test_sales_goals_and_challenges_come_before_odoos_onboarding(self):
        Definition = self.env["gamification.goal.definition"].with_user(self.manager)
        # A challenge line's dropdown offers the sales definitions first...
        self.assertEqual(
            [name for _id, name in Definition.name_search("", limit=4)],
            [
                "Total Invoiced",
                "New Leads",
                "Time to Qualify a Lead",
                "New Opportunities",
            ],
        )
        # ... and the lists put Odoo's onboarding ones last.
        onboarding = self.env.ref("gamification.definition_base_timezone")
        self.assertEqual(
            (onboarding.is_sales, self.won.is_sales, Definition.search([])[-4:].ids),
            (
                False,
                True,
                [
                    onboarding.id,
                    self.env.ref("gamification.definition_base_company_data").id,
                    self.env.ref("gamification.definition_base_company_logo").id,
                    self.env.ref("gamification.definition_base_invite").id,
                ],
            ),
        )
        profile = self.env.ref("gamification.challenge_base_discover")
        sales = self.env["gamification.challenge"].create(
            {
                "name": "March race",
                "line_ids": [
                    Command.create({"definition_id": self.won.id, "target_goal": 3})
                ],
            }
        )
        team = sales.copy({"name": "A team's race", "line_ids": False})
        team.team_id = self.team
        Challenge = self.env["gamification.challenge"].with_user(self.manager)
        self.assertEqual(
            Challenge.search([("id", "in", (profile | sales | team).ids)]).mapped(
                "name"
            ),
            ["A team's race", "March race", "Complete your Profile"],
        )

    def test_related_goals_list_the_whole_running_period(self):
        for _index in range(3):
            self.win(
                self.create_lead(self.ann, "2026-03-10 09:00", "opportunity"),
                "2026-03-12 10:00",
            )
        challenge = self.env["gamification.challenge"].create(
            {
                "name": "March race",
                "period": "monthly",
                "team_id": self.team.id,
                "report_message_frequency": "never",
                "line_ids": [
                    Command.create({"definition_id": self.won.id, "target_goal": 3})
                ],
            }
        )
        challenge.action_start()
        action = challenge.with_user(self.manager).action_view_period_goals()
        self.assertEqual(
            action["view_id"][0],
            self.env.ref("sales_gamification.gamification_goal_view_list_period").id,
        )
        goals = self.env["gamification.goal"].search(action["domain"])
        self.assertEqual(
            sorted(
                goals.mapped(
                    lambda g: (g.user_id.name, g.definition_id.name, g.current, g.state)
                )
            ),
            [
                ("Ann", "Won Opportunities", 3.0, "reached"),
                ("Bob", "Won Opportunities", 0.0, "inprogress"),
            ],
        )
        arch = etree.fromstring(
            self.env["gamification.goal"].get_view(action["view_id"][0], "list")["arch"]
        )
        self.assertEqual(
            [field.get("name") for field in arch.xpath("//field")],
            [
                "user_id",
                "definition_id",
                "current",
                "target_goal",
                "definition_suffix",
                "completeness",
                "state",
            ],
        )
