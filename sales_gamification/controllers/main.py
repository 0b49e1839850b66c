# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from urllib.parse import quote

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from ..models.gamification_challenge_tv import TV_SUBSCRIPTION


class TvBoardController(http.Controller):
    """The leaderboard of a challenge for the sales room's screen.

    Anyone with the challenge's secret address sees it, without logging in;
    so does a logged-in sales manager. Any other request, an unknown
    challenge or a wrong token, gets the same 404.
    """

    def _tv_challenge(self, challenge_id, token):
        challenge = request.env["gamification.challenge"]._tv_open(challenge_id, token)
        if not challenge:
            raise NotFound()
        return challenge

    @http.route("/sales_gamification/tv/<int:challenge_id>", type="http", auth="public")
    def tv_board(self, challenge_id, token=None, **kwargs):
        challenge = self._tv_challenge(challenge_id, token)
        return request.render(
            "sales_gamification.tv_board",
            {
                "challenge_name": challenge.name,
                "props": {
                    "challengeId": challenge.id,
                    "name": challenge.name,
                    "dataUrl": "/sales_gamification/tv/%d/data%s"
                    % (
                        challenge.id,
                        "?token=%s" % quote(token, safe="") if token else "",
                    ),
                    "channel": "%s%d:%s" % (TV_SUBSCRIPTION, challenge.id, token or ""),
                    "lang": request.env.lang or "en_US",
                },
            },
        )

    @http.route(
        "/sales_gamification/tv/<int:challenge_id>/data", type="http", auth="public"
    )
    def tv_board_data(self, challenge_id, token=None, **kwargs):
        challenge = self._tv_challenge(challenge_id, token)
        challenge._tv_watch()
        return request.make_response(
            challenge._tv_board_payload(),
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Cache-Control", "no-store"),
            ],
        )
