# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""What a goal definition written by a non-administrator may reach.

A definition's domain, numerator domain, salesperson expression and action
record expression are evaluated with ``user``, a record, and its goals are
computed as the system. Written by anyone but an administrator:

- an expression may only be a literal (numbers, strings, booleans, None,
  lists and tuples of them) and chains of field names from ``user``
  (``user.id``, ``user.company_id.id``, ``user.company_ids.ids``): through
  ``user`` it could otherwise call any method of the ORM;
- a domain is a literal list of conditions whose field paths, like the
  chains of ``user``, step only through fields the author may read, into
  models the author may reach (``SALES_MODELS`` and ``REFERENCE_MODELS``);
- the definition's own model is one of ``SALES_MODELS``.

Which field the author may read and which model they may reach is told by
a function ``fields_of(model)``: {field name: (name of the model it points
to or None, None or the refusal "hidden" or "out_of_reach")}.
"""

import ast
from typing import NamedTuple

# The models a non-administrator's definition may count: the sales records
# whose visibility Odoo expresses by access rights and record rules alone,
# so that the goals, computed in SQL within the author's record rules, count
# exactly what the author's own search would.
SALES_MODELS = frozenset(
    {
        "crm.lead",
        "crm.activity.report",
        "sale.order",
        "sale.order.line",
        "sale.report",
        "account.move",
        "account.move.line",
        "account.invoice.report",
    }
)
# The models a path of such a definition may step into besides: who sells,
# to whom, in which team, stage, product and currency. Not messages,
# attachments, chats or anything of the system's.
REFERENCE_MODELS = frozenset(
    {
        "res.users",
        "res.partner",
        "res.company",
        "res.currency",
        "res.country",
        "res.country.state",
        "crm.team",
        "crm.team.member",
        "crm.stage",
        "crm.tag",
        "crm.lost.reason",
        "product.product",
        "product.template",
        "product.category",
        "uom.uom",
        "account.journal",
        "account.payment.term",
        "mail.activity.type",
        "utm.source",
        "utm.medium",
        "utm.campaign",
    }
)
REACHABLE_MODELS = SALES_MODELS | REFERENCE_MODELS
# Attributes that end a chain of fields: the ids of the records reached.
TERMINAL_ATTRIBUTES = ("id", "ids")
# Odoo's domain operators between conditions.
DOMAIN_OPERATORS = ("&", "|", "!")
# Conditions whose value is a domain on the model the path points to.
SUBDOMAIN_OPERATORS = ("any", "not any")


class ExpressionError(NamedTuple):
    """What is wrong with an expression or a domain: its ``kind``
    ("syntax", "name", "expression", "not_domain", "not_relational",
    "not_field", "hidden" or "out_of_reach"), the part at fault, and the
    model of the field for "not_field", "hidden" and "out_of_reach"."""

    kind: str
    part: str
    model: str = ""


def expression_error(source, fields_of):
    """What makes ``source`` more than a literal with ``user``'s fields, as
    an ``ExpressionError``; None when it is fine.

    :param source: the expression, as written
    :param fields_of: see the module's docstring
    """
    tree, error = _parse(source, "None")
    return error or _node_error(tree.body, fields_of)


def domain_error(source, model, fields_of):
    """What makes ``source`` more than a literal domain on ``model`` whose
    field paths and ``user`` chains stay within what ``fields_of`` lets the
    author read, as an ``ExpressionError``; None when it is fine.

    :param source: the domain, as written
    :param model: the name of the model the domain filters
    :param fields_of: see the module's docstring
    """
    tree, error = _parse(source, "[]")
    return error or _domain_node_error(tree.body, model, fields_of)


def _parse(source, empty):
    try:
        return ast.parse((source or "").strip() or empty, mode="eval"), None
    except SyntaxError as error:
        return None, ExpressionError("syntax", error.msg)


def _node_error(node, fields_of):
    if isinstance(node, ast.Constant):
        return None
    if isinstance(node, ast.List | ast.Tuple):
        return next(
            filter(None, (_node_error(elt, fields_of) for elt in node.elts)), None
        )
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.Not):
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
    path = chain[:-1] if chain[-1] in TERMINAL_ATTRIBUTES else chain
    model, error = _path_error(path, "res.users", fields_of)
    if error:
        return error
    if len(path) < len(chain) and model is None:
        return ExpressionError("not_relational", path[-1])
    return None


def _path_error(names, model, fields_of):
    """(model the path ``names`` from ``model`` ends on, None) when each
    name is a field the author may read of the model before it; (None,
    ``ExpressionError``) otherwise."""
    for index, name in enumerate(names):
        if model is None:
            return None, ExpressionError("not_relational", names[index - 1])
        fields = fields_of(model)
        if name.startswith("_") or name not in fields:
            return None, ExpressionError("not_field", name, model)
        comodel, refusal = fields[name]
        if refusal:
            return None, ExpressionError(refusal, name, model)
        model = comodel
    return model, None


def _domain_node_error(node, model, fields_of):
    if not isinstance(node, ast.List | ast.Tuple):
        return ExpressionError("not_domain", ast.unparse(node))
    return next(
        filter(None, (_leaf_error(elt, model, fields_of) for elt in node.elts)),
        None,
    )


def _leaf_error(node, model, fields_of):
    """Error of one element of a domain: an operator or a condition."""
    if isinstance(node, ast.Constant) and node.value in DOMAIN_OPERATORS:
        return None
    if not (isinstance(node, ast.List | ast.Tuple) and len(node.elts) == 3):
        return ExpressionError("not_domain", ast.unparse(node))
    path, operator, value = node.elts
    if not (isinstance(operator, ast.Constant) and isinstance(operator.value, str)):
        return ExpressionError("not_domain", ast.unparse(node))
    if isinstance(path, ast.Constant) and path.value in (0, 1):
        # Odoo's constant conditions, (1, '=', 1) and (0, '=', 1).
        return _node_error(value, fields_of)
    if not (isinstance(path, ast.Constant) and isinstance(path.value, str)):
        return ExpressionError("not_domain", ast.unparse(node))
    names = path.value.split(".")
    comodel, error = _path_error(names, model, fields_of)
    if error:
        return error
    if operator.value in SUBDOMAIN_OPERATORS:
        if comodel is None:
            return ExpressionError("not_relational", names[-1])
        return _domain_node_error(value, comodel, fields_of)
    return _node_error(value, fields_of)
