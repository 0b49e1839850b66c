/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {
    Component,
    onWillStart,
    onWillUnmount,
    useEffect,
    useRef,
    useState,
} from "@odoo/owl";
import {browser} from "@web/core/browser/browser";
import {_t} from "@web/core/l10n/translation";
import {deserializeDate, formatDate} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

/**
 * Bus notification sent to a challenge's board when its figures change
 * (gamification_challenge_tv.py, TV_NOTIFICATION). Payload: {id, lang,
 * board}: the figures, in the language `lang`, as the board's data URL
 * gives them.
 */
export const TV_NOTIFICATION = "sales_gamification/tv";
// How long a new win fills the screen.
const CELEBRATION_MS = 8000;
// Rows a screen can show legibly; the others are counted below them.
const SHOWN_ROWS = 10;
// A safety net for a connection that never says it dropped; also moves the
// days left at midnight.
const REFRESH_MS = 60000;
// The smallest a value is shrunk to, as a share of its size, to fit its
// column.
const MIN_VALUE_SCALE = 0.6;

/**
 * Shrinks each value of the board that is wider than its column until it
 * fits, so that no amount is cut or runs into its neighbour, whatever the
 * number of goals and the size of the screen.
 */
export function fitValues(root) {
    for (const value of root.querySelectorAll(".o_sg_tv_value")) {
        value.style.fontSize = "";
        const full = parseFloat(getComputedStyle(value).fontSize);
        let size = full;
        while (value.scrollWidth > value.clientWidth && size > full * MIN_VALUE_SCALE) {
            size *= 0.92;
            value.style.fontSize = `${size}px`;
        }
    }
}

/**
 * The TV board of a challenge, for the sales room's screen: the ranking,
 * each goal's progress, the team's total and the latest wins. It loads its
 * figures from the board's data URL, and each time the websocket connects:
 * what changed while it was down is not missed. When they change, the bus
 * brings them; a board in another language than the pushed figures loads
 * them. Each set of figures has a version (when the server read them): the
 * board keeps the newest. A deal won since the last figures is celebrated on
 * the whole screen.
 */
export class TvBoard extends Component {
    static template = "sales_gamification.TvBoard";
    static props = {
        challengeId: Number,
        name: String,
        dataUrl: String,
        channel: String,
        lang: {type: String, optional: true},
    };

    setup() {
        this.bus = useService("bus_service");
        this.root = useRef("root");
        this.state = useState({
            board: null,
            offline: false,
            celebration: null,
            version: 0,
        });
        this.version = -1;
        this.knownWins = null;
        this.loading = null;
        this.loadAgain = false;

        this.onNotification = ({id, lang, board}) => {
            if (id !== this.props.challengeId) {
                return;
            }
            if (board && lang === this.props.lang) {
                this.show(board);
            } else {
                this.load();
            }
        };
        this.onDisconnect = () => {
            this.state.offline = true;
        };
        this.onConnect = () => {
            this.state.offline = false;
            // What changed while the connection was down, or before it was
            // first made.
            this.load();
        };
        onWillStart(() => this.load());
        this.bus.subscribe(TV_NOTIFICATION, this.onNotification);
        this.bus.addEventListener("disconnect", this.onDisconnect);
        this.bus.addEventListener("connect", this.onConnect);
        this.bus.addEventListener("reconnect", this.onConnect);
        this.bus.addChannel(this.props.channel);
        this.refreshTimer = browser.setInterval(() => this.load(), REFRESH_MS);
        onWillUnmount(() => {
            this.bus.unsubscribe(TV_NOTIFICATION, this.onNotification);
            this.bus.removeEventListener("disconnect", this.onDisconnect);
            this.bus.removeEventListener("connect", this.onConnect);
            this.bus.removeEventListener("reconnect", this.onConnect);
            this.bus.deleteChannel(this.props.channel);
            browser.clearInterval(this.refreshTimer);
            browser.clearTimeout(this.celebrationTimer);
        });
        // Fitted again once the web fonts are in, and when the screen
        // changes size.
        useEffect(
            () => {
                const refit = () => fitValues(this.root.el);
                document.fonts.ready.then(refit);
                browser.addEventListener("resize", refit);
                return () => browser.removeEventListener("resize", refit);
            },
            () => []
        );
        // Read by `make latency`: when the screen last changed.
        useEffect(
            (version) => {
                fitValues(this.root.el);
                this.root.el.dataset.version = version;
                this.root.el.dataset.drawnAt = Date.now();
            },
            () => [this.state.version]
        );
    }

    /**
     * Loads the figures; a call while a load runs loads once more after it,
     * so that the last change is never missed.
     */
    load() {
        if (this.loading) {
            this.loadAgain = true;
            return this.loading;
        }
        this.loading = this.fetchBoard().finally(() => {
            this.loading = null;
            if (this.loadAgain) {
                this.loadAgain = false;
                this.load();
            }
        });
        return this.loading;
    }

    async fetchBoard() {
        let board;
        try {
            const response = await browser.fetch(this.props.dataUrl, {
                credentials: "same-origin",
                cache: "no-store",
            });
            if (!response.ok) {
                throw new Error(response.statusText);
            }
            board = await response.json();
        } catch {
            this.state.offline = true;
            return;
        }
        this.state.offline = false;
        this.show(board);
    }

    /**
     * Shows figures newer than those on the screen; older ones (a load that
     * took longer than a push) are dropped.
     */
    show(board) {
        if (board.version <= this.version) {
            return;
        }
        this.version = board.version;
        if (this.knownWins) {
            const fresh = board.wins.find((win) => !this.knownWins.has(win.id));
            if (fresh) {
                this.celebrate(fresh);
            }
        }
        this.knownWins = new Set(board.wins.map((win) => win.id));
        this.state.board = board;
        this.state.version++;
    }

    celebrate(win) {
        this.state.celebration = win;
        browser.clearTimeout(this.celebrationTimer);
        this.celebrationTimer = browser.setTimeout(() => {
            this.state.celebration = null;
        }, CELEBRATION_MS);
    }

    get period() {
        const {start, end} = this.state.board;
        if (!start || !end) {
            return "";
        }
        return `${formatDate(deserializeDate(start))} – ${formatDate(deserializeDate(end))}`;
    }

    get daysLeft() {
        const days = this.state.board.days_left;
        return days === 1 ? _t("Last day") : _t("%s days left", days);
    }

    get shownRows() {
        return this.state.board.rows.slice(0, SHOWN_ROWS);
    }

    get hiddenRows() {
        return Math.max(0, this.state.board.rows.length - SHOWN_ROWS);
    }

    get hasTeamTotal() {
        return this.state.board.lines.some((line) => line.team);
    }

    barStyle(goal) {
        return `width: ${goal.completeness}%`;
    }
}

registry.category("public_components").add("sales_gamification.tv_board", TvBoard);
