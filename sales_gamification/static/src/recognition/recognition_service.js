/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {onWillUnmount} from "@odoo/owl";
// Registers the stock rainbow man, which this one wraps.
import "@web/core/effects/effect_service";
import {RainbowMan} from "@web/core/effects/rainbow_man";
import {registry} from "@web/core/registry";

/**
 * Type of the bus notification that congratulates a salesperson: sent to
 * their partner (res.users._bus_send) when one of their goals is reached or
 * they receive a badge. Payload: {title, message, img_url}.
 */
export const RECOGNITION_NOTIFICATION = "sales_gamification/recognition";

const effects = registry.category("effects");
const stockRainbowMan = effects.get("rainbow_man");
/** The rainbow man on the screen: {recognition, close}, or null. */
let onScreen = null;

/**
 * A rainbow man that is alone on the screen: it closes the one shown before
 * it. Ours are recognitions; a recognition is never covered by another
 * congratulation (CRM's "Deal of the last 7 days" on the same won deal).
 */
export class SingleRainbowMan extends RainbowMan {
    static props = {...RainbowMan.props, recognition: Boolean};

    setup() {
        super.setup();
        onScreen?.close();
        const shown = {recognition: this.props.recognition, close: this.props.close};
        onScreen = shown;
        onWillUnmount(() => {
            if (onScreen === shown) {
                onScreen = null;
            }
        });
    }
}

effects.add(
    "rainbow_man",
    (env, params = {}) => {
        const recognition = Boolean(params.recognition);
        if (onScreen?.recognition && !recognition) {
            return;
        }
        const effect = stockRainbowMan(env, params);
        if (effect) {
            return {Component: SingleRainbowMan, props: {...effect.props, recognition}};
        }
    },
    {force: true}
);

/**
 * Shows the congratulations at once, in whatever screen is open, with the
 * rainbow man that CRM shows on a won deal, in its place.
 */
export const recognitionService = {
    dependencies: ["bus_service", "effect"],
    start(env, {bus_service, effect}) {
        bus_service.subscribe(RECOGNITION_NOTIFICATION, ({title, message, img_url}) => {
            effect.add({
                type: "rainbow_man",
                // Plain text: the rainbow man escapes it.
                message: [title, message].filter(Boolean).join(" "),
                img_url,
                fadeout: "medium",
                recognition: true,
            });
        });
        bus_service.start();
    },
};

registry.category("services").add("sales_gamification.recognition", recognitionService);
