/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {assertEqual, textOf, winDeal} from "./sales_gamification_tour_utils";

/**
 * Ann in Discuss, on #sales-wins: her deal won elsewhere arrives in the
 * channel on the bus, where colleagues react to it (test_tours.py).
 */
registry.category("web_tour.tours").add("sales_gamification_feed", {
    steps: () => [
        {
            content: "The channel, open",
            trigger: ".o-mail-Thread",
            run: () => winDeal("Hanoi Textile renewal"),
        },
        {
            content: "The win, posted",
            trigger: ".o-mail-Message:contains('won Hanoi Textile renewal')",
            run() {
                const messages = [
                    ...document.querySelectorAll(".o-mail-Message"),
                ].filter((message) =>
                    textOf(message).includes("won Hanoi Textile renewal")
                );
                assertEqual(
                    messages.map((message) =>
                        [...message.querySelectorAll(".o-mail-Message-body p, li")].map(
                            textOf
                        )
                    ),
                    [
                        [
                            "🏆 Ann won Hanoi Textile renewal for Test Customer: $ 5,000.00",
                            "Won Opportunities: 4 / 4 deals (Deals race)",
                        ],
                    ],
                    "one post"
                );
            },
        },
        {
            content: "React to it",
            trigger: ".o-mail-Message:contains('won Hanoi Textile renewal')",
            run: "hover && click .o-mail-Message [title='Add a Reaction']",
        },
        {
            content: "Odoo's reactions",
            trigger: ".o-EmojiPicker",
        },
    ],
});
