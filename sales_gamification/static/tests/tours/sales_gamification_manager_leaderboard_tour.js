/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {assertEqual, textOf} from "./sales_gamification_tour_utils";

/**
 * Mai, the team's leader, takes part in no challenge: CRM > Leaderboard
 * shows her every running challenge she runs, every salesperson's row,
 * whatever the privacy; nobody has invoiced yet, so Ann and Bob share the
 * 1st place of the Invoicing race (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_manager_leaderboard", {
    url: "/odoo/sales-leaderboard",
    steps: () => [
        {
            content: "The team's challenges, ranked",
            trigger: ".o_list_view .o_group_header:contains('Invoicing race')",
            run() {
                assertEqual(
                    [...document.querySelectorAll(".o_list_view .o_group_name")].map(
                        textOf
                    ),
                    ["Deals race (2)", "Invoicing race (2)"],
                    "one ranking per challenge"
                );
                assertEqual(
                    [...document.querySelectorAll(".o_list_view .o_data_row")].map(
                        (row) =>
                            [
                                "rank",
                                "rank_change_display",
                                "name",
                                "lines_summary",
                            ].map((name) => textOf(row.querySelector(`[name=${name}]`)))
                    ),
                    [
                        ["1", "", "Ann", "Won Opportunities 75%"],
                        ["2", "", "Bob", "Won Opportunities 25%"],
                        ["1", "", "Ann", "Total Invoiced 0%"],
                        ["1", "", "Bob", "Total Invoiced 0%"],
                    ],
                    "rows"
                );
            },
        },
    ],
});
