# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The ranking of a challenge period, and what each salesperson sees of it."""

from collections import defaultdict, namedtuple

# The top 10/25/50% marks shown to salespeople who see only their rivals.
PERCENTILE_MARKS = (10, 25, 50)

Rank = namedtuple("Rank", "rank user_id reached completeness goal_ids")


def rank(goals):
    """Rank the users of the goals of one period of one challenge.

    Order: most goals reached, then highest average completeness (each goal
    counts for at most 100%), then, as a last resort, the user registered
    first (lowest id): a deterministic order.

    :param goals: iterable of (goal id, user id, reached, completeness)
    :return: list of ``Rank``, best first, ranks from 1
    """
    by_user = defaultdict(list)
    for goal_id, user_id, reached, completeness in goals:
        by_user[user_id].append((goal_id, reached, min(completeness, 100.0)))
    rows = [
        (
            user_id,
            sum(1 for _id, reached, _c in user_goals if reached),
            round(sum(c for _id, _r, c in user_goals) / len(user_goals), 2),
            tuple(goal_id for goal_id, _r, _c in user_goals),
        )
        for user_id, user_goals in by_user.items()
    ]
    rows.sort(key=lambda row: (-row[1], -row[2], row[0]))
    return [Rank(position, *row) for position, row in enumerate(rows, 1)]


def visible_ranks(ranking, user_id, privacy, top, personal=False):
    """What ``user_id`` may see of ``ranking``.

    :param privacy: ``full`` (every row), ``top`` (the first ``top`` and
        the user), ``rivals`` (the user, the ranks just above and below,
        and the top 10/25/50% marks)
    :param personal: an individual challenge: only the user's own row
    :return: list of (Rank, mark) sorted by rank, where ``mark`` is the
        percentage of a top-N% mark row, None for a salesperson's row
    """
    mine = [row for row in ranking if row.user_id == user_id]
    if personal:
        return [(row, None) for row in mine]
    if privacy == "top":
        return [
            (row, None) for row in ranking if row.rank <= top or row.user_id == user_id
        ]
    if privacy == "rivals":
        shown = [
            (row, None) for row in ranking if mine and abs(row.rank - mine[0].rank) <= 1
        ]
        marks = [
            (ranking[max(1, len(ranking) * percent // 100) - 1], percent)
            for percent in PERCENTILE_MARKS
            if ranking
        ]
        return sorted(marks + shown, key=lambda item: (item[0].rank, item[1] is None))
    return [(row, None) for row in ranking]
