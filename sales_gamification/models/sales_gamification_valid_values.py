# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import math

from odoo import api, models
from odoo.exceptions import ValidationError

# PostgreSQL's integer column.
INTEGER_MAX = 2**31 - 1


def _number(value):
    """``value`` as a finite int or float; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


class SalesGamificationValidValues(models.AbstractModel):
    """Values of challenges, their lines, goals, definitions and badges
    checked before they are saved: a clear, translated message instead of a
    database error or a raw ValueError, and nothing saved.

    Refused: names of blanks only; integers outside PostgreSQL's range;
    numbers that are not finite (NaN, Infinity, 1e309) or not numbers;
    dates that are not dates."""

    _name = "sales_gamification.valid.values"
    _description = "Values Checked Before They Are Saved"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_values(vals)
        return super().write(vals)

    @api.model
    def _check_values(self, vals):
        """Raise ValidationError for the first value of ``vals`` that its
        field cannot hold."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None:
                continue
            error = self._value_error(field, value)
            if error:
                raise ValidationError(
                    self.env._(
                        "%(field)s: %(error)s",
                        field=field.get_description(self.env)["string"],
                        error=error,
                    )
                )

    def _value_error(self, field, value):
        """Why ``field`` cannot hold ``value``, translated; None when it can."""
        _ = self.env._
        if field.name == "name" and field.required:
            if not isinstance(value, str) or not value.strip():
                return _("a name is required.")
            return None
        if value is False or value is None:
            return None
        if field.type in ("integer", "float", "monetary"):
            number = _number(value)
            if number is None:
                return _("'%s' is not a number.", value)
            if field.type == "integer" and number != int(number):
                return _("%s is not a whole number.", value)
            if field.type == "integer" and abs(number) > INTEGER_MAX:
                return _(
                    "%(value)s is too large (at most %(max)s).",
                    value=value,
                    max=INTEGER_MAX,
                )
        elif field.type in ("date", "datetime"):
            try:
                field.to_date(value) if field.type == "date" else field.to_datetime(
                    value
                )
            except (TypeError, ValueError, OverflowError):
                return _("'%s' is not a date.", value)
        return None
