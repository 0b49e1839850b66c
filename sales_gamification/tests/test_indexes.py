# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

# The indexes the addon adds for the KPI engine's queries, as PostgreSQL
# defines them (benchmarks/bench_large.py shows what they save).
INDEXES = {
    "crm_lead__date_closed_index": (
        "CREATE INDEX crm_lead__date_closed_index ON public.crm_lead "
        "USING btree (date_closed) WHERE (date_closed IS NOT NULL)"
    ),
    "crm_lead__date_conversion_index": (
        "CREATE INDEX crm_lead__date_conversion_index ON public.crm_lead "
        "USING btree (date_conversion) WHERE (date_conversion IS NOT NULL)"
    ),
}


@tagged("post_install", "-at_install")
class TestIndexes(TransactionCase):
    def test_lead_dates_the_kpis_filter_on_are_indexed(self):
        self.env.cr.execute(
            SQL(
                "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN %s",
                tuple(INDEXES),
            )
        )
        self.assertEqual(dict(self.env.cr.fetchall()), INDEXES)
