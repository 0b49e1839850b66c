/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {
    assertEqual,
    daysLeftInMonth,
    openCrm,
    textOf,
} from "./sales_gamification_tour_utils";

/**
 * Ann, a salesperson with 3 of her 4 won deals of the month in the
 * "Deals race" challenge, against Bob with 1 (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_salesperson", {
    url: "/odoo",
    steps: () => [
        ...openCrm(),
        {
            content: "Open CRM > My Goals",
            trigger:
                ".o_menu_sections [data-menu-xmlid='sales_gamification.menu_crm_my_goals']",
            run: "click",
        },
        {
            content: "The goals of the running periods, by challenge",
            trigger:
                ".o_kanban_view .o_kanban_group:has(.o_column_title:contains('Deals race')) .o_kanban_record:has(.o_sg_goal_progress)",
            run() {
                assertEqual(
                    textOf(document.querySelector(".o_breadcrumb .active")),
                    "My Goals",
                    "breadcrumb"
                );
                assertEqual(
                    [
                        ...document.querySelectorAll(
                            ".o_kanban_group .o_column_title .text-truncate"
                        ),
                    ].map(textOf),
                    ["Deals race"],
                    "challenges"
                );
                assertEqual(
                    document.querySelectorAll(
                        ".o_kanban_record:has(.o_sg_goal_progress)"
                    ).length,
                    1,
                    "goal cards"
                );
                const card = this.anchor;
                assertEqual(
                    textOf(card.querySelector(".o_sg_goal_definition")),
                    "Won Opportunities",
                    "definition"
                );
                assertEqual(
                    textOf(card.querySelector(".o_sg_goal_progress")),
                    "3 / 4 deals",
                    "value / target"
                );
                assertEqual(
                    textOf(card.querySelector(".o_sg_goal_state")),
                    "In progress",
                    "state"
                );
                assertEqual(
                    card.querySelector(".o_progress").getAttribute("aria-valuenow"),
                    "75",
                    "completeness"
                );
                assertEqual(
                    textOf(card.querySelector(".o_sg_goal_days_left")),
                    daysLeftInMonth(),
                    "days left"
                );
                assertEqual(
                    textOf(card.querySelector(".o_sg_goal_challenge")),
                    "Deals race",
                    "challenge"
                );
                assertEqual(
                    card.querySelector(".o_sg_goal_sample"),
                    null,
                    "sample size of a count"
                );
            },
        },
        {
            content: "Open CRM > Leaderboard",
            trigger:
                ".o_menu_sections [data-menu-xmlid='sales_gamification.menu_crm_leaderboard']",
            run: "click",
        },
        {
            content: "The ranking, my row highlighted",
            trigger: ".o_list_view .o_data_row.text-info.fw-bold",
            run() {
                assertEqual(
                    textOf(document.querySelector(".o_breadcrumb .active")),
                    "Leaderboard",
                    "breadcrumb"
                );
                assertEqual(
                    [...document.querySelectorAll(".o_list_view .o_group_header")].map(
                        (group) => textOf(group.querySelector(".o_group_name"))
                    ),
                    ["Deals race (2)"],
                    "one ranking per challenge"
                );
                const rows = [...document.querySelectorAll(".o_list_view .o_data_row")];
                assertEqual(
                    rows.map((row) => [
                        textOf(row.querySelector("[name=rank]")),
                        textOf(row.querySelector("[name=name]")),
                        textOf(row.querySelector("[name=reached]")),
                        row
                            .querySelector("[name=completeness] .o_progress")
                            .getAttribute("aria-valuenow"),
                        textOf(row.querySelector("[name=lines_summary]")),
                        row.classList.contains("text-info") &&
                            row.classList.contains("fw-bold"),
                    ]),
                    [
                        ["1", "Ann", "0", "75", "Won Opportunities 75%", true],
                        ["2", "Bob", "0", "25", "Won Opportunities 25%", false],
                    ],
                    "leaderboard rows"
                );
                // A ranking to read: no selection box, each heading whole.
                const headings = [
                    ...document.querySelectorAll(".o_list_view thead th[data-name]"),
                ];
                assertEqual(
                    [
                        document.querySelectorAll(".o_list_record_selector").length,
                        headings
                            .filter((th) => {
                                const label = th.querySelector("span.text-truncate");
                                return label && label.scrollWidth > label.clientWidth;
                            })
                            .map(textOf),
                    ],
                    [0, []],
                    "selection boxes, headings cut"
                );
            },
        },
        {
            content: "The top bar: no goal reached out of one running",
            trigger:
                ".o_menu_systray .o_sg_goals_systray:has(.o_sg_goals_counter:contains('0/1'))",
            run: "click",
        },
        {
            content: "Each goal's progress in the dropdown",
            trigger: ".o_sg_goals_systray_menu .o_sg_goal",
            run() {
                const goals = [
                    ...document.querySelectorAll(".o_sg_goals_systray_menu .o_sg_goal"),
                ];
                assertEqual(
                    goals.map((goal) => [
                        textOf(goal.querySelector(".o_sg_goal_name")),
                        textOf(goal.querySelector(".o_sg_goal_progress")),
                        textOf(goal.querySelector(".o_sg_goal_days_left")),
                        goal
                            .querySelector(".progress-bar")
                            .getAttribute("aria-valuenow"),
                    ]),
                    [
                        [
                            "Won Opportunities",
                            "3 / 4 deals · Deals race",
                            daysLeftInMonth(),
                            "75",
                        ],
                    ],
                    "top bar goals"
                );
            },
        },
        {
            content: "All my goals",
            trigger: ".o_sg_goals_systray_menu .o_sg_all_goals",
            run: "click",
        },
        {
            content: "Back to My Goals",
            trigger: ".o_breadcrumb .active:contains('My Goals')",
        },
        {
            trigger:
                ".o_kanban_view .o_kanban_record .o_sg_goal_progress:contains('3 / 4')",
        },
    ],
});
