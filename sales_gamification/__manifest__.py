# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Sales Gamification",
    "summary": "Motivate and reward salespeople with challenges, goals from "
    "CRM, Sales and Invoicing, badges and leaderboards",
    "version": "18.0.1.7.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-gamification/sales_gamification",
    "author": "Sales Gamification contributors",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["gamification", "gamification_sale_crm", "sale_crm", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/sales_gamification_security.xml",
        "data/gamification_goal_definition_data.xml",
        "data/gamification_badge_data.xml",
        "data/gamification_challenge_data.xml",
        "views/gamification_goal_definition_views.xml",
        "views/gamification_goal_views.xml",
        "views/gamification_challenge_views.xml",
        "views/gamification_badge_views.xml",
        "views/sales_gamification_leaderboard_line_views.xml",
        "views/sales_gamification_quota_views.xml",
        "views/sales_gamification_win_loss_report_views.xml",
        "views/sales_gamification_tv_templates.xml",
        "views/sales_gamification_menus.xml",
    ],
    "demo": [
        "demo/product_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/res_users_demo.xml",
        "demo/gamification_challenge_line_demo.xml",
        "demo/sales_gamification_quota_demo.xml",
        "demo/discuss_channel_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "sales_gamification/static/src/goals_systray/*",
            "sales_gamification/static/src/leaderboard/*",
            "sales_gamification/static/src/my_goals/*",
            "sales_gamification/static/src/recognition/*",
        ],
        "web.assets_frontend": [
            "sales_gamification/static/src/tv_board/*",
        ],
        "web.assets_tests": [
            "sales_gamification/static/tests/tours/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
