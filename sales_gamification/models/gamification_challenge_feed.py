# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The wins feed: each won deal, and each badge a challenge grants, posted
to the Discuss channel a challenge names, where colleagues react with
Odoo's own message reactions."""

from collections import defaultdict

from markupsafe import Markup, escape

from odoo import fields, models
from odoo.tools.misc import formatLang


class GamificationChallenge(models.Model):
    _inherit = "gamification.challenge"

    wins_channel_id = fields.Many2one(
        "discuss.channel",
        "Wins Feed",
        domain="[('channel_type', '=', 'channel')]",
        help="Discuss channel where each deal won by a participant, and each "
        "badge the challenge grants, is posted, e.g. #sales-wins. Empty: no "
        "post. A challenge whose salespeople see only their own goals posts "
        "nothing.",
    )

    def _feed_challenges(self, user):
        """The running challenges whose feed posts ``user``'s wins."""
        return self.sudo().search(
            [
                ("state", "=", "inprogress"),
                ("wins_channel_id", "!=", False),
                ("visibility_mode", "!=", "personal"),
                ("user_ids", "in", user.id),
            ]
        )

    def _feed_post_won(self, lead_ids):
        """Post those of ``lead_ids`` that are won, now that the
        transaction's saves are done."""
        leads = self.env["crm.lead"].sudo().browse(sorted(lead_ids)).exists()
        self._feed_post_wins(
            leads.filtered(lambda lead: lead.user_id and lead._is_won())
        )
        self.env.flush_all()

    def _feed_post_wins(self, leads):
        """One post per won deal and channel, however many challenges count
        it: salesperson, customer, amount, and the goals it moved."""
        for lead in leads:
            by_channel = defaultdict(lambda: self.browse())
            for challenge in self._feed_challenges(lead.user_id):
                by_channel[challenge.wins_channel_id] |= challenge
            for channel, challenges in by_channel.items():
                channel.sudo().message_post(
                    body=self._feed_win_body(lead, challenges),
                    author_id=self.env.ref("base.partner_root").id,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )

    def _feed_win_body(self, lead, challenges):
        lang = self.env["res.lang"]._get_data(code=lead.user_id.lang or "en_US")
        env = self.with_context(lang=lang.code).env
        _ = env._
        amount = formatLang(
            env, lead.expected_revenue, currency_obj=lead.company_currency
        )
        won_on = (
            lead.date_closed.date()
            if lead.date_closed
            else self.env.company._sales_today()
        )
        goals = env["gamification.goal"].search(
            [
                ("challenge_id", "in", challenges.ids),
                ("user_id", "=", lead.user_id.id),
                ("closed", "=", False),
                ("definition_id.model_id.model", "=", "crm.lead"),
                ("start_date", "<=", won_on),
                ("end_date", ">=", won_on),
            ],
            order="challenge_id, line_id",
        )
        # As they stand with this deal, whatever the order of the hooks.
        goals.sudo().update_goal()
        moved = Markup("").join(
            Markup("<li>%s: %s / %s %s (%s)</li>")
            % (
                goal.definition_id.name,
                *goal._progress_display(),
                goal.definition_id._display_unit(),
                goal.challenge_id.name,
            )
            for goal in goals
        )
        customer = lead.partner_id.name
        if customer and customer in lead.name:
            # "Annual renewal for Hanoi Textiles" names its customer already.
            text = _(
                "%(salesperson)s won %(deal)s: %(amount)s",
                salesperson=lead.user_id.name,
                deal=lead.name,
                amount=amount,
            )
        else:
            text = _(
                "%(salesperson)s won %(deal)s for %(customer)s: %(amount)s",
                salesperson=lead.user_id.name,
                deal=lead.name,
                customer=customer or _("no customer"),
                amount=amount,
            )
        body = Markup("<p>🏆 %s</p>") % escape(text)
        if moved:
            # No margin below the list: the post ends with its last goal.
            body += Markup('<ul class="mb-0">%s</ul>') % moved
        return body

    def _feed_post_badges(self, grants):
        """The badges challenges of a feed grant: one post per challenge for
        the badges granted together (a period's close), one line each."""
        lines = defaultdict(list)
        for grant in grants:
            challenge = grant.challenge_id
            if challenge.wins_channel_id and challenge.visibility_mode != "personal":
                lang = grant.user_id.lang or "en_US"
                _ = self.with_context(lang=lang).env._
                lines[challenge].append(
                    Markup("<p>🎖 %s</p>")
                    % _(
                        "%(user)s receives the badge %(badge)s (%(challenge)s).",
                        user=grant.user_id.name,
                        badge=grant.badge_id.with_context(lang=lang).name,
                        challenge=challenge.with_context(lang=lang).name,
                    )
                )
        for challenge, paragraphs in lines.items():
            challenge.wins_channel_id.sudo().message_post(
                body=Markup("").join(paragraphs),
                author_id=self.env.ref("base.partner_root").id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
