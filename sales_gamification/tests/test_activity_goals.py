# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Activity goals: calls and meetings of leads marked done."""

from odoo.tests import freeze_time, tagged

from .common import SalesCase


@freeze_time("2026-03-18 10:00:00")
@tagged("post_install", "-at_install")
class TestActivityGoals(SalesCase):
    """A daily sprint of Ann and Bob: 5 calls and 2 meetings a day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann = cls.create_user("ann")
        cls.bob = cls.create_user("bob")
        cls.sprint = cls.start_team_challenge(
            "Daily sprint",
            [("definition_calls_logged", 5), ("definition_meetings_held", 2)],
            period="daily",
            reward_realtime=False,
        )
        cls.leads = {
            user: cls.create_lead(user, "2026-03-18 08:00", "opportunity")
            for user in (cls.ann, cls.bob)
        }

    def mark_done(self, user, activity_type, count):
        lead = self.leads[user].with_user(user)
        for index in range(count):
            lead.activity_schedule(
                activity_type, summary="%s %d" % (activity_type, index), user_id=user.id
            ).action_feedback("Done")

    def goals(self):
        goals = self.env["gamification.goal"].search(
            [("challenge_id", "=", self.sprint.id)]
        )
        return sorted(
            (g.user_id.login, g.definition_id.name, g.current, g.state) for g in goals
        )

    def test_calls_and_meetings_marked_done_move_their_goals_at_once(self):
        self.mark_done(self.ann, "mail.mail_activity_data_call", 3)
        self.mark_done(self.ann, "mail.mail_activity_data_meeting", 2)
        self.mark_done(self.bob, "mail.mail_activity_data_call", 1)
        # The same transaction, before it commits.
        self.env.cr.precommit.run()
        self.assertEqual(
            self.goals(),
            [
                ("ann", "Calls Logged", 3.0, "inprogress"),
                ("ann", "Meetings Held", 2.0, "reached"),
                ("bob", "Calls Logged", 1.0, "inprogress"),
                ("bob", "Meetings Held", 0.0, "inprogress"),
            ],
        )

    def test_a_note_or_an_activity_still_planned_counts_nothing(self):
        lead = self.leads[self.ann].with_user(self.ann)
        lead.message_post(body="Called, no answer")
        lead.activity_schedule("mail.mail_activity_data_call", user_id=self.ann.id)
        self.env.cr.precommit.run()
        self.assertEqual([row[2] for row in self.goals()], [0.0, 0.0, 0.0, 0.0])
        # The cron counts the same as the save did.
        self.mark_done(self.ann, "mail.mail_activity_data_call", 2)
        self.env.cr.precommit.run()
        saved = self.goals()
        self.env["gamification.goal"].search(
            [("challenge_id", "=", self.sprint.id)]
        ).update_goal()
        self.assertEqual(self.goals(), saved)
        self.assertEqual(saved[0], ("ann", "Calls Logged", 2.0, "inprogress"))

    def done_messages(self, user, activity_type):
        return self.leads[user].message_ids.filtered(
            lambda message: message.mail_activity_type_id == self.env.ref(activity_type)
        )

    def test_a_done_activity_deleted_moves_its_goal_back_at_once(self):
        self.mark_done(self.ann, "mail.mail_activity_data_call", 3)
        self.mark_done(self.ann, "mail.mail_activity_data_meeting", 2)
        self.mark_done(self.bob, "mail.mail_activity_data_call", 1)
        self.env.cr.precommit.run()
        calls = self.done_messages(self.ann, "mail.mail_activity_data_call")
        meetings = self.done_messages(self.ann, "mail.mail_activity_data_meeting")
        self.assertEqual((len(calls), len(meetings)), (3, 2))
        # Ann deletes a call and a meeting she logged by mistake.
        (calls[0] | meetings[0]).with_user(self.ann).unlink()
        # Their sales manager deletes Bob's only call.
        manager = self.create_manager()
        self.done_messages(self.bob, "mail.mail_activity_data_call").with_user(
            manager
        ).unlink()
        # The same transaction, before it commits.
        self.env.cr.precommit.run()
        self.assertEqual(
            self.goals(),
            [
                ("ann", "Calls Logged", 2.0, "inprogress"),
                ("ann", "Meetings Held", 1.0, "inprogress"),
                ("bob", "Calls Logged", 0.0, "inprogress"),
                ("bob", "Meetings Held", 0.0, "inprogress"),
            ],
        )
        # The cron counts the same as the deletion did.
        saved = self.goals()
        self.env["gamification.goal"].search(
            [("challenge_id", "=", self.sprint.id)]
        ).update_goal()
        self.assertEqual(self.goals(), saved)

    def test_a_note_deleted_moves_no_goal(self):
        self.mark_done(self.ann, "mail.mail_activity_data_call", 1)
        self.env.cr.precommit.run()
        note = (
            self.leads[self.ann]
            .with_user(self.ann)
            .message_post(body="Call her back on Monday", message_type="comment")
        )
        note.unlink()
        self.env.cr.precommit.run()
        self.assertEqual(self.goals()[0], ("ann", "Calls Logged", 1.0, "inprogress"))
