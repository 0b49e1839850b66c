# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import html
import json
import re

import polib

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools.misc import file_path

from odoo.addons.bus.tests.common import WebsocketCase

from .common import ClosingCase, SalesCase, dispatch_at_once, push_at_commit

# Where a message is cut: its placeholders, its markup, its lines.
PLACEHOLDERS = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}|<[^>]*>|\n")


def english_strings():
    """The addon's English strings that Vietnamese words differently, as
    screens show them: each message of vi.po cut around its placeholders and
    markup, the pieces of at least four characters with a word in them."""
    strings = set()
    for entry in polib.pofile(file_path("sales_gamification/i18n/vi.po")):
        if entry.msgstr == entry.msgid:
            continue
        for piece in PLACEHOLDERS.split(html.unescape(entry.msgid)):
            piece = " ".join(piece.split()).strip(" .,:;!?·-'")
            if len(piece) >= 4 and re.search("[A-Za-z]{3}", piece):
                strings.add(piece)
    return sorted(strings)


@tagged("post_install", "-at_install", "is_tour")
class TestTours(WebsocketCase, SalesCase):
    """The screens as each role uses them, in headless Chromium
    (static/tests/tours/), with their websockets on the bus."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.create_manager()
        cls.team.user_id = cls.manager
        cls.ann = cls.create_user("ann")
        cls.bob = cls.create_user("bob")
        today = fields.Date.context_today(cls.ann)
        # This month's won deals: Ann 3, Bob 1, all before the deals that the
        # tours win, whatever the time of the day.
        cls.win_today([(cls.ann, 3), (cls.bob, 1)])
        cls.challenge = cls.start_team_challenge(
            "Deals race",
            [("definition_won_opportunities", 4)],
            visibility_mode="ranking",
            leaderboard_privacy="full",
            manager_id=cls.manager.id,
            reward_realtime=False,
        )
        for seller, name, revenue in (
            (cls.ann, "Hanoi Textile renewal", 5000),
            (cls.bob, "Bob's Saigon deal", 2000),
            (cls.bob, "Bob's Hue deal", 3000),
        ):
            cls.create_lead(
                seller, "%s 00:00" % today, "opportunity", revenue
            ).name = name

    def setUp(self):
        super().setUp()
        self.startPatcher(dispatch_at_once())
        self.startPatcher(push_at_commit())

    def test_salesperson_sees_goals_and_leaderboard(self):
        # What the tour reads on the screens.
        goals = self.env["gamification.goal"].search(
            [("challenge_id", "=", self.challenge.id)]
        )
        self.assertEqual(
            sorted(goals.mapped(lambda g: (g.user_id.login, g.current, g.state))),
            [("ann", 3.0, "inprogress"), ("bob", 1.0, "inprogress")],
        )
        self.start_tour("/odoo", "sales_gamification_salesperson", login="ann")

    def test_leaderboard_by_its_address_and_my_goals_live(self):
        self.start_tour(
            "/odoo/sales-leaderboard", "sales_gamification_live", login="bob"
        )
        goal = self.env["gamification.goal"].search(
            [("challenge_id", "=", self.challenge.id), ("user_id", "=", self.bob.id)]
        )
        self.assertEqual(goal.current, 2.0)

    def test_the_manager_sees_her_team_ranked_ties_shared(self):
        self.start_team_challenge(
            "Invoicing race",
            [("definition_invoiced_amount", 1000)],
            visibility_mode="ranking",
            leaderboard_privacy="top",
            leaderboard_top=1,
            manager_id=self.manager.id,
            reward_realtime=False,
        )
        self.start_tour(
            "/odoo/sales-leaderboard",
            "sales_gamification_manager_leaderboard",
            login="manager",
        )

    def test_manager_opens_the_challenges(self):
        self.start_tour("/odoo", "sales_gamification_manager", login="manager")

    def test_manager_sets_two_quotas(self):
        self.start_tour("/odoo", "sales_gamification_quotas", login="manager")
        goals = self.env["gamification.goal"].search(
            [("challenge_id", "=", self.challenge.id)]
        )
        self.assertEqual(
            sorted(goals.mapped(lambda g: (g.user_id.login, g.target_goal, g.state))),
            [("ann", 3.0, "reached"), ("bob", 8.0, "inprogress")],
        )

    def test_the_wins_feed_receives_a_win(self):
        feed = self.env["discuss.channel"].create({"name": "sales-wins"})
        feed.add_members(partner_ids=(self.ann | self.bob).partner_id.ids)
        self.challenge.wins_channel_id = feed
        self.start_tour(
            "/odoo/discuss?active_id=discuss.channel_%d" % feed.id,
            "sales_gamification_feed",
            login="ann",
        )
        posts = feed.message_ids.filtered(
            lambda m: m.author_id == self.env.ref("base.partner_root")
            and m.message_type == "comment"
        )
        self.assertEqual(len(posts), 1)

    def test_admin_finds_gamification_in_settings(self):
        self.start_tour("/odoo", "sales_gamification_admin", login="admin")

    def test_salesperson_wins_a_deal(self):
        self.start_tour("/odoo", "sales_gamification_win", login="ann")
        goal = self.env["gamification.goal"].search(
            [("challenge_id", "=", self.challenge.id), ("user_id", "=", self.ann.id)]
        )
        self.assertEqual((goal.current, goal.state), (4.0, "reached"))

    def test_manager_creates_starts_and_checks_a_challenge(self):
        self.start_tour("/odoo", "sales_gamification_new_challenge", login="manager")
        challenge = self.env["gamification.challenge"].search(
            [("name", "=", "Lead sprint")]
        )
        self.assertEqual(
            (
                challenge.state,
                challenge.team_id,
                challenge.user_ids,
                challenge.manager_id,
                challenge.period,
                challenge.reward_failure,
                challenge.reward_realtime,
            ),
            (
                "inprogress",
                self.team.browse(),
                self.ann | self.bob,
                self.manager,
                "monthly",
                True,
                False,
            ),
        )

    def test_tv_board_without_wins_says_so(self):
        north = self.env["crm.team"].create({"name": "North"})
        cy = self.create_user("cy", team=False)
        self.env["crm.team.member"].create({"crm_team_id": north.id, "user_id": cy.id})
        challenge = self.env["gamification.challenge"].create(
            {
                "name": "North race",
                "period": "monthly",
                "team_id": north.id,
                "visibility_mode": "ranking",
                "report_message_frequency": "never",
                "line_ids": [
                    Command.create(
                        {
                            "definition_id": self.env.ref(
                                "sales_gamification.definition_won_opportunities"
                            ).id,
                            "target_goal": 4,
                        }
                    )
                ],
            }
        )
        challenge.action_start()
        self.start_tour(
            "/sales_gamification/tv/%d?token=%s" % (challenge.id, challenge.tv_token),
            "sales_gamification_tv_empty",
            login="manager",
        )

    def test_tv_board_hears_wins_on_the_bus(self):
        self.start_tour(
            "/sales_gamification/tv/%d?token=%s"
            % (self.challenge.id, self.challenge.tv_token),
            "sales_gamification_tv",
            login="manager",
        )


@tagged("post_install", "-at_install", "is_tour")
class TestPhoneTours(WebsocketCase, SalesCase):
    """The screens at a phone's size, 390 x 844, touch enabled
    (static/tests/tours/sales_gamification_phone_tour.js)."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann = cls.create_user("ann")
        cls.bob = cls.create_user("bob")
        cls.win_today([(cls.ann, 1)])
        cls.challenge = cls.start_team_challenge(
            "Monthly targets",
            [
                ("definition_invoiced_amount", 20000),
                ("definition_won_opportunities", 4),
            ],
            reward_realtime=False,
            visibility_mode="ranking",
        )

    def test_the_trophy_fits_a_phone(self):
        self.start_tour("/odoo", "sales_gamification_phone", login="ann")

    def test_my_goals_fit_a_phone(self):
        self.start_tour(
            "/odoo/action-sales_gamification.gamification_goal_action_my_goals",
            "sales_gamification_phone_my_goals",
            login="ann",
        )

    def test_the_thank_you_fits_a_phone(self):
        self.start_tour(
            "/odoo/action-sales_gamification.gamification_badge_action_send",
            "sales_gamification_phone_thank_you",
            login="ann",
        )

    def test_the_leaderboard_is_cards_on_a_phone(self):
        self.start_tour(
            "/odoo/sales-leaderboard",
            "sales_gamification_phone_leaderboard",
            login="ann",
        )

    def test_the_wins_feed_fits_a_phone(self):
        feed = self.env["discuss.channel"].create({"name": "sales-wins"})
        feed.add_members(partner_ids=(self.ann | self.bob).partner_id.ids)
        self.challenge.wins_channel_id = feed
        midnight = "%s 00:00" % fields.Date.context_today(self.ann)
        deal = self.create_lead(self.ann, midnight, "opportunity", 1234567.89)
        deal.name = "Hanoi Textile renewal"
        deal.with_user(self.ann).action_set_won()
        self.env.cr.precommit.run()
        self.start_tour(
            "/odoo/discuss?active_id=discuss.channel_%d" % feed.id,
            "sales_gamification_phone_wins_feed",
            login="bob",
        )


