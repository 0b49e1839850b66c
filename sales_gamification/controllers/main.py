# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from urllib.parse import quote

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

# How often the TV board asks for new figures, in milliseconds.
TV_POLL_MS = 500


class TvBoardController(http.Controller):
    """The leaderboard of a challenge for the sales room's screen.

    Anyone with the challenge's secret address sees it, without logging in;
    so does a logged-in sales manager. Any other request, an unknown
    challenge or a wrong token, gets the same 404.
    """

    def _tv_challenge(self, challenge_id, token):
        challenge, valid = request.env["gamification.challenge"]._tv_find(
            challenge_id, token
        )
        if challenge and (valid or self._tv_manager()):
            return challenge
        raise NotFound()

    def _tv_manager(self):
        """Whether a logged-in sales manager asks."""
        return bool(request.session.uid) and request.env.user.has_group(
            "sales_team.group_sale_manager"
        )

    @http.route("/sales_gamification/tv/<int:challenge_id>", type="http", auth="public")
    def tv_board(self, challenge_id, token=None, **kwargs):
        challenge = self._tv_challenge(challenge_id, token)
        return request.render(
            "sales_gamification.tv_board",
            {
                "challenge_name": challenge.name,
                "data_url": "/sales_gamification/tv/%d/data%s"
                % (challenge.id, "?token=%s" % quote(token, safe="") if token else ""),
                "poll_ms": TV_POLL_MS,
            },
        )

    @http.route(
        "/sales_gamification/tv/<int:challenge_id>/data", type="http", auth="public"
    )
    def tv_board_data(self, challenge_id, token=None, **kwargs):
        challenge = self._tv_challenge(challenge_id, token)
        # Dates are sent as ISO strings (json_default).
        return request.make_json_response(
            challenge._tv_board_data(), headers=[("Cache-Control", "no-store")]
        )
