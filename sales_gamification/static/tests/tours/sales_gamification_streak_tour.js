/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {assertEqual, textOf} from "./sales_gamification_tour_utils";

/**
 * The TV board of a challenge whose last two months Ann won and Bob missed:
 * Ann's streak of 2 shows next to her name, Bob has none (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_tv_streak", {
    steps: () => [
        {
            content: "Streaks next to the names",
            trigger: ".o_sg_tv_board .o_sg_tv_row .o_sg_tv_streak",
            run() {
                assertEqual(
                    [...document.querySelectorAll(".o_sg_tv_row")].map((row) => [
                        textOf(row.querySelector(".o_sg_tv_name")),
                        textOf(row.querySelector(".o_sg_tv_streak")),
                    ]),
                    [
                        ["Ann 2", "2"],
                        ["Bob", null],
                    ],
                    "streaks"
                );
            },
        },
    ],
});
