# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The wins feed: won deals and badges posted to a Discuss channel."""

from odoo.tests import freeze_time, tagged

from .common import SalesCase

# What Ann's first win moves in the three races.
FIRST_WIN_OF_THE_RACES = (
    '<ul class="mb-0"><li>Won Opportunities: 1 / 4 deals (A race)</li>'
    "<li>Won Opportunities: 1 / 2 deals (B race)</li>"
    "<li>Won Opportunities: 1 / 1 deals (C race)</li></ul>"
)


@freeze_time("2026-03-18 10:00:00")
@tagged("post_install", "-at_install")
class TestWinsFeed(SalesCase):
    """Three challenges of the team count won deals and post to
    #sales-wins; a fourth shows each salesperson only their own goals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann = cls.create_user("ann")
        Channel = cls.env["discuss.channel"]
        cls.feed = Channel.create({"name": "sales-wins"})
        cls.private_feed = Channel.create({"name": "private-wins"})
        cls.races = cls.env["gamification.challenge"]
        for name, target in (("A race", 4), ("B race", 2), ("C race", 1)):
            cls.races |= cls.start_team_challenge(
                name,
                [("definition_won_opportunities", target)],
                visibility_mode="ranking",
                reward_realtime=False,
                wins_channel_id=cls.feed.id,
            )
        cls.private = cls.start_team_challenge(
            "My own pace",
            [("definition_won_opportunities", 3)],
            visibility_mode="personal",
            reward_realtime=False,
            wins_channel_id=cls.private_feed.id,
        )

    def posts(self, channel):
        return channel.message_ids.filtered(
            lambda m: m.author_id == self.env.ref("base.partner_root")
            and m.message_type == "comment"
        )

    def win(self, name, revenue):
        """Ann wins the deal ``name``, and the transaction's saves are done."""
        lead = self.create_lead(self.ann, "2026-03-18 08:00", "opportunity", revenue)
        lead.name = name
        lead.with_user(self.ann).action_set_won()
        self.env.cr.precommit.run()
        return lead

    def test_one_post_per_win_none_for_a_private_challenge(self):
        lead = self.win("Hanoi Textile renewal", 1000)
        self.assertEqual(
            [str(post.body) for post in self.posts(self.feed)],
            [
                "<p>🏆 Ann won Hanoi Textile renewal for Test Customer: "
                "$&nbsp;1,000.00</p>" + FIRST_WIN_OF_THE_RACES
            ],
        )
        self.assertEqual(len(self.posts(self.private_feed)), 0)
        # Saved again, still won: no second post.
        lead.with_user(self.ann).write(
            {"probability": 100, "stage_id": lead.stage_id.id}
        )
        self.env.cr.precommit.run()
        self.assertEqual(len(self.posts(self.feed)), 1)

    def test_a_badge_a_challenge_grants_is_posted(self):
        badge = self.env.ref("sales_gamification.badge_top_salesperson")
        Grant = self.env["gamification.badge.user"]
        Grant.create(
            {
                "user_id": self.ann.id,
                "badge_id": badge.id,
                "challenge_id": self.races[0].id,
            }
        )
        Grant.create(
            {
                "user_id": self.ann.id,
                "badge_id": badge.id,
                "challenge_id": self.private.id,
            }
        )
        self.assertEqual(
            [str(post.body) for post in self.posts(self.feed)],
            ["<p>🎖 Ann receives the badge Top Salesperson (A race).</p>"],
        )
        self.assertEqual(len(self.posts(self.private_feed)), 0)

    def test_no_channel_no_post(self):
        self.races.wins_channel_id = False
        self.win("Hanoi Textile renewal", 1000)
        self.assertEqual(len(self.posts(self.feed)), 0)

    def test_a_deal_named_after_its_customer_names_it_once(self):
        self.win("Annual renewal for Test Customer", 2500)
        self.assertEqual(
            [str(post.body) for post in self.posts(self.feed)],
            [
                "<p>🏆 Ann won Annual renewal for Test Customer: $&nbsp;2,500.00</p>"
                + FIRST_WIN_OF_THE_RACES
            ],
        )