@tagged("post_install", "-at_install", "is_tour")
class TestVietnameseTours(WebsocketCase, SalesCase):
    """A company in Vietnam, in dong, its people in Vietnamese: no screen of
    the addon shows an English string (static/tests/tours/
    sales_gamification_vietnamese_tour.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"].search(
            [("state", "=", "installed")]
        )._update_translations(["vi_VN"])
        # No journal item yet: the company may change its currency.
        cls.company.write(
            {
                "name": "Công ty TNHH Sao Việt",
                "currency_id": cls.env.ref("base.VND").id,
            }
        )
        cls.team.name = "Kinh doanh Sài Gòn"
        cls.customer.name = "Cà phê Sài Gòn"
        cls.env.ref("base.user_admin").write({"lang": "vi_VN", "name": "Quản trị viên"})
        cls.lan = cls.create_user("lan")
        cls.hung = cls.create_user("hung")
        for user, name in ((cls.lan, "Nguyễn Thị Lan"), (cls.hung, "Trần Văn Hùng")):
            user.write({"name": name, "lang": "vi_VN"})
        today = fields.Date.context_today(cls.lan)
        cls.win_today([(cls.lan, 2), (cls.hung, 1)])
        cls.create_invoice(cls.lan, 12_345_678, today)
        cls.challenge = cls.start_team_challenge(
            "Chỉ tiêu bán hàng",
            [
                ("definition_invoiced_amount", 50_000_000),
                ("definition_won_opportunities", 4),
            ],
            visibility_mode="ranking",
            leaderboard_privacy="full",
            reward_realtime=False,
        )

    def start_vietnamese_tour(self, url, tour, login):
        """Start ``tour`` with the English strings to look for in the
        browser's session."""
        options = {"stepDelay": 0, "keepWatchBrowser": False, "debug": False}
        self.start_tour(
            url,
            tour,
            login=login,
            code="sessionStorage.setItem('sales_gamification_english', %s); "
            "odoo.startTour(%s, %s)"
            % (
                json.dumps(json.dumps(english_strings())),
                json.dumps(tour),
                json.dumps(dict(options, startUrl=url)),
            ),
        )

    def test_the_english_strings_are_the_addon_s(self):
        strings = english_strings()
        for string in (
            "days left",
            "Latest wins",
            "Completeness (%)",
            # "%(user)s reached the goal %(goal)s: %(current)s of %(target)s."
            "reached the goal",
            # '<span class="o_stat_text">Related Goals</span>'
            "Related Goals",
            # "... under CRM &gt; Configuration &gt; Gamification."
            "Your sales manager sets challenges under CRM > Configuration > "
            "Gamification",
        ):
            self.assertIn(string, strings)
        self.assertEqual(
            [s for s in strings if re.search(r"%\(|%s|<|>$", s) or len(s) < 4], []
        )

    def test_salesperson_screens_are_in_vietnamese(self):
        self.start_vietnamese_tour(
            "/odoo", "sales_gamification_vietnamese_salesperson", "lan"
        )

    def test_settings_gamification_is_in_vietnamese(self):
        self.start_vietnamese_tour(
            "/odoo", "sales_gamification_vietnamese_settings", "admin"
        )

    def test_tv_board_is_in_vietnamese(self):
        self.start_vietnamese_tour(
            "/sales_gamification/tv/%d?token=%s"
            % (self.challenge.id, self.challenge.tv_token),
            "sales_gamification_vietnamese_tv",
            "lan",
        )


