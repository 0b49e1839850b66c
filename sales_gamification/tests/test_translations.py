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


@tagged("post_install", "-at_install")
class TestAmountsAndCounts(TransactionCase):
    """Goal values as the screens show them, in the user's language and the
    company's currency (``definition._display_value``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.invoiced = cls.env.ref("sales_gamification.definition_invoiced_amount")
        cls.new_leads = cls.env.ref("sales_gamification.definition_new_leads")
        cls.win_rate = cls.env.ref("sales_gamification.definition_win_rate")
        cls.vn = cls.env["res.company"].create(
            {
                "name": "Công ty Sao Việt",
                "country_id": cls.env.ref("base.vn").id,
                "currency_id": cls.env.ref("base.VND").id,
            }
        )
        cls.us = cls.env["res.company"].create(
            {"name": "Star Sales Inc.", "currency_id": cls.env.ref("base.USD").id}
        )

    def shown(self, definition, value, company, lang):
        return (
            definition.with_company(company)
            .with_context(lang=lang)
            ._display_value(value)
        )

    def test_dong_after_the_amount_dots_between_thousands_no_decimals(self):
        self.assertEqual(
            self.shown(self.invoiced, 12345678.4, self.vn, "vi_VN"),
            "12.345.678\N{NO-BREAK SPACE}₫",
        )
        self.assertEqual(
            self.shown(self.invoiced, 1500000.5, self.vn, "vi_VN"),
            "1.500.000\N{NO-BREAK SPACE}₫",
        )

    def test_dollars_before_the_amount_with_cents(self):
        self.assertEqual(
            self.shown(self.invoiced, 12345.5, self.us, "en_US"),
            "$\N{NO-BREAK SPACE}12,345.50",
        )
        # The language formats the number, the currency places its symbol.
        self.assertEqual(
            self.shown(self.invoiced, 12345.5, self.us, "vi_VN"),
            "$\N{NO-BREAK SPACE}12.345,50",
        )

    def test_counts_without_decimals_ratios_with_two(self):
        self.assertEqual(self.shown(self.new_leads, 1234, self.vn, "vi_VN"), "1.234")
        self.assertEqual(self.shown(self.new_leads, 1234, self.vn, "en_US"), "1,234")
        self.assertEqual(self.shown(self.win_rate, 66.666, self.vn, "vi_VN"), "66,67")

    def test_the_unit_follows_counts_not_amounts(self):
        self.assertEqual(self.invoiced._display_unit(), "")
        self.assertEqual(self.new_leads._display_unit(), "leads")
        self.assertEqual(self.new_leads.with_context(lang="en_US").full_suffix, "leads")
