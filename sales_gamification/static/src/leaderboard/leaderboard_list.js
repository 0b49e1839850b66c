/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";
import {listView} from "@web/views/list/list_view";

/**
 * CRM > Leaderboard. Its rows are built for the user who opens it, as the
 * challenges' privacy allows them: the list builds them before each load,
 * so that the menu, a reload and a shared link show the same rows.
 */
export class LeaderboardListModel extends listView.Model {
    async load(params = {}) {
        await this.orm.call("sales_gamification.leaderboard.line", "refresh_rows", []);
        return super.load(params);
    }
}

registry.category("views").add("sales_gamification_leaderboard", {
    ...listView,
    Model: LeaderboardListModel,
});
