/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {assertEqual, openCrm, textOf} from "./sales_gamification_tour_utils";

/**
 * Ann, 3 of her 4 won deals of the month in the "Deals race", wins her
 * "Hanoi Textile renewal" in the pipeline: the congratulation, the trophy
 * and My Goals follow without a reload (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_win", {
    url: "/odoo",
    steps: () => [
        ...openCrm(),
        {
            content: "The top bar before the win: no goal reached out of one",
            trigger: ".o_menu_systray .o_sg_goals_counter:contains('0/1')",
        },
        {
            content: "Open the deal in the pipeline",
            trigger:
                ".o_kanban_view .o_kanban_record:contains('Hanoi Textile renewal')",
            run: "click",
        },
        {
            content: "Mark it won",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='action_set_won_rainbowman']",
            run: "click",
        },
        {
            content: "The deal is won (CRM's own congratulation came with the answer)",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Won')",
        },
        {
            content: "One congratulation: the goal reached, alone on the screen",
            trigger: ".o_reward:contains('Goal reached!')",
            run() {
                assertEqual(
                    [
                        ...document.querySelectorAll(".o_reward .o_reward_msg_content"),
                    ].map(textOf),
                    ["Goal reached! Won Opportunities: 4 of 4 deals."],
                    "congratulations on the screen"
                );
            },
        },
        {
            content: "The top bar counts the goal reached",
            trigger: ".o_menu_systray .o_sg_goals_counter:contains('1/1')",
            run: "click",
        },
        {
            content: "All my goals",
            trigger: ".o_sg_goals_systray_menu .o_sg_all_goals",
            run: "click",
        },
        {
            content: "My Goals: the goal reached",
            trigger:
                ".o_kanban_view .o_kanban_record:has(.o_sg_goal_progress:contains('4 / 4'))",
            run() {
                const card = this.anchor;
                assertEqual(
                    [
                        textOf(card.querySelector(".o_sg_goal_progress")),
                        textOf(card.querySelector(".o_sg_goal_state")),
                        card.querySelector(".o_progress").getAttribute("aria-valuenow"),
                    ],
                    ["4 / 4 deals", "Reached", "100"],
                    "goal card"
                );
            },
        },
    ],
});
