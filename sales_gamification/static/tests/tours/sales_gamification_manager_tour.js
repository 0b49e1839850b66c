/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {
    assertEqual,
    openChallenges,
    openWinLoss,
    textOf,
} from "./sales_gamification_tour_utils";

/**
 * Mai, a sales manager, configures the "Deals race" challenge of the Test
 * Sales Team (Ann and Bob) from CRM, without developer mode (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_manager", {
    url: "/odoo",
    steps: () => [
        ...openChallenges(),
        {
            content: "The running challenges",
            trigger: ".o_kanban_view .o_kanban_record:contains('Deals race')",
            run() {
                assertEqual(
                    textOf(document.querySelector(".o_breadcrumb .active")),
                    "Challenges",
                    "breadcrumb"
                );
                const cards = [
                    ...document.querySelectorAll(
                        ".o_kanban_record:not(.o_kanban_ghost)"
                    ),
                ];
                // Odoo's own onboarding challenges run beside it. Stock card:
                // name, goals, participants (Ann and Bob).
                assertEqual(
                    cards.map(textOf).filter((text) => text.startsWith("Deals race")),
                    ["Deals race1 Goals 2 Participants"],
                    "running challenge"
                );
            },
        },
        {
            content: "Open the challenge",
            trigger: ".o_kanban_view .o_kanban_record:contains('Deals race')",
            run: "click",
        },
        {
            content: "The challenge form, in five steps",
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row",
            run() {
                const form = document.querySelector(".o_form_view");
                const label = (name) => {
                    // Without the "?" of the field's help.
                    const node = form
                        .querySelector(`label[for^='${name}']`)
                        .cloneNode(true);
                    node.querySelectorAll("sup").forEach((sup) => sup.remove());
                    return textOf(node);
                };
                const value = (name) => {
                    const field = form.querySelector(`.o_field_widget[name=${name}]`);
                    const input = field && field.querySelector("input, select");
                    return input ? input.value : textOf(field);
                };
                assertEqual(value("name"), "Deals race", "name");
                assertEqual(
                    label("user_domain"),
                    "1. Who is challenged: a sales team, users, or a domain",
                    "step 1"
                );
                assertEqual(value("team_id"), "Test Sales Team", "team");
                assertEqual(
                    [
                        ...form.querySelectorAll(
                            ".o_field_widget[name=user_ids] .o_tag"
                        ),
                    ].map(textOf),
                    ["Ann", "Bob"],
                    "participants"
                );
                assertEqual(
                    form.querySelector(".o_field_widget[name=user_domain]"),
                    null,
                    "domain hidden"
                );
                assertEqual(label("manager_id"), "2. Responsible", "step 2");
                assertEqual(value("manager_id"), "Manager", "responsible");
                assertEqual(label("period"), "3. Period", "step 3");
                assertEqual(
                    [...form.querySelectorAll(".o_notebook .nav-link")].map(textOf),
                    [
                        "4. Goals",
                        "Quotas",
                        "5. Rewards",
                        "TV Board",
                        "Advanced Options",
                    ],
                    "tabs"
                );
                assertEqual(
                    Boolean(
                        form.querySelector(".o_field_widget[name=leaderboard_privacy]")
                    ),
                    true,
                    "privacy of a ranking"
                );
                assertEqual(
                    form.querySelector(".o_field_widget[name=leaderboard_top]"),
                    null,
                    "top N of a full ranking"
                );
                assertEqual(
                    [
                        ...form.querySelectorAll(
                            ".o_field_widget[name=line_ids] .o_data_row"
                        ),
                    ].map((row) => [
                        textOf(row.querySelector("[name=definition_id]")),
                        textOf(row.querySelector("[name=target_goal]")),
                    ]),
                    [["Won Opportunities", "4.00"]],
                    "goals"
                );
            },
        },
        {
            content: "The TV board's address",
            trigger: ".o_notebook .nav-link:contains('TV Board')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=tv_url] a",
            run() {
                const challengeId = new URL(location.href).pathname.split("/").pop();
                const url = new URL(this.anchor.getAttribute("href"), location.origin);
                assertEqual(
                    url.pathname,
                    `/sales_gamification/tv/${challengeId}`,
                    "board address"
                );
                assertEqual(url.searchParams.get("token").length, 32, "token");
            },
        },
        {
            trigger: ".o_form_view button[name=action_regenerate_tv_token]",
        },
        {
            content: "4. Goals: a goal added to the running challenge",
            trigger: ".o_notebook .nav-link:contains('4. Goals')",
            run: "click",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name=line_ids] .o_data_row [name=definition_id] input",
            run: "edit New Leads",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('New Leads')",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name=line_ids] .o_data_row [name=target_goal] input",
            run: "edit 1",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Its goals, at once",
            trigger: ".o_form_view button[name=action_view_period_goals]",
            run: "click",
        },
        {
            content: "The goals of the running period",
            trigger: ".o_breadcrumb .active:contains('Related Goals')",
        },
        {
            content: "Every salesperson has the new goal, with its value",
            trigger: ".o_list_view .o_data_row:contains('Won Opportunities')",
            run() {
                assertEqual(
                    [...document.querySelectorAll(".o_list_view .o_data_row")]
                        .map((row) =>
                            ["user_id", "definition_id", "current", "state"].map(
                                (name) => textOf(row.querySelector(`[name=${name}]`))
                            )
                        )
                        .filter((row) => row[1] === "New Leads"),
                    [
                        ["Ann", "New Leads", "4.00", "Reached"],
                        ["Bob", "New Leads", "3.00", "Reached"],
                    ],
                    "new goals"
                );
            },
        },
        {
            content: "Open CRM > Configuration",
            trigger: ".o_menu_sections button[data-menu-xmlid='crm.crm_menu_config']",
            run: "click",
        },
        {
            content: "Open Gamification > Goal Definitions",
            trigger:
                ".dropdown-menu [data-menu-xmlid='sales_gamification.menu_crm_gamification_goal_definition']",
            run: "click",
        },
        {
            content: "Open the Win Rate, a ratio",
            trigger: ".o_list_view .o_data_row td[name=name]:contains('Win Rate')",
            run: "click",
        },
        {
            content: "The fields of a ratio",
            trigger: ".o_form_view .o_field_widget[name=ratio_numerator_domain]",
            run() {
                const form = document.querySelector(".o_form_view");
                const shown = (name) =>
                    Boolean(form.querySelector(`.o_field_widget[name=${name}]`));
                assertEqual(
                    [
                        "model_id",
                        "field_id",
                        "field_date_id",
                        "domain",
                        "ratio_numerator_domain",
                        "min_sample",
                        "batch_mode",
                    ].map(shown),
                    [true, false, true, true, true, true, true],
                    "fields shown"
                );
                assertEqual(
                    form.querySelector(".o_field_widget[name=min_sample] input").value,
                    "5",
                    "minimum sample"
                );
            },
        },
        ...openWinLoss(),
        {
            content: "Won and lost per salesperson",
            trigger:
                ".o_pivot_view .o_pivot table tbody .o_pivot_header_cell_closed:contains('Bob')",
            run() {
                const table = document.querySelector(".o_pivot table");
                assertEqual(
                    [...table.querySelectorAll("thead .o_pivot_measure_row")].map(
                        textOf
                    ),
                    ["Won", "Lost", "Closed Deals", "Win Rate (%)"],
                    "measures"
                );
                assertEqual(
                    [...table.querySelectorAll("tbody tr")].map((row) => [
                        textOf(row.querySelector("th")),
                        ...[...row.querySelectorAll("td")].map(textOf),
                    ]),
                    [
                        ["Total", "4", "0", "4", "100.00"],
                        ["Ann", "3", "0", "3", "100.00"],
                        ["Bob", "1", "0", "1", "100.00"],
                    ],
                    "win/loss"
                );
            },
        },
        {
            content: "Open CRM > Configuration",
            trigger: ".o_menu_sections button[data-menu-xmlid='crm.crm_menu_config']",
            run: "click",
        },
        {
            content: "Open Gamification > Badges",
            trigger:
                ".dropdown-menu [data-menu-xmlid='sales_gamification.menu_crm_gamification_badge']",
            run: "click",
        },
        {
            content: "The manager grants the sales badges",
            trigger: ".o_kanban_view .o_kanban_record:contains('Top Salesperson')",
            run() {
                const cards = [...document.querySelectorAll(".o_kanban_record")].filter(
                    (card) =>
                        [
                            "Top Salesperson",
                            "First Deal Won",
                            "Deal Closer",
                            "Lead Hunter",
                        ].some((name) => textOf(card).includes(name))
                );
                assertEqual(
                    cards.map((card) => textOf(card).includes("Can not grant")),
                    [false, false, false, false],
                    "sales badges the manager may grant"
                );
            },
        },
    ],
});
