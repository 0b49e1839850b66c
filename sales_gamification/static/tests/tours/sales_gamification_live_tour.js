/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";
import {assertEqual, textOf} from "./sales_gamification_tour_utils";

/** Calls ``method`` of ``model`` as the tour's user, as the web client does. */
function call(model, method, args) {
    return rpc(`/web/dataset/call_kw/${model}/${method}`, {
        model,
        method,
        args,
        kwargs: {},
    });
}

/**
 * Bob opens the Leaderboard by its address (a bookmark, a shared link): the
 * same rows as from the menu. Then My Goals, while one of his deals is won
 * elsewhere: the card moves without a reload (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_live", {
    url: "/odoo/sales-leaderboard",
    steps: () => [
        {
            content: "The Leaderboard opened by its address shows the ranking",
            trigger: ".o_list_view .o_data_row.text-info.fw-bold",
            run() {
                assertEqual(
                    [...document.querySelectorAll(".o_list_view .o_data_row")].map(
                        (row) => [
                            textOf(row.querySelector("[name=rank]")),
                            textOf(row.querySelector("[name=name]")),
                        ]
                    ),
                    [
                        ["1", "Ann"],
                        ["2", "Bob"],
                    ],
                    "leaderboard rows"
                );
            },
        },
        {
            content: "Open CRM > My Goals",
            trigger:
                ".o_menu_sections [data-menu-xmlid='sales_gamification.menu_crm_my_goals']",
            run: "click",
        },
        {
            content: "My Goals before the win: 1 of 4 deals",
            trigger: ".o_kanban_view .o_sg_goal_progress:contains('1 / 4 deals')",
            async run() {
                // Bob's deal is won in another tab.
                const [lead] = await call("crm.lead", "search_read", [
                    [["name", "=", "Bob's Saigon deal"]],
                    ["id"],
                ]);
                await call("crm.lead", "action_set_won", [[lead.id]]);
            },
        },
        {
            content: "The card follows the win, without a reload",
            trigger: ".o_kanban_view .o_sg_goal_progress:contains('2 / 4 deals')",
        },
    ],
});
