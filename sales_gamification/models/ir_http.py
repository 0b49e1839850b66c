# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """The TV board is a page of the frontend: its strings are translated
        there too."""
        return super()._get_translation_frontend_modules_name() + ["sales_gamification"]
