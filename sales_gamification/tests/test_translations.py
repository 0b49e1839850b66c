# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader


def msgids(path):
    return {entry.msgid for entry in polib.pofile(file_path(path))}


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_the_pot_holds_every_string_and_vi_translates_each(self):
        """What Odoo exports for the addon (Python, fields, views, data, Owl
        templates and JS) is the .pot, exactly; vi.po translates all of it."""
        exported = {
            source
            for _module, _type, _name, _res_id, source, _value, _comments in (
                TranslationModuleReader(self.env.cr, modules=["sales_gamification"])
            )
        }
        pot = msgids("sales_gamification/i18n/sales_gamification.pot")
        self.assertEqual(
            (sorted(exported - pot), sorted(pot - exported)),
            ([], []),
            "strings missing from the .pot, strings the code no longer has",
        )
        vi = polib.pofile(file_path("sales_gamification/i18n/vi.po"))
        self.assertEqual({entry.msgid for entry in vi}, pot)
        self.assertEqual([entry.msgid for entry in vi if not entry.msgstr], [])
