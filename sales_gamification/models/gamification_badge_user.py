# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .gamification_challenge import REWARD_FIELDS
from .ir_qweb import COMPILED_ONCE

# What only a challenge (the server) sets on a grant, never the caller.
CHALLENGE_FIELDS = ("challenge_id", "period_start", "period_end")


class GamificationBadgeUser(models.Model):
    _inherit = "gamification.badge.user"

    period_start = fields.Date(
        readonly=True, help="First day of the challenge period this badge rewards."
    )
    period_end = fields.Date(
        readonly=True, help="Last day of the challenge period this badge rewards."
    )

    @api.model_create_multi
    def create(self, vals_list):
        """A user grants a badge to somebody else, as its sender; the badges
        a challenge rewards with come from the challenge (which creates its
        grants as the system), a sales manager or an administrator."""
        if not self.env.su:
            vals_list = [self._check_manual_grant(vals) for vals in vals_list]
        grants = super().create(vals_list)
        # A challenge's badges go to its wins feed.
        self.env["gamification.challenge"]._feed_post_badges(
            grants.filtered("challenge_id")
        )
        return grants

    def _check_manual_grant(self, vals):
        """``vals`` of a grant made by the current user, with its sender set;
        raises AccessError when the user may not make it."""
        _ = self.env._
        user = self.env.user
        if any(vals.get(name) for name in CHALLENGE_FIELDS):
            raise AccessError(
                _("Only a challenge sets the challenge and the period of a badge.")
            )
        if vals.get("sender_id") not in (None, False, user.id):
            raise AccessError(_("A badge is sent in your own name."))
        if vals.get("user_id") == user.id:
            raise AccessError(_("You cannot grant a badge to yourself."))
        badge = self.env["gamification.badge"].browse(vals.get("badge_id"))
        # Who the recipient is, whoever may read users.
        recipient = self.env["res.users"].sudo().browse(vals.get("user_id")).exists()
        if badge.sales_grantable and not (
            recipient and recipient._is_internal() and recipient.active
        ):
            raise AccessError(
                _("The badge %s is sent to internal colleagues only.", badge.name)
            )
        if (
            badge
            and not self.env["gamification.challenge"]._is_challenge_manager()
            and self._is_challenge_reward(badge)
        ):
            raise AccessError(
                _(
                    "The badge %s rewards a challenge: only the challenge, a "
                    "sales manager or an administrator grants it.",
                    badge.name,
                )
            )
        return dict(vals, sender_id=user.id)

    @api.model
    def _is_challenge_reward(self, badge):
        """Whether a challenge, even one the user cannot see, rewards with
        ``badge``."""
        domain = ["|"] * (len(REWARD_FIELDS) - 1) + [
            (name, "=", badge.id) for name in REWARD_FIELDS
        ]
        return bool(
            self.env["gamification.challenge"].sudo().search_count(domain, limit=1)
        )

    def write(self, vals):
        """A grant is never changed once made: revoke it and grant another."""
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "A badge grant cannot be changed. Delete it and grant the "
                    "badge again."
                )
            )
        return super().write(vals)

    def _send_badge(self):
        """Who reads notifications in Odoo finds the badge in the inbox, with
        the sender's words, even when offline at the time; the others get
        Odoo's email. Odoo renders its mail badge by badge; the grants of a
        period's close are rendered together, once per language."""
        inbox = self.filtered(lambda grant: grant.user_id.notification_type == "inbox")
        mailed = self - inbox
        template = self.env.ref(
            "gamification.email_template_badge_received", raise_if_not_found=False
        )
        if template and mailed:
            template.with_context(**{COMPILED_ONCE: True}).send_mail_batch(mailed.ids)
        for badge_user in inbox:
            badge_user.with_context(lang=badge_user.user_id.lang)._post_to_inbox()
        self._notify_granted()
        return True

    def _post_to_inbox(self):
        """The badge in its recipient's inbox: who sent it, and their words."""
        self.ensure_one()
        sender = self.sender_id or self.create_uid
        body = Markup("<p>%s</p>") % self.env._(
            "%(sender)s sends you the badge %(badge)s.",
            sender=sender.name,
            badge=self.badge_id.name,
        )
        if self.comment:
            # Not a <blockquote>: Odoo folds quotes away.
            body += Markup("<p><em>%s</em></p>") % self.comment
        # The recipient may not write the badge; the notification is theirs.
        self.badge_id.sudo().message_notify(
            partner_ids=self.user_id.partner_id.ids,
            author_id=sender.partner_id.id,
            subject=self.env._("Your badge %s", self.badge_id.name),
            body=body,
        )

    def _notify_granted(self):
        """Congratulate each user at once, and tell the challenges' channels:
        one post per challenge for the badges granted together."""
        lines = defaultdict(list)
        for badge_user in self:
            _ = badge_user.with_context(lang=badge_user.user_id.lang).env._
            badge_user.user_id._notify_recognition(
                _("New badge!"),
                _("You receive the badge %s.", badge_user.badge_id.name),
                "/web/image/gamification.badge/%d/image_128" % badge_user.badge_id.id,
            )
            lines[badge_user.challenge_id].append(
                _(
                    "%(user)s receives the badge %(badge)s.",
                    user=badge_user.user_id.name,
                    badge=badge_user.badge_id.name,
                )
            )
        for challenge, texts in lines.items():
            # The challenge's channel may be private to the challenge's manager.
            challenge.sudo()._post_recognition(Markup("<br/>").join(texts))
