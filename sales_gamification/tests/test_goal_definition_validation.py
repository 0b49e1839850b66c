# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestGoalDefinitionValidation(TransactionCase):
    """Bad definitions are refused at save, and nothing is saved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Definition = cls.env["gamification.goal.definition"]
        cls.lead_model = cls.env.ref("crm.model_crm_lead")
        cls.revenue = cls.env.ref("crm.field_crm_lead__expected_revenue")
        cls.date_closed = cls.env.ref("crm.field_crm_lead__date_closed")

    def field(self, model, name):
        return self.env["ir.model.fields"]._get(model, name)

    def assertRefused(self, values, message):
        values = dict(
            {
                "name": "Bad KPI",
                "computation_mode": "count",
                "model_id": self.lead_model.id,
                "domain": "[]",
            },
            **values,
        )
        count = self.Definition.search_count([])
        # The savepoint stands for the transaction of the request, which an
        # error rolls back.
        with self.assertRaises(ValidationError) as refused, self.env.cr.savepoint():
            self.Definition.create(values)
        self.assertEqual(str(refused.exception), message)
        self.assertEqual(self.Definition.search_count([]), count)

    def test_invalid_domains_are_refused(self):
        self.assertRefused(
            {"domain": "[('no_such_field', '=', 1)]"},
            "The domain [('no_such_field', '=', 1)] of the goal definition "
            "'Bad KPI' is invalid: Invalid field crm.lead.no_such_field in leaf "
            "('no_such_field', '=', 1)",
        )
        self.assertRefused(
            {"domain": "{'type': 'lead'}"},
            "The domain {'type': 'lead'} of the goal definition 'Bad KPI' is "
            "invalid: a domain is a list of conditions",
        )

    def test_batch_domain_cannot_depend_on_the_user(self):
        self.assertRefused(
            {
                "domain": "[('user_id', '=', user.id)]",
                "batch_mode": True,
                "batch_distinctive_field": self.field("crm.lead", "user_id").id,
            },
            "In batch mode, the domain of the goal definition 'Bad KPI' cannot "
            "refer to 'user': one query serves every user.",
        )

    def test_ratio_needs_a_valid_numerator_domain(self):
        self.assertRefused(
            {"computation_mode": "ratio"},
            "The ratio 'Bad KPI' needs a numerator domain.",
        )
        self.assertRefused(
            {"computation_mode": "ratio", "ratio_numerator_domain": "[('x', '=', 1)]"},
            "The domain [('x', '=', 1)] of the goal definition 'Bad KPI' is "
            "invalid: Invalid field crm.lead.x in leaf ('x', '=', 1)",
        )

    def test_sum_and_average_need_a_field(self):
        for mode in ("sum", "average"):
            self.assertRefused(
                {"computation_mode": mode},
                "The goal definition 'Bad KPI' needs a field to compute.",
            )

    def test_field_must_be_numeric_and_stored(self):
        self.assertRefused(
            {
                "computation_mode": "average",
                "field_id": self.field("crm.lead", "name").id,
            },
            "The field 'Opportunity' of the goal definition 'Bad KPI' has the "
            "wrong type (char; expected: integer, float, monetary).",
        )
        # 18's crm.lead has no '# Meetings' count any more: another
        # computed, unstored count stands for it.
        self.assertRefused(
            {
                "computation_mode": "average",
                "field_id": self.field("crm.lead", "quotation_count").id,
            },
            "The field 'Number of Quotations' of the goal definition 'Bad KPI' "
            "is not stored.",
        )

    def test_date_and_salesperson_fields_must_have_the_right_type(self):
        self.assertRefused(
            {"field_date_id": self.field("crm.lead", "expected_revenue").id},
            "The field 'Expected Revenue' of the goal definition 'Bad KPI' has "
            "the wrong type (monetary; expected: date, datetime).",
        )
        self.assertRefused(
            {
                "batch_mode": True,
                "batch_distinctive_field": self.field("crm.lead", "email_from").id,
            },
            "The field 'Email' of the goal definition 'Bad KPI' has the wrong "
            "type (char; expected: many2one, integer).",
        )

    def test_fields_must_belong_to_the_model(self):
        self.assertRefused(
            {
                "computation_mode": "sum",
                "field_id": self.field("sale.order", "amount_untaxed").id,
            },
            "The field 'Untaxed Amount' of the goal definition 'Bad KPI' is not "
            "a field of Lead/Opportunity.",
        )
        # The confirmation date of an order is its order date on 18.
        self.assertRefused(
            {"field_date_id": self.field("sale.order", "date_order").id},
            "The field 'Order Date' of the goal definition 'Bad KPI' is "
            "not a field of Lead/Opportunity.",
        )

    def test_min_sample_cannot_be_negative(self):
        self.assertRefused(
            {"min_sample": -1}, "The minimum sample of 'Bad KPI' cannot be negative."
        )

    def test_write_is_checked_too(self):
        definition = self.Definition.create(
            {
                "name": "Revenue",
                "computation_mode": "sum",
                "model_id": self.lead_model.id,
                "field_id": self.revenue.id,
                "field_date_id": self.date_closed.id,
            }
        )
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            definition.write({"computation_mode": "ratio"})
        definition.invalidate_recordset()
        self.assertEqual(definition.computation_mode, "sum")

    def test_a_valid_ratio_is_saved(self):
        definition = self.Definition.create(
            {
                "name": "Share of big deals",
                "computation_mode": "ratio",
                "model_id": self.lead_model.id,
                "field_date_id": self.date_closed.id,
                "domain": "[('type', '=', 'opportunity')]",
                "ratio_numerator_domain": "[('expected_revenue', '>=', 10000)]",
                "min_sample": 3,
            }
        )
        self.assertEqual(definition.min_sample, 3)
        self.assertEqual(definition.computation_mode, "ratio")

    def test_a_sum_of_a_field_that_is_not_a_number_counts_as_in_odoo(self):
        # Odoo's own computation counts the records of such a sum; so does
        # the engine, and Odoo's definitions of that kind keep working.
        definition = self.Definition.create(
            {
                "name": "Named leads",
                "computation_mode": "sum",
                "model_id": self.lead_model.id,
                "field_id": self.field("crm.lead", "name").id,
                "domain": "[('user_id', '=', user.id)]",
            }
        )
        spec = self.Definition._kpi_spec(definition.id)
        self.assertEqual((spec.mode, spec.field), ("count", None))
        user = self.env["res.users"].create({"name": "Counted", "login": "counted"})
        self.env["crm.lead"].create(
            [{"name": "Lead %d" % i, "user_id": user.id} for i in range(3)]
        )
        self.assertEqual(definition._kpi_values(user), {user.id: (3.0, 3)})
