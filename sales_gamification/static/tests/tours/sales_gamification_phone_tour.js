/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {
    assertEqual,
    assertWholeOnScreen,
    overflow,
    textOf,
} from "./sales_gamification_tour_utils";

/**
 * Ann on the road, at 390 x 844: the trophy's dropdown fits the screen,
 * every goal's name, figures and pace whole (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_phone", {
    url: "/odoo",
    steps: () => [
        {
            content: "The trophy in the top bar",
            trigger: ".o_menu_systray .o_sg_goals_systray",
            run: "click",
        },
        {
            content: "The dropdown fits the phone's screen",
            trigger: ".o_sg_goals_systray_menu .o_sg_goal:contains('Total Invoiced')",
            run() {
                const menu = document.querySelector(".o_sg_goals_systray_menu");
                const goals = [...menu.querySelectorAll(".o_sg_goal")];
                assertWholeOnScreen([menu, ...goals], "the dropdown and its goals");
                assertEqual(
                    goals.map((goal) => textOf(goal.querySelector(".o_sg_goal_name"))),
                    ["Total Invoiced", "Won Opportunities"],
                    "goals"
                );
            },
        },
    ],
});

/**
 * Ann's Leaderboard at 390 x 844: one card per salesperson, whole on the
 * screen, her own highlighted, no selection boxes (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_phone_leaderboard", {
    url: "/odoo/sales-leaderboard",
    steps: () => [
        {
            content: "The ranking as cards that fit the phone",
            trigger: ".o_kanban_view .o_sg_leaderboard_card:contains('Bob')",
            run() {
                const group = document.querySelector(".o_kanban_group");
                const cards = [...group.querySelectorAll(".o_sg_leaderboard_card")];
                assertEqual(
                    cards.map((card) => [
                        textOf(card.querySelector(".o_sg_leaderboard_rank")),
                        textOf(card.querySelector(".o_sg_leaderboard_name")),
                        textOf(card.querySelector(".o_sg_leaderboard_reached")),
                        textOf(card.querySelector(".o_sg_leaderboard_lines")),
                        Boolean(card.querySelector(".o_sg_leaderboard_me")),
                    ]),
                    [
                        [
                            "1",
                            "Ann",
                            "0 goals reached",
                            "Total Invoiced 0% · Won Opportunities 25%",
                            true,
                        ],
                        [
                            "2",
                            "Bob",
                            "0 goals reached",
                            "Total Invoiced 0% · Won Opportunities 0%",
                            false,
                        ],
                    ],
                    "cards"
                );
                assertWholeOnScreen(cards, "cards");
                assertEqual(
                    document.querySelectorAll(".o_list_record_selector").length,
                    0,
                    "nothing to select"
                );
            },
        },
    ],
});

/**
 * Ann's My Goals at 390 x 844: each card whole on the screen, its figures
 * and pace readable (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_phone_my_goals", {
    steps: () => [
        {
            content: "My Goals, as cards that fit the phone",
            trigger: ".o_kanban_view .o_sg_goal_card:contains('Total Invoiced')",
            run() {
                const cards = [...document.querySelectorAll(".o_sg_goal_card")];
                assertEqual(
                    cards.map((card) => [
                        textOf(card.querySelector(".o_sg_goal_definition")),
                        textOf(card.querySelector(".o_sg_goal_progress")),
                    ]),
                    [
                        ["Total Invoiced", "$ 0.00 / $ 20,000.00"],
                        ["Won Opportunities", "1 / 4 deals"],
                    ],
                    "cards"
                );
                assertWholeOnScreen(cards, "cards");
            },
        },
    ],
});

/**
 * Ann thanks a colleague from her phone, at 390 x 844: the Thank You badge
 * and its dialog fit the screen (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_phone_thank_you", {
    steps: () => [
        {
            content: "The Thank You badge, whole on the screen",
            trigger: ".o_kanban_record:contains('Thank You') button:contains('Grant')",
            run(helpers) {
                const card = document.querySelector(
                    ".o_kanban_record:not(.o_kanban_ghost)"
                );
                assertWholeOnScreen([card], "badge card");
                helpers.click();
            },
        },
        {
            content: "The dialog to thank a colleague fits the phone",
            trigger: ".modal .o_field_widget[name=user_id] input",
            run() {
                const dialog = document.querySelector(".modal .modal-content");
                const fields = [
                    ...dialog.querySelectorAll(
                        ".o_field_widget[name=user_id], .o_field_widget[name=comment]"
                    ),
                ];
                assertEqual(
                    [fields.length, ...fields.map(overflow)],
                    [2, 0, 0],
                    "the dialog's fields"
                );
                assertWholeOnScreen([dialog], "dialog");
            },
        },
    ],
});

/**
 * Bob opens the wins feed on his phone, at 390 x 844: Ann's win is posted
 * whole on the screen, the amount on one line and uncut (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_phone_wins_feed", {
    steps: () => [
        {
            content: "Ann's win, in the channel",
            trigger: ".o-mail-Message:contains('won Hanoi Textile renewal')",
            run() {
                const message = [...document.querySelectorAll(".o-mail-Message")].find(
                    (element) => textOf(element).includes("won Hanoi Textile renewal")
                );
                const body = message.querySelector(".o-mail-Message-body");
                const amount = "$ 1,234,567.89";
                assertEqual(
                    [...body.querySelectorAll("p, li")].map(textOf),
                    [
                        `🏆 Ann won Hanoi Textile renewal for Test Customer: ${amount}`,
                        "Won Opportunities: 2 / 4 deals (Monthly targets)",
                    ],
                    "the post"
                );
                assertWholeOnScreen([message, body], "the post");
                // The amount's own boxes on the screen: one line, inside the
                // post, which nothing hides.
                const node = [...body.querySelectorAll("p")]
                    .flatMap((p) => [...p.childNodes])
                    .find((child) => textOf(child).includes(amount));
                const range = document.createRange();
                // One blank for one: the amount's no-break space counts as one.
                const start = node.textContent.replace(/\s/g, " ").indexOf(amount);
                range.setStart(node, start);
                range.setEnd(node, start + amount.length);
                const box = body.getBoundingClientRect();
                assertEqual(
                    [...range.getClientRects()].map(
                        (rect) =>
                            rect.left >= Math.floor(box.left) &&
                            rect.right <= Math.ceil(box.right) &&
                            rect.right <= window.innerWidth
                    ),
                    [true],
                    "the amount, whole on one line"
                );
            },
        },
    ],
});
