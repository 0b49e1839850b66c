# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""18.0.1.1.0 narrows who sees what: the record rules it changes are
``noupdate``, which an update leaves alone. Load them again. It also puts
Odoo's sales examples aside, as a new installation does."""

from odoo import SUPERUSER_ID, api
from odoo.tools.convert import convert_file

from odoo.addons.sales_gamification.hooks import retire_odoo_sales_examples

SECURITY_FILE = "security/sales_gamification_security.xml"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    # "init" writes the records of noupdate blocks too.
    convert_file(env, "sales_gamification", SECURITY_FILE, {}, mode="init")
    retire_odoo_sales_examples(env)
