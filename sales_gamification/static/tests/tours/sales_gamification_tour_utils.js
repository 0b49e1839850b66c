/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {rpc} from "@web/core/network/rpc";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

/** The steps that open CRM from the home menu. */
export function openCrm() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open CRM",
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            run: "click",
        },
    ];
}

/** The steps that open CRM > Configuration > Challenges, as a manager. */
export function openChallenges() {
    return [
        ...openCrm(),
        {
            content: "Open CRM > Configuration",
            trigger: ".o_menu_sections button[data-menu-xmlid='crm.crm_menu_config']",
            run: "click",
        },
        {
            content: "Open Gamification > Challenges",
            trigger:
                ".dropdown-menu [data-menu-xmlid='sales_gamification.menu_crm_gamification_challenge']",
            run: "click",
        },
    ];
}

/** The steps that open Settings > Gamification, as an administrator. */
export function openSettingsGamification() {
    return [
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
    ];
}

/** The steps that open CRM > Reporting > Win/Loss, from CRM. */
export function openWinLoss() {
    return [
        {
            content: "Open CRM > Reporting",
            trigger: ".o_menu_sections button[data-menu-xmlid='crm.crm_menu_report']",
            run: "click",
        },
        {
            content: "Open Win/Loss",
            trigger:
                ".dropdown-menu [data-menu-xmlid='sales_gamification.menu_crm_win_loss']",
            run: "click",
        },
    ];
}

/** The text of an element as a reader sees it: blanks collapsed. */
export function textOf(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : null;
}

/** Fails the tour unless ``actual`` is exactly ``expected``. */
export function assertEqual(actual, expected, what) {
    const shown = (value) => JSON.stringify(value);
    if (shown(actual) !== shown(expected)) {
        throw new Error(`${what}: expected ${shown(expected)}, got ${shown(actual)}`);
    }
}

/** What of ``element`` lies outside the screen's width, in pixels. */
export function overflow(element) {
    const rect = element.getBoundingClientRect();
    return Math.max(
        0,
        -Math.floor(rect.left),
        Math.ceil(rect.right) - window.innerWidth
    );
}

/**
 * Fails the tour unless each of ``elements`` is whole on the screen: nothing
 * of it off the screen's width, nothing of its content cut (scrolled away),
 * and the page itself does not scroll sideways.
 */
export function assertWholeOnScreen(elements, what) {
    assertEqual(
        elements.map((element) => [
            overflow(element),
            element.scrollWidth <= element.clientWidth,
        ]),
        elements.map(() => [0, true]),
        `${what} whole on the screen`
    );
    assertEqual(
        document.documentElement.scrollWidth <= window.innerWidth,
        true,
        "no horizontal scroll"
    );
}

/**
 * Days left in the running month, today included, as a monthly goal
 * shows them ("Last day" on the last). The server's "today" is the user's; the tour users have no time
 * zone, hence UTC.
 */
export function daysLeftInMonth() {
    const today = luxon.DateTime.utc().startOf("day");
    const days =
        Math.round(today.endOf("month").startOf("day").diff(today, "days").days) + 1;
    return days === 1 ? "Last day" : `${days} days left`;
}

/**
 * Fails the tour if ``root`` shows any English string of the addon, that
 * is, any text that Vietnamese words differently. The strings come from
 * vi.po, put in the session by the test (test_tours.py): a tour without
 * them fails rather than check nothing.
 */
export function assertNoEnglish(root, what) {
    const strings = JSON.parse(sessionStorage.getItem("sales_gamification_english"));
    if (!strings || !strings.length) {
        throw new Error("No English strings to look for: the test sets them.");
    }
    const text = root.innerText.replace(/\s+/g, " ");
    const escape = (string) => string.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const found = strings.filter((string) =>
        new RegExp(`(^|[^\\p{L}])${escape(string)}($|[^\\p{L}])`, "u").test(text)
    );
    assertEqual(found, [], `English strings on ${what}`);
}

/** Mark the deal named ``name`` won, as the user of the tour. */
export async function winDeal(name) {
    const call = (method, args) =>
        rpc(`/web/dataset/call_kw/crm.lead/${method}`, {
            model: "crm.lead",
            method,
            args,
            kwargs: {},
        });
    const ids = await call("search", [[["name", "=", name]]]);
    await call("action_set_won", [ids]);
}
