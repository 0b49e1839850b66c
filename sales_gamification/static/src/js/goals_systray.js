/* Copyright 2026 Sales Gamification contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
odoo.define('sales_gamification.GoalsSystray', function (require) {
"use strict";

var bus = require('bus.bus').bus;
var core = require('web.core');
var session = require('web.session');
var SystrayMenu = require('web.SystrayMenu');
var Widget = require('web.Widget');

var QWeb = core.qweb;

// Bus channel of the congratulations (see res_users.py).
var RECOGNITION_CHANNEL = 'sales_gamification.recognition';

/**
 * A salesperson's goals of the running periods, in the top bar of every
 * screen (the CRM pipeline included): how many are reached at a glance, and
 * each goal's progress in the dropdown.
 */
var GoalsSystray = Widget.extend({
    template: 'sales_gamification.GoalsSystray',
    events: {
        'show.bs.dropdown': '_onShow',
        'click .o_sg_goal, .o_sg_all_goals': '_onOpenMyGoals',
    },

    willStart: function () {
        var self = this;
        var isSalesman = session.user_has_group('sales_team.group_sale_salesman')
            .then(function (has) {
                self.isSalesman = has;
            });
        return $.when(this._super.apply(this, arguments), isSalesman);
    },
    start: function () {
        if (!this.isSalesman) {
            this.$el.addClass('hidden');
        } else {
            this._update();
        }
        // Goals reached and badges received are celebrated at once, with
        // the rainbow man that CRM shows on a won deal.
        bus.on('notification', this, this._onNotification);
        return this._super.apply(this, arguments);
    },

    _update: function () {
        var self = this;
        return this._rpc({
            model: 'gamification.goal',
            method: 'get_my_running_goals',
            args: [],
        }).then(function (goals) {
            var reached = _.filter(goals, function (goal) {
                return goal.state === 'reached';
            }).length;
            self.$('.o_sg_goals_counter').text(
                goals.length ? reached + '/' + goals.length : '');
            self.$('.o_sg_goals_list').html(QWeb.render(
                'sales_gamification.GoalsSystray.list', {goals: goals}));
        });
    },

    _onNotification: function (notifications) {
        var self = this;
        _.each(notifications, function (notification) {
            var channel = notification[0];
            var message = notification[1];
            if (_.isArray(channel) && channel[1] === RECOGNITION_CHANNEL) {
                self.trigger_up('show_effect', {
                    // The rainbow man shows its message as HTML.
                    message: _.escape(message.title + ' ' + message.message),
                    img_url: message.img_url,
                    fadeout: 'slow',
                });
                if (self.isSalesman) {
                    self._update();
                }
            }
        });
    },
    _onShow: function () {
        this._update();
    },
    _onOpenMyGoals: function (event) {
        event.preventDefault();
        this.do_action('sales_gamification.gamification_goal_action_my_goals');
    },
});

SystrayMenu.Items.push(GoalsSystray);

return GoalsSystray;
});
