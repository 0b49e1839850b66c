# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models

from .gamification_challenge_tv import TV_SUBSCRIPTION


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        """A TV board subscribes with its challenge and token; it gets the
        challenge's channel if the token is right (or a sales manager
        asks), nothing otherwise."""
        boards = [
            channel
            for channel in channels
            if isinstance(channel, str) and channel.startswith(TV_SUBSCRIPTION)
        ]
        if boards:
            channels = [channel for channel in channels if channel not in boards]
            channels += self.env["gamification.challenge"]._tv_bus_channels(boards)
        return super()._build_bus_channel_list(channels)
