# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from . import sales_gamification_kpi_source
from . import sales_gamification_valid_values
from . import account_move
from . import crm_lead
from . import crm_team
from . import crm_team_member
from . import gamification_badge
from . import gamification_badge_user
from . import gamification_challenge
from . import gamification_challenge_line
from . import gamification_challenge_rewards
from . import gamification_challenge_streaks
from . import gamification_challenge_teams
from . import gamification_challenge_tv
from . import gamification_goal_definition
from . import gamification_goal_definition_reach
from . import gamification_goal
from . import gamification_goal_refresh
from . import gamification_karma_tracking
from . import ir_http
from . import ir_websocket
from . import res_company
from . import res_users
from . import sale_order
from . import sales_gamification_leaderboard_line
from . import sales_gamification_win_loss_report
