/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {assertEqual, textOf} from "./sales_gamification_tour_utils";

/** A TV board before the period's first win says so (test_tours.py). */
registry.category("web_tour.tours").add("sales_gamification_tv_empty", {
    steps: () => [
        {
            content: "No win yet, and the board says so",
            trigger: ".o_sg_tv_board .o_sg_tv_wins",
            run() {
                assertEqual(
                    [
                        textOf(document.querySelector(".o_sg_tv_no_wins")),
                        document.querySelectorAll(".o_sg_tv_win").length,
                    ],
                    ["No wins yet this period: the first deal won shows here.", 0],
                    "latest wins"
                );
            },
        },
    ],
});
