/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {rpc} from "@web/core/network/rpc";
import {registry} from "@web/core/registry";
import {assertEqual, openChallenges} from "./sales_gamification_tour_utils";

/** The steps that add a quota row: goal, salesperson, target. */
function addQuota(goal, salesperson, target) {
    const row = ".o_field_widget[name=quota_ids] .o_data_row.o_selected_row";
    return [
        {
            content: `Add ${salesperson}'s quota`,
            trigger: ".o_field_widget[name=quota_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Pick the goal",
            trigger: `${row} .o_field_widget[name=definition_id] input`,
            run: `edit ${goal}`,
        },
        {
            content: "The goal offered",
            trigger: `.o-autocomplete--dropdown-item a:contains('${goal}')`,
            run: "click",
        },
        {
            content: "Pick the salesperson",
            trigger: `${row} .o_field_widget[name=user_id] input`,
            run: `edit ${salesperson}`,
        },
        {
            content: "The salesperson offered",
            trigger: `.o-autocomplete--dropdown-item a:contains('${salesperson}')`,
            run: "click",
        },
        {
            content: "The target",
            trigger: `${row} .o_field_widget[name=target] input`,
            run: `edit ${target}`,
        },
    ];
}

/**
 * Mai gives Ann, a junior, 3 deals and Bob, a senior, 8 in the "Deals race"
 * (test_tours.py): their running goals take them as soon as she saves.
 */
registry.category("web_tour.tours").add("sales_gamification_quotas", {
    url: "/odoo",
    steps: () => [
        ...openChallenges(),
        {
            content: "Open the challenge",
            trigger: ".o_kanban_view .o_kanban_record:contains('Deals race')",
            run: "click",
        },
        {
            content: "Open the Quotas tab",
            trigger: ".o_form_view .o_notebook a.nav-link:contains('Quotas')",
            run: "click",
        },
        ...addQuota("Won Opportunities", "Ann", "3"),
        ...addQuota("Won Opportunities", "Bob", "8"),
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: each running goal has its salesperson's target",
            trigger: ".o_form_view .o_form_saved",
            async run() {
                const goals = await rpc(
                    "/web/dataset/call_kw/gamification.goal/search_read",
                    {
                        model: "gamification.goal",
                        method: "search_read",
                        args: [
                            [
                                ["challenge_id.name", "=", "Deals race"],
                                ["closed", "=", false],
                            ],
                            ["user_id", "target_goal", "state"],
                        ],
                        kwargs: {order: "user_id"},
                    }
                );
                assertEqual(
                    goals.map((goal) => [
                        goal.user_id[1],
                        goal.target_goal,
                        goal.state,
                    ]),
                    [
                        ["Ann", 3, "reached"],
                        ["Bob", 8, "inprogress"],
                    ],
                    "goals"
                );
            },
        },
    ],
});
