/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {assertEqual, textOf, winDeal} from "./sales_gamification_tour_utils";

/** The board's row of a salesperson: [rank, name, won deals]. */
function rowOf(name) {
    const row = [...document.querySelectorAll(".o_sg_tv_row")].find(
        (row) => textOf(row.querySelector(".o_sg_tv_name")) === name
    );
    return [".o_sg_tv_rank", ".o_sg_tv_name", ".o_sg_tv_value"].map((cell) =>
        textOf(row.querySelector(cell))
    );
}

/**
 * The TV board of the "Deals race" (Ann 3 won deals, Bob 1), opened with its
 * secret address; the wins come from elsewhere, the board hears of them on
 * the bus, also after its websocket dropped (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_tv", {
    steps: () => [
        {
            content: "The ranking, the team's total and the days left",
            trigger: ".o_sg_tv_board .o_sg_tv_row",
            run() {
                assertEqual(
                    [rowOf("Ann"), rowOf("Bob")],
                    [
                        ["1", "Ann", "3"],
                        ["2", "Bob", "1"],
                    ],
                    "rows"
                );
                const team = document.querySelector(".o_sg_tv_team");
                assertEqual(
                    [textOf(team), team.querySelector(".o_sg_tv_bar_fill").style.width],
                    ["Team 4 / 8 deals", "50%"],
                    "team total"
                );
                assertEqual(
                    textOf(
                        document.querySelector(".o_sg_tv_table thead th.o_sg_tv_goal")
                    ),
                    "Won Opportunities",
                    "goal header, its unit with each target"
                );
                assertEqual(
                    /^\d+ days left$|^Last day$/.test(
                        textOf(document.querySelector(".o_sg_tv_days_left"))
                    ),
                    true,
                    "days left"
                );
            },
        },
        {
            content: "Bob wins a deal: the board shows it, pushed over the bus",
            trigger: ".o_sg_tv_board",
            run: () => winDeal("Bob's Saigon deal"),
        },
        {
            content: "The win, celebrated",
            trigger: '.o_sg_tv_celebration:contains("Bob\'s Saigon deal")',
            run() {
                assertEqual(rowOf("Bob"), ["2", "Bob", "2"], "Bob's row");
                const win = document.querySelector(".o_sg_tv_win");
                assertEqual(
                    [
                        ".o_sg_tv_win_user",
                        ".o_sg_tv_win_name",
                        ".o_sg_tv_win_amount",
                    ].map((part) => textOf(win.querySelector(part))),
                    ["Bob", "Bob's Saigon deal", "$ 2,000.00"],
                    "latest win"
                );
            },
        },
        {
            content: "The connection drops",
            trigger: ".o_sg_tv_board",
            run() {
                window.dispatchEvent(new Event("offline"));
            },
        },
        {
            content: "The board says it is reconnecting",
            trigger: ".o_sg_tv_offline:contains('Reconnecting')",
            run: () => winDeal("Bob's Hue deal"),
        },
        {
            content: "The connection comes back",
            trigger: ".o_sg_tv_board",
            run() {
                window.dispatchEvent(new Event("online"));
            },
        },
        {
            content: "The win made while it was down is on the board",
            trigger:
                '.o_sg_tv_board:not(:has(.o_sg_tv_offline)) .o_sg_tv_win:contains("Bob\'s Hue deal")',
            timeout: 20000,
            run() {
                assertEqual(rowOf("Bob")[2], "3", "Bob's won deals");
            },
        },
    ],
});
