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
    counts for at most 100%), then how far past their targets they went
    (average surplus: 9 deals out of 7 beat 6 out of 6), then who reached
    their last goal first. Users equal in all of these (no goal reached,
    same figures) share a rank, and the next rank counts them: 1, 1, 3.
    They are listed in the order they registered in.

    :param goals: iterable of (goal id, user id, reached, completeness,
        surplus, reached at), where surplus is the uncapped percentage of
        ``surplus()`` and reached at the datetime the goal was reached (None
        while it is not)
    :return: list of ``Rank``, best first, ranks from 1
    """
    by_user = defaultdict(list)
    for goal_id, user_id, reached, completeness, surplus, reached_at in goals:
        by_user[user_id].append(
            (goal_id, reached, min(completeness, 100.0), surplus, reached_at)
        )
    rows = []
    for user_id, user_goals in by_user.items():
        count = len(user_goals)
        reached = sum(1 for goal in user_goals if goal[1])
        completeness = round(sum(goal[2] for goal in user_goals) / count, 2)
        went = round(sum(goal[3] for goal in user_goals) / count, 2)
        times = [goal[4] for goal in user_goals]
        finished = max(times) if reached == count and None not in times else None
        key = (-reached, -completeness, -went, finished is None, finished or 0)
        ids = tuple(goal[0] for goal in user_goals)
        rows.append((key, Rank(None, user_id, reached, completeness, ids)))
    rows.sort(key=lambda row: (row[0], row[1].user_id))
    ranked = []
    for position, (key, row) in enumerate(rows, 1):
        tied = ranked and rows[position - 2][0] == key
        ranked.append(row._replace(rank=ranked[-1].rank if tied else position))
    return ranked


def surplus(condition, target, value, completeness):
    """How far a goal went, in percent of its target, without the 100% cap
    of ``completeness``: 9 deals for a target of 7 is 128.57%. A "lower is
    better" goal counts its completeness."""
    if condition == "lower" or target <= 0:
        return completeness
    return round(100.0 * value / target, 2)


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
