# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Which expressions of a goal definition a non-administrator may write.

A definition's domain, numerator domain, salesperson expression and action
record expression are evaluated with ``user``, a record: through it, an
expression could call any method of the ORM (``user.sudo()...``) in the
daily update, which runs as the system. Written by anyone but an
administrator, an expression may only be a literal (numbers, strings,
booleans, None, lists and tuples of them) and chains of field names from
``user`` (``user.id``, ``user.company_id.id``, ``user.company_ids.ids``).
"""

import ast
from typing import NamedTuple

# Attributes that end a chain of fields: the ids of the records reached.
TERMINAL_ATTRIBUTES = ("id", "ids")


class ExpressionError(NamedTuple):
    """What is wrong with an expression: its ``kind`` ("syntax", "name",
    "expression", "not_relational" or "not_field"), the part of the
    expression at fault, and the model for "not_field"."""

    kind: str
    part: str
    model: str = ""


def expression_error(source, fields_of):
    """What makes ``source`` more than a literal with ``user``'s fields, as
    an ``ExpressionError``; None when it is fine.

    :param source: the expression, as written
    :param fields_of: function of a model name returning {field name: name
        of the model it points to, or None for a field that is not
        relational}
    """
    try:
        tree = ast.parse((source or "").strip() or "None", mode="eval")
    except SyntaxError as error:
        return ExpressionError("syntax", error.msg)
    return _node_error(tree.body, fields_of)


def _node_error(node, fields_of):
    if isinstance(node, ast.Constant):
        return None
    if isinstance(node, (ast.List, ast.Tuple)):
        return next(
            filter(None, (_node_error(elt, fields_of) for elt in node.elts)), None
        )
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
        return _node_error(node.operand, fields_of)
    if isinstance(node, ast.Name):
        if node.id == "user":
            return None
        return ExpressionError("name", node.id)
    if isinstance(node, ast.Attribute):
        return _chain_error(node, fields_of)
    return ExpressionError("expression", ast.unparse(node))


def _chain_error(node, fields_of):
    """Error of ``user.a.b.c``: each name a field of the model before it."""
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if not (isinstance(node, ast.Name) and node.id == "user"):
        return ExpressionError("expression", ast.unparse(node))
    chain = names[::-1]
    model = "res.users"
    for index, name in enumerate(chain):
        if model is None:
            return ExpressionError("not_relational", chain[index - 1])
        if index == len(chain) - 1 and name in TERMINAL_ATTRIBUTES:
            return None
        fields = fields_of(model)
        if name.startswith("_") or name not in fields:
            return ExpressionError("not_field", name, model)
        model = fields[name]
    return None
