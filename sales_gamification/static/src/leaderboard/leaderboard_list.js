/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {kanbanView} from "@web/views/kanban/kanban_view";
import {listView} from "@web/views/list/list_view";
import {registry} from "@web/core/registry";

/**
 * CRM > Leaderboard. Its rows are built for the user who opens it, as the
 * challenges' privacy allows them: the view builds them before each load,
 * so that the menu, a reload and a shared link show the same rows, as a
 * list on a desktop and as cards on a phone.
 */
function rowsBuiltOnLoad(Model) {
    return class extends Model {
        async load(params = {}) {
            await this.orm.call(
                "sales_gamification.leaderboard.line",
                "refresh_rows",
                []
            );
            return super.load(params);
        }
    };
}

export const LeaderboardListModel = rowsBuiltOnLoad(listView.Model);
export const LeaderboardKanbanModel = rowsBuiltOnLoad(kanbanView.Model);

registry.category("views").add("sales_gamification_leaderboard", {
    ...listView,
    Model: LeaderboardListModel,
    // A ranking to read: nothing to select.
    props: (genericProps, view) => ({
        ...listView.props(genericProps, view),
        allowSelectors: false,
    }),
});

registry.category("views").add("sales_gamification_leaderboard_kanban", {
    ...kanbanView,
    Model: LeaderboardKanbanModel,
});
