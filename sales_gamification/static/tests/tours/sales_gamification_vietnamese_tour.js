/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {
    assertEqual,
    assertNoEnglish,
    openCrm,
    openSettingsGamification,
    openWinLoss,
    textOf,
} from "./sales_gamification_tour_utils";

/** The whole web client: its menus, its top bar and its action. */
function assertWebClientInVietnamese(what) {
    assertNoEnglish(document.querySelector(".o_web_client"), what);
}

/**
 * Lan, a salesperson whose language is Vietnamese, in a company whose
 * currency is the dong: the trophy, My Goals, the Leaderboard and Win/Loss
 * (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_vietnamese_salesperson", {
    url: "/odoo",
    steps: () => [
        ...openCrm(),
        {
            content: "Open the trophy",
            trigger:
                ".o_menu_systray .o_sg_goals_systray:has(.o_sg_goals_counter:contains('0/2'))",
            run: "click",
        },
        {
            content: "The trophy, in Vietnamese, amounts in dong",
            trigger: ".o_sg_goals_systray_menu .o_sg_goal",
            run() {
                const menu = document.querySelector(".o_sg_goals_systray_menu");
                assertEqual(
                    [...menu.querySelectorAll(".o_sg_goal")].map((goal) => [
                        textOf(goal.querySelector(".o_sg_goal_name")),
                        textOf(goal.querySelector(".o_sg_goal_progress")),
                    ]),
                    [
                        [
                            "Tổng tiền đã lập hóa đơn",
                            "12.345.678 ₫ / 50.000.000 ₫ · Chỉ tiêu bán hàng",
                        ],
                        ["Cơ hội đạt được", "2 / 4 giao dịch · Chỉ tiêu bán hàng"],
                    ],
                    "goals"
                );
                assertNoEnglish(menu, "the trophy");
            },
        },
        {
            content: "Open My Goals",
            trigger:
                ".o_menu_sections [data-menu-xmlid='sales_gamification.menu_crm_my_goals']",
            run: "click",
        },
        {
            content: "My Goals, in Vietnamese, amounts in dong",
            trigger:
                ".o_kanban_view .o_kanban_record .o_sg_goal_progress:contains('₫')",
            run() {
                assertEqual(
                    [
                        ...document.querySelectorAll(
                            ".o_kanban_record .o_sg_goal_progress"
                        ),
                    ].map(textOf),
                    ["12.345.678 ₫ / 50.000.000 ₫", "2 / 4 giao dịch"],
                    "my goals"
                );
                assertWebClientInVietnamese("My Goals");
            },
        },
        {
            content: "Open the Leaderboard",
            trigger:
                ".o_menu_sections [data-menu-xmlid='sales_gamification.menu_crm_leaderboard']",
            run: "click",
        },
        {
            content: "The Leaderboard, in Vietnamese",
            trigger: ".o_list_view .o_data_row:contains('Trần Văn Hùng')",
            run() {
                assertEqual(
                    [...document.querySelectorAll(".o_list_view .o_data_row")].map(
                        (row) => textOf(row.querySelector("[name=name]"))
                    ),
                    ["Nguyễn Thị Lan", "Trần Văn Hùng"],
                    "ranking"
                );
                assertWebClientInVietnamese("the Leaderboard");
            },
        },
        ...openWinLoss(),
        {
            content: "Win/Loss, in Vietnamese",
            trigger: ".o_pivot_view .o_pivot table thead .o_pivot_measure_row",
            run() {
                assertWebClientInVietnamese("Win/Loss");
            },
        },
    ],
});

/**
 * The administrator, in Vietnamese: Settings > Gamification > Challenges,
 * and the form of the running challenge (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_vietnamese_settings", {
    url: "/odoo",
    steps: () => [
        ...openSettingsGamification(),
        {
            content: "Open Challenges",
            trigger:
                ".dropdown-menu [data-menu-xmlid='sales_gamification.menu_gamification_challenge']",
            run: "click",
        },
        {
            content: "The challenges, in Vietnamese",
            trigger: ".o_kanban_view .o_kanban_record:contains('Chỉ tiêu bán hàng')",
            run() {
                assertWebClientInVietnamese("Challenges");
            },
        },
        {
            content: "Open the challenge",
            trigger: ".o_kanban_view .o_kanban_record:contains('Chỉ tiêu bán hàng')",
            run: "click",
        },
        {
            content: "The challenge form, in Vietnamese",
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row",
            run() {
                assertWebClientInVietnamese("the challenge form");
            },
        },
    ],
});

/** The TV board of the challenge, for a user whose language is Vietnamese. */
registry.category("web_tour.tours").add("sales_gamification_vietnamese_tv", {
    steps: () => [
        {
            content: "The TV board, in Vietnamese, amounts in dong",
            trigger: ".o_sg_tv_board .o_sg_tv_row",
            run() {
                assertEqual(
                    [...document.querySelectorAll(".o_sg_tv_row")].map((row) =>
                        [
                            ...row.querySelectorAll(".o_sg_tv_name, .o_sg_tv_figures"),
                        ].map(textOf)
                    ),
                    [
                        [
                            "Nguyễn Thị Lan",
                            "12.345.678 ₫ / 50.000.000 ₫",
                            "2 / 4 giao dịch",
                        ],
                        ["Trần Văn Hùng", "0 ₫ / 50.000.000 ₫", "1 / 4 giao dịch"],
                    ],
                    "ranking"
                );
                assertNoEnglish(document.body, "the TV board");
            },
        },
    ],
});
