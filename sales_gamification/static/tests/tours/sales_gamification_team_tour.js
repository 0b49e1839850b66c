/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {assertEqual, openCrm, textOf} from "./sales_gamification_tour_utils";

/**
 * Ann's team against Beta this month (test_tours.py): the Leaderboard ranks
 * the teams, Ann's in bold; the "Deal a month" ranking beside it ranks the
 * salespeople.
 */
registry.category("web_tour.tours").add("sales_gamification_team_leaderboard", {
    url: "/odoo",
    steps: () => [
        ...openCrm(),
        {
            content: "Open CRM > Leaderboard",
            trigger:
                ".o_menu_sections [data-menu-xmlid='sales_gamification.menu_crm_leaderboard']",
            run: "click",
        },
        {
            content: "The teams' ranking",
            trigger: ".o_list_view .o_data_row:contains('Beta')",
            run() {
                const group = [
                    ...document.querySelectorAll(".o_list_view .o_group_header"),
                ].find((header) => textOf(header).startsWith("Team race"));
                const rows = [];
                let row = group.nextElementSibling;
                while (row && row.classList.contains("o_data_row")) {
                    rows.push([
                        textOf(row.querySelector("[name=rank]")),
                        textOf(row.querySelector("[name=name]")),
                        textOf(row.querySelector("[name=lines_summary]")),
                        row.classList.contains("fw-bold"),
                    ]);
                    row = row.nextElementSibling;
                }
                assertEqual(
                    rows,
                    [
                        ["1", "Test Sales Team", "Won Opportunities 100%", true],
                        ["2", "Beta", "Won Opportunities 0%", false],
                    ],
                    "team ranking"
                );
            },
        },
    ],
});

/** The TV board of the team race: one row per team (test_tours.py). */
registry.category("web_tour.tours").add("sales_gamification_tv_teams", {
    steps: () => [
        {
            content: "One row per team",
            trigger: ".o_sg_tv_board .o_sg_tv_row:contains('Beta')",
            run() {
                assertEqual(
                    [...document.querySelectorAll(".o_sg_tv_row")].map((row) => [
                        textOf(row.querySelector(".o_sg_tv_rank")),
                        textOf(row.querySelector(".o_sg_tv_name")),
                        textOf(row.querySelector(".o_sg_tv_figures")),
                    ]),
                    [
                        ["1", "Test Sales Team", "1 / 1 deals"],
                        ["2", "Beta", "0 / 1 deals"],
                    ],
                    "teams"
                );
            },
        },
    ],
});
