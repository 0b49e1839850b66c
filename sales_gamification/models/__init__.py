# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from . import sales_gamification_kpi_source
from . import account_invoice
from . import crm_lead
from . import crm_team
from . import gamification_badge
from . import gamification_challenge
from . import gamification_goal_definition
from . import gamification_goal
from . import res_users
from . import sale_order
from . import sales_gamification_leaderboard_line
from . import sales_gamification_win_loss_report
