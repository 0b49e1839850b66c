/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { assertEqual, textOf } from "./sales_gamification_tour_utils";

/** The administrator finds Gamification in Settings, without developer mode. */
registry.category("web_tour.tours").add("sales_gamification_admin", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Settings",
            trigger: ".o_app[data-menu-xmlid='base.menu_administration']",
            run: "click",
        },
        {
            content: "Open Gamification",
            trigger:
                ".o_menu_sections button[data-menu-xmlid='sales_gamification.menu_gamification_root']",
            run: "click",
        },
        {
            content: "Its four screens",
            trigger: ".dropdown-menu [data-menu-xmlid='sales_gamification.menu_gamification_goal']",
            run() {
                assertEqual(
                    [
                        ...this.anchor
                            .closest(".dropdown-menu")
                            .querySelectorAll("[data-menu-xmlid]"),
                    ].map(textOf),
                    ["Challenges", "Goals", "Goal Definitions", "Badges"],
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
