/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {Component, onWillStart, useState} from "@odoo/owl";
import {Dropdown} from "@web/core/dropdown/dropdown";
import {useDropdownState} from "@web/core/dropdown/dropdown_hooks";
import {registry} from "@web/core/registry";
import {user} from "@web/core/user";
import {useService} from "@web/core/utils/hooks";
import {useGoalsChanged} from "@sales_gamification/recognition/goals_changed";

/**
 * A salesperson's goals of the running periods, in the top bar of every
 * screen (the CRM pipeline included): how many are reached at a glance, and
 * each goal's progress in the dropdown. Other users see nothing.
 */
export class GoalsSystray extends Component {
    static components = {Dropdown};
    static props = {};
    static template = "sales_gamification.GoalsSystray";

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.dropdown = useDropdownState();
        this.ui = useState(useService("ui"));
        this.state = useState({isSalesman: false, goals: []});

        onWillStart(async () => {
            this.state.isSalesman = await user.hasGroup(
                "sales_team.group_sale_salesman"
            );
            await this.load();
        });

        // A goal moved or reached, a badge received: the counter follows.
        useGoalsChanged(() => this.load());
    }

    /** On a phone, the dropdown takes the screen's width under the top bar,
     * as Odoo's messaging menu does. */
    get menuClass() {
        const small = this.ui.isSmall
            ? " o_sg_goals_systray_menu_small start-0 w-100 mt-0 border-0 shadow-lg"
            : "";
        return "o_sg_goals_systray_menu p-0" + small;
    }

    get reachedCount() {
        return this.state.goals.filter((goal) => goal.state === "reached").length;
    }

    async load() {
        if (this.state.isSalesman) {
            this.state.goals = await this.orm.call(
                "gamification.goal",
                "get_my_running_goals",
                []
            );
        }
    }

    openMyGoals() {
        this.dropdown.close();
        this.action.doAction("sales_gamification.gamification_goal_action_my_goals", {
            clearBreadcrumbs: true,
        });
    }
}

registry
    .category("systray")
    .add("sales_gamification.goals_systray", {Component: GoalsSystray}, {sequence: 30});
