/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {onWillUnmount} from "@odoo/owl";
import {useService} from "@web/core/utils/hooks";
import {RECOGNITION_NOTIFICATION} from "./recognition_service";

/**
 * Type of the bus notification sent to a salesperson's partner when one of
 * their goals moves (res.users._notify_goals_moved), after the commit.
 */
export const GOALS_NOTIFICATION = "sales_gamification/goals";

/**
 * Calls ``callback`` whenever the user's goals move or they are
 * congratulated, as long as the component is on the screen.
 */
export function useGoalsChanged(callback) {
    const busService = useService("bus_service");
    const onChange = () => callback();
    for (const type of [GOALS_NOTIFICATION, RECOGNITION_NOTIFICATION]) {
        busService.subscribe(type, onChange);
    }
    onWillUnmount(() => {
        for (const type of [GOALS_NOTIFICATION, RECOGNITION_NOTIFICATION]) {
            busService.unsubscribe(type, onChange);
        }
    });
}
