/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {assertEqual, openChallenges, textOf} from "./sales_gamification_tour_utils";

/**
 * Mai, a sales manager who leads the Test Sales Team (Ann and Bob), creates
 * the "Lead sprint" challenge through the form, starts it and checks it
 * (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_new_challenge", {
    url: "/odoo",
    steps: () => [
        ...openChallenges(),
        {
            content: "New challenge",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new",
            run: "click",
        },
        {
            content: "A new challenge starts as the manager's: their team, monthly",
            trigger: ".o_form_view .o_field_widget[name=team_id] input",
            run() {
                const value = (name) => {
                    const field = document.querySelector(
                        `.o_form_view .o_field_widget[name=${name}]`
                    );
                    const input = field.querySelector("input, select");
                    return input ? input.value : textOf(field);
                };
                assertEqual(
                    [value("team_id"), value("manager_id"), value("period")],
                    ["Test Sales Team", "Manager", '"monthly"'],
                    "defaults"
                );
                assertEqual(
                    document.querySelector(".o_form_view button[name=action_start]"),
                    null,
                    "no Start without goals"
                );
                assertEqual(
                    textOf(document.querySelector(".o_form_view .o_sg_who_hint")),
                    "The team's salespeople take part, and follow the team. Clear the team to pick salespeople one by one.",
                    "how to pick salespeople"
                );
            },
        },
        {
            content: "Clear the team, to pick salespeople",
            trigger: ".o_form_view .o_field_widget[name=team_id] input",
            run: "clear",
        },
        {
            content: "Leave the team's field",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "click",
        },
        {
            content: "Pick Ann",
            trigger: ".o_form_view .o_field_widget[name=user_ids] input",
            run: "edit Ann",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Ann')",
            run: "click",
        },
        {
            content: "Pick Bob",
            trigger:
                ".o_form_view .o_field_widget[name=user_ids] .o_tag:contains('Ann')",
            run() {
                const input = document.querySelector(
                    ".o_form_view .o_field_widget[name=user_ids] input"
                );
                input.value = "Bob";
                input.dispatchEvent(new Event("input", {bubbles: true}));
            },
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Bob')",
            run: "click",
        },
        {
            content: "Two salespeople picked, and no domain beside them",
            trigger:
                ".o_form_view .o_field_widget[name=user_ids] .o_tag:contains('Bob')",
            run() {
                const form = document.querySelector(".o_form_view");
                assertEqual(
                    [
                        [
                            ...form.querySelectorAll(
                                ".o_field_widget[name=user_ids] .o_tag"
                            ),
                        ].map(textOf),
                        form.querySelector(".o_field_widget[name=user_domain]"),
                        form.querySelector(".o_sg_who_hint"),
                    ],
                    [["Ann", "Bob"], null, null],
                    "who is challenged"
                );
            },
        },
        {
            content: "Name it",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Lead sprint",
        },
        {
            content: "4. Goals: add a line",
            trigger:
                ".o_form_view .o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Pick New Leads",
            trigger:
                ".o_field_widget[name=line_ids] .o_data_row [name=definition_id] input",
            run: "edit New Leads",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('New Leads')",
            run: "click",
        },
        {
            content: "Target: 3 leads",
            trigger:
                ".o_field_widget[name=line_ids] .o_data_row [name=target_goal] input",
            run: "edit 3",
        },
        {
            content: "5. Rewards",
            trigger: ".o_form_view .o_notebook .nav-link:contains('5. Rewards')",
            run: "click",
        },
        {
            content: "The period's best gets the badge, even with a goal missed",
            trigger: ".o_form_view .o_field_widget[name=reward_realtime]",
            run() {
                const form = document.querySelector(".o_form_view");
                const label = (name) =>
                    textOf(form.querySelector(`.o_form_label[for=${name}_0]`));
                const ticked = (name) =>
                    form.querySelector(`.o_field_widget[name=${name}] input`).checked;
                assertEqual(
                    [
                        label("reward_id"),
                        label("reward_first_id"),
                        label("reward_realtime"),
                        ticked("reward_realtime"),
                    ],
                    [
                        "Everyone Who Reaches Every Goal",
                        "Best Salesperson of the Period",
                        // "?": its help, what the option does.
                        "Badge the Moment Every Goal Is Reached?",
                        false,
                    ],
                    "rewards"
                );
            },
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Start",
            trigger: ".o_form_view .o_form_saved button[name=action_start]",
            run: "click",
        },
        {
            content: "Check it",
            trigger: ".o_form_view button[name=action_check]",
            run: "click",
        },
        {
            content: "Running",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('In Progress')",
        },
        {
            content: "Its goals",
            trigger: ".o_form_view button[name=action_view_period_goals]",
            run: "click",
        },
        {
            content: "A goal for each salesperson picked",
            trigger: ".o_breadcrumb .active:contains('Related Goals')",
        },
        {
            trigger: ".o_list_view .o_data_row",
            run() {
                assertEqual(
                    [
                        ...document.querySelectorAll(
                            ".o_list_view thead th[data-name]"
                        ),
                    ].map((th) => th.dataset.name),
                    [
                        "user_id",
                        "definition_id",
                        "current",
                        "target_goal",
                        "definition_suffix",
                        "completeness",
                        "state",
                    ],
                    "columns"
                );
                assertEqual(
                    [...document.querySelectorAll(".o_list_view .o_data_row")].map(
                        (row) =>
                            [
                                "user_id",
                                "definition_id",
                                "current",
                                "target_goal",
                                "state",
                            ].map((name) => textOf(row.querySelector(`[name=${name}]`)))
                    ),
                    // Leads and opportunities created this month: Ann's 3 won
                    // deals and her open one, Bob's won deal and his 2 open.
                    [
                        ["Ann", "New Leads", "4.00", "3.00", "Reached"],
                        ["Bob", "New Leads", "3.00", "3.00", "Reached"],
                    ],
                    "goals"
                );
            },
        },
    ],
});
