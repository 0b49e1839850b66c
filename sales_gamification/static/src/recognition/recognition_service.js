/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import { registry } from "@web/core/registry";

/**
 * Type of the bus notification that congratulates a salesperson: sent to
 * their partner (res.users._bus_send) when one of their goals is reached or
 * they receive a badge. Payload: {title, message, img_url}.
 */
export const RECOGNITION_NOTIFICATION = "sales_gamification/recognition";

/**
 * Shows the congratulations at once, in whatever screen is open, with the
 * rainbow man that CRM shows on a won deal.
 */
export const recognitionService = {
    dependencies: ["bus_service", "effect"],
    start(env, { bus_service, effect }) {
        bus_service.subscribe(RECOGNITION_NOTIFICATION, ({ title, message, img_url }) => {
            effect.add({
                type: "rainbow_man",
                // Plain text: the rainbow man escapes it.
                message: [title, message].filter(Boolean).join(" "),
                img_url,
                fadeout: "medium",
            });
        });
        bus_service.start();
    },
};

registry.category("services").add("sales_gamification.recognition", recognitionService);
