/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {
    assertEqual,
    openSettingsGamification,
    textOf,
} from "./sales_gamification_tour_utils";

/** The administrator finds Gamification in Settings, without developer mode. */
registry.category("web_tour.tours").add("sales_gamification_admin", {
    url: "/odoo",
    steps: () => [
        ...openSettingsGamification(),
        {
            content: "Its four screens",
            trigger:
                ".dropdown-menu [data-menu-xmlid='sales_gamification.menu_gamification_goal']",
            run() {
                assertEqual(
                    [
                        ...this.anchor
                            .closest(".dropdown-menu")
                            .querySelectorAll("[data-menu-xmlid]"),
                    ].map(textOf),
                    ["Challenges", "Goals", "Quotas", "Goal Definitions", "Badges"],
                    "Gamification menu"
                );
                this.anchor.click();
            },
        },
        {
            content: "Goals, with the size of the sample behind each value",
            trigger: ".o_list_view th[data-name=sample_size]",
        },
    ],
});
