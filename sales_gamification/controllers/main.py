# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import hmac
import json

from werkzeug.exceptions import NotFound
from werkzeug.urls import url_quote

from odoo import http
from odoo.http import request

from odoo.addons.mail.controllers.bus import MailChatController

from ..models.res_users import RECOGNITION_CHANNEL

# How often the TV board asks for new figures, in milliseconds.
TV_POLL_MS = 1000


class RecognitionBusController(MailChatController):
    def _poll(self, dbname, channels, last, options):
        # A logged-in user listens to their own congratulations.
        if request.session.uid:
            channels = list(channels)
            channels.append(
                (request.db, RECOGNITION_CHANNEL, request.env.user.partner_id.id)
            )
        return super()._poll(dbname, channels, last, options)


class TvBoardController(http.Controller):
    """The leaderboard of a challenge for the sales room's screen.

    Anyone with the challenge's secret address sees it, without logging in;
    so does a logged-in sales manager. Any other request, an unknown
    challenge or a wrong token, gets the same 404.
    """

    def _tv_challenge(self, challenge_id, token):
        # The board is public to whoever has the token: read it as the system.
        challenge = (
            request.env["gamification.challenge"].sudo().browse(challenge_id).exists()
        )
        if challenge:
            if token and hmac.compare_digest(
                (challenge.tv_token or "").encode(), token.encode()
            ):
                return challenge
            if request.session.uid and request.env.user.has_group(
                "sales_team.group_sale_manager"
            ):
                return challenge
        raise NotFound()

    @http.route("/sales_gamification/tv/<int:challenge_id>", type="http", auth="public")
    def tv_board(self, challenge_id, token=None, **kwargs):
        challenge = self._tv_challenge(challenge_id, token)
        return request.render(
            "sales_gamification.tv_board",
            {
                "challenge_name": challenge.name,
                "data_url": "/sales_gamification/tv/%d/data%s"
                % (challenge.id, "?token=%s" % url_quote(token) if token else ""),
                "poll_ms": TV_POLL_MS,
            },
        )

    @http.route(
        "/sales_gamification/tv/<int:challenge_id>/data", type="http", auth="public"
    )
    def tv_board_data(self, challenge_id, token=None, **kwargs):
        challenge = self._tv_challenge(challenge_id, token)
        return request.make_response(
            json.dumps(challenge._tv_board_data()),
            headers=[
                ("Content-Type", "application/json"),
                ("Cache-Control", "no-store"),
            ],
        )
