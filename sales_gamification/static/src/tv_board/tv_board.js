/** @odoo-module ignore */
/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */

/*
 * The TV board: draws the ranking, the goals' progress and the latest wins
 * from the board's data URL, then asks again every half second and redraws
 * when something changed. A deal won since the last poll is celebrated on
 * the whole screen. Plain DOM: the page runs without the web client, so the
 * file is a plain script, not an Odoo module (the marker on the first line).
 */
(function () {
    "use strict";

    var CELEBRATION_MS = 8000;

    function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text !== undefined && text !== null) {
            node.textContent = text;
        }
        return node;
    }

    function progressCell(goal) {
        var cell = el('td', 'o_sg_tv_goal');
        if (!goal) {
            return cell;
        }
        if (goal.reached) {
            cell.classList.add('o_sg_tv_reached');
        }
        cell.appendChild(el('div', 'o_sg_tv_value', goal.current));
        var bar = el('div', 'o_sg_tv_bar');
        var fill = el('div', 'o_sg_tv_bar_fill');
        fill.style.width = goal.completeness + '%';
        bar.appendChild(fill);
        cell.appendChild(bar);
        cell.appendChild(el('div', 'o_sg_tv_target', '/ ' + goal.target));
        return cell;
    }

    function drawRanking(board) {
        var thead = document.querySelector('.o_sg_tv_table thead');
        var tbody = document.querySelector('.o_sg_tv_table tbody');
        var head = el('tr');
        head.appendChild(el('th', 'o_sg_tv_rank', '#'));
        head.appendChild(el('th', 'o_sg_tv_name', ''));
        board.lines.forEach(function (line) {
            head.appendChild(el('th', 'o_sg_tv_goal',
                line.name + (line.suffix ? ' (' + line.suffix + ')' : '')));
        });
        thead.replaceChildren(head);
        var rows = board.rows.map(function (row) {
            var tr = el('tr', 'o_sg_tv_row o_sg_tv_rank_' + row.rank);
            tr.dataset.userId = row.user_id;
            tr.appendChild(el('td', 'o_sg_tv_rank', String(row.rank)));
            tr.appendChild(el('td', 'o_sg_tv_name', row.name));
            row.goals.forEach(function (goal) {
                tr.appendChild(progressCell(goal));
            });
            return tr;
        });
        tbody.replaceChildren.apply(tbody, rows);
    }

    function drawWins(board) {
        var list = document.querySelector('.o_sg_tv_wins_list');
        list.replaceChildren.apply(list, board.wins.map(function (win) {
            var item = el('li', 'o_sg_tv_win');
            item.dataset.leadId = win.id;
            item.appendChild(el('span', 'o_sg_tv_win_user', win.user));
            item.appendChild(el('span', 'o_sg_tv_win_name', win.name));
            item.appendChild(el('span', 'o_sg_tv_win_amount', win.amount));
            return item;
        }));
    }

    function celebrate(win) {
        var banner = document.querySelector('.o_sg_tv_celebration');
        var badge = el('img', 'o_sg_tv_celebration_badge');
        badge.src = '/sales_gamification/static/img/badge_deal_closer.png';
        badge.alt = '';
        banner.replaceChildren(
            badge,
            el('div', 'o_sg_tv_celebration_user', win.user),
            el('div', 'o_sg_tv_celebration_name', win.name),
            el('div', 'o_sg_tv_celebration_amount', win.amount));
        banner.hidden = false;
        clearTimeout(celebrate.timer);
        celebrate.timer = setTimeout(function () {
            banner.hidden = true;
        }, CELEBRATION_MS);
    }

    function start() {
        var body = document.body;
        var url = body.dataset.url;
        var pollMs = parseInt(body.dataset.pollMs, 10) || 500;
        var lastPayload = null;
        var knownWins = null;
        var version = 0;

        function draw(payload) {
            var board = JSON.parse(payload);
            document.querySelector('.o_sg_tv_period').textContent =
                board.start && board.end ? board.start + ' \u2013 ' + board.end : '';
            drawRanking(board);
            drawWins(board);
            var wins = board.wins.map(function (win) { return win.id; });
            if (knownWins !== null) {
                var fresh = board.wins.filter(function (win) {
                    return knownWins.indexOf(win.id) === -1;
                });
                if (fresh.length) {
                    celebrate(fresh[0]);
                }
            }
            knownWins = wins;
            // Read by the latency measurement: when the board last changed.
            version += 1;
            body.dataset.version = version;
            body.dataset.drawnAt = Date.now();
        }

        function poll() {
            fetch(url, {credentials: 'same-origin', cache: 'no-store'})
                .then(function (response) {
                    if (!response.ok) {
                        throw new Error(response.status);
                    }
                    return response.text();
                })
                .then(function (payload) {
                    document.querySelector('.o_sg_tv_offline').hidden = true;
                    if (payload !== lastPayload) {
                        lastPayload = payload;
                        draw(payload);
                    }
                })
                .catch(function () {
                    document.querySelector('.o_sg_tv_offline').hidden = false;
                })
                .then(function () {
                    setTimeout(poll, pollMs);
                });
        }
        poll();
    }

    document.addEventListener('DOMContentLoaded', start);
})();
