# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from lxml import etree

from odoo import models, tools

# Context key: the inline templates rendered under it (a mail template's
# body) are compiled once per source and language, as Odoo compiles a view,
# instead of once per record rendered.
COMPILED_ONCE = "sales_gamification_compiled_once"
# Options under which Odoo checks the template's expressions as it compiles:
# such a compilation is never shared.
CHECKED_COMPILE = ("raise_on_code", "raise_on_forbidden_code_for_model")


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _compile(self, template):
        context = self.env.context
        if (
            isinstance(template, etree._Element)
            and context.get(COMPILED_ONCE)
            and not any(context.get(key) for key in CHECKED_COMPILE)
        ):
            return self._compile_inline(
                etree.tostring(template, encoding="unicode"),
                tuple(context.get(key) for key in self._get_template_cache_keys()),
                template,
            )
        return super()._compile(template)

    @tools.ormcache("source", "keys", cache="templates")
    def _compile_inline(self, source, keys, template):
        """The compiled ``template``, the same for every inline template of
        the same ``source`` and the same context ``keys``."""
        return super()._compile(template)
