/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {KanbanController} from "@web/views/kanban/kanban_controller";
import {kanbanView} from "@web/views/kanban/kanban_view";
import {useGoalsChanged} from "@sales_gamification/recognition/goals_changed";

/**
 * CRM > My Goals: the cards follow the goals live. A deal won in another
 * tab, or by a colleague's hand-over, moves them without a reload.
 */
export class MyGoalsKanbanController extends KanbanController {
    setup() {
        super.setup();
        // The cards as they are (filters, grouping), loaded again; not
        // before the first load.
        useGoalsChanged(() => this.model.root?.load());
    }
}

registry.category("views").add("sales_gamification_my_goals", {
    ...kanbanView,
    Controller: MyGoalsKanbanController,
});
