# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The KPI engine, in plain Python: what a goal definition computes, the
grouped queries that compute it for every salesperson at once, the periods
of a challenge, the pace of a goal, the ranking of a period and the
streaks through periods.

It takes plain values and ``odoo.tools.SQL`` conditions, builds queries and
reads their rows; it never imports the addon's models nor calls them back.
The models (``models/``) compile definitions into ``KpiSpec``, run the
queries it builds and store what it returns.
"""

from . import kpi, pace, periods, queries, ranking, streaks