@tagged("post_install", "-at_install", "is_tour")
class TestStreakTour(WebsocketCase, ClosingCase):
    """Ann reached her goal the last two months, Bob did not: the TV board
    shows Ann's streak. This month her team races Beta."""

    START = str(fields.Date.subtract(fields.Date.today().replace(day=1), months=2))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        first = fields.Date.to_date(cls.START)
        for month in (0, 1):
            cls.win_on(cls.ann, str(fields.Date.add(first, months=month, days=9)))
        cls.run_cron()
        # This month, Ann's team against Beta; Ann wins a deal.
        cls.beta = cls.env["crm.team"].create({"name": "Beta"})
        cls.join_team(cls.create_user("dee", team=False), cls.beta)
        cls.race = cls.start_team_challenge(
            "Team race",
            [("definition_won_opportunities", 1)],
            competing_team_ids=[(6, 0, (cls.team | cls.beta).ids)],
            user_domain=False,
            reward_realtime=False,
            visibility_mode="ranking",
        )
        today = fields.Date.context_today(cls.ann)
        cls.win(
            cls.create_lead(cls.ann, "%s 00:00" % today, "opportunity"),
            "%s 00:00" % today,
        )

    def test_tv_board_shows_the_streak(self):
        self.assertEqual(
            self.challenge._streaks(self.ann | self.bob),
            {self.ann.id: 2, self.bob.id: 0},
        )
        self.start_tour(
            "/sales_gamification/tv/%d?token=%s"
            % (self.challenge.id, self.challenge.tv_token),
            "sales_gamification_tv_streak",
            login="admin",
        )

    def test_leaderboard_ranks_the_teams(self):
        self.start_tour("/odoo", "sales_gamification_team_leaderboard", login="ann")

    def test_tv_board_ranks_the_teams(self):
        self.start_tour(
            "/sales_gamification/tv/%d?token=%s" % (self.race.id, self.race.tv_token),
            "sales_gamification_tv_teams",
            login="admin",
        )
