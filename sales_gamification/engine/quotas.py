# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A team's target split over its salespeople."""


def split(total, weights, digits=2):
    """``total`` shared in proportion to ``weights``, each share rounded to
    ``digits`` decimals; the last share takes what rounding left, so that
    the shares add up to ``total`` exactly.

    :param weights: a list of weights, none negative, not all zero
    :return: the list of shares, in the order of ``weights``
    """
    whole = sum(weights)
    if not weights or whole <= 0:
        raise ValueError("weights must add up to more than zero")
    shares = [round(total * weight / whole, digits) for weight in weights[:-1]]
    shares.append(round(total - sum(shares), digits))
    return shares
