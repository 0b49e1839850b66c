# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""``-u sales_gamification`` from the previous release of the addon keeps
what an administrator tuned.

The previous release is the newest commit whose manifest has another
version than this tree's. Its addon is installed in a database of its own,
an administrator's changes are made through the ORM, then the addon of this
tree updates the database, as a real upgrade does, in real Odoo processes.
"""

import ast
import base64
import json
import os
import subprocess

import pytest
from odoo_processes import ROOT, drop_database, run_odoo, write_config

MANIFEST = "sales_gamification/__manifest__.py"
DATABASE = "sales_gamification_upgrade"

# A 1x1 PNG: the badge image the administrator uploaded.
IMAGE = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef"
        "0000000049454e44ae426082"
    )
).decode()

TUNE = (
    """
env.ref("sales_gamification.definition_invoiced_amount").name = "Invoiced, untaxed"
challenge = env.ref("sales_gamification.challenge_monthly_sales_targets")
challenge.write({
    "name": "Targets of the week",
    "period": "weekly",
    "visibility_mode": "ranking",
    "leaderboard_privacy": "top",
    "leaderboard_top": 3,
})
env.ref(
    "sales_gamification.challenge_monthly_sales_targets_line_invoiced_amount"
).target_goal = 35000
env.ref("sales_gamification.badge_top_salesperson").write(
    {"name": "Seller of the week", "image_1920": %r}
)
# The administrator lets everyone grant Deal Closer.
env.ref("sales_gamification.badge_deal_closer").rule_auth = "everyone"
# A sales manager renames a definition.
manager = env["res.users"].with_context(no_reset_password=True).create({
    "name": "Mai", "login": "mai_upgrade",
    "groups_id": [(6, 0, env.ref("sales_team.group_sale_manager").ids)],
})
env.ref("sales_gamification.definition_new_leads").with_user(manager).name = "Leads in"
# Mai leads a team she is a member of, with one salesperson: she takes part
# in its challenge until the upgrade.
seller = env["res.users"].with_context(no_reset_password=True).create({
    "name": "Seller", "login": "seller_upgrade",
    "groups_id": [(6, 0, env.ref("sales_team.group_sale_salesman").ids)],
})
north = env["crm.team"].create({"name": "North", "user_id": manager.id})
env["crm.team.member"].create(
    [{"crm_team_id": north.id, "user_id": user.id} for user in (manager, seller)]
)
race = env["gamification.challenge"].create({
    "name": "North race", "team_id": north.id, "user_domain": False,
    "report_message_frequency": "never",
    "line_ids": [(0, 0, {
        "definition_id": env.ref("sales_gamification.definition_won_opportunities").id,
        "target_goal": 2,
    })],
})
race.action_start()
assert sorted(race.user_ids.mapped("login")) == ["mai_upgrade", "seller_upgrade"]
env.cr.commit()
"""
    % IMAGE
)

VERSION = """
module = env["ir.module.module"].search([("name", "=", "sales_gamification")])
print("RESULT " + module.latest_version)
"""

READ = """
import json
env = env(context={"lang": "en_US"})
challenge = env.ref("sales_gamification.challenge_monthly_sales_targets")
line = env.ref(
    "sales_gamification.challenge_monthly_sales_targets_line_invoiced_amount"
)
badge = env.ref("sales_gamification.badge_top_salesperson")
race = env["gamification.challenge"].search([("name", "=", "North race")])
print("RESULT " + json.dumps({
    "version": env["ir.module.module"].search(
        [("name", "=", "sales_gamification")]
    ).latest_version,
    "definition": env.ref("sales_gamification.definition_invoiced_amount").name,
    # Who each definition is counted within the reach of.
    "reach": [
        env.ref("sales_gamification.%s" % xmlid).reach_user_id.login or None
        for xmlid in ("definition_invoiced_amount", "definition_new_leads")
    ],
    "challenge": [
        challenge.name,
        challenge.period,
        challenge.visibility_mode,
        challenge.leaderboard_privacy,
        challenge.leaderboard_top,
        challenge.streak_length,
    ],
    "line": [line.target_goal, line.team_aggregate, line.karma_reached],
    "badge": [badge.name, badge.image_1920.decode()],
    # Who takes part in the team's race, and whose goals it has.
    "race": [
        race.user_ids.mapped("login"),
        sorted(
            env["gamification.goal"]
            .search([("challenge_id", "=", race.id)])
            .mapped("user_id.login")
        ),
    ],
    # Sales definitions before Odoo's onboarding ones.
    "sales": [
        env.ref(xmlid).is_sales
        for xmlid in (
            "sales_gamification.definition_new_leads",
            "gamification.definition_base_timezone",
        )
    ],
    # Who may grant the sales badges by hand.
    "rules": [
        env.ref("sales_gamification.%s" % xmlid).rule_auth
        for xmlid in ("badge_top_salesperson", "badge_deal_closer", "badge_thank_you")
    ],
}))
"""


def git(*args):
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def manifest_version(text):
    return ast.literal_eval(text)["version"]


def previous_release():
    """(commit, version) of the release before this tree's; None without
    the history (a shallow clone)."""
    with open(os.path.join(ROOT, MANIFEST)) as manifest:
        current = manifest_version(manifest.read())
    try:
        commits = git("log", "--format=%H", "--", MANIFEST).split()
    except (OSError, subprocess.CalledProcessError):
        return None
    for commit in commits:
        version = manifest_version(git("show", "%s:%s" % (commit, MANIFEST)))
        if version != current:
            return commit, version
    return None


def test_an_upgrade_keeps_what_the_administrator_tuned(request, tmp_path):
    release = previous_release()
    if release is None:
        pytest.skip("the previous release is not in this clone's history")
    commit, version = release
    old_addons = tmp_path / "previous"
    old_addons.mkdir()
    archive = subprocess.run(
        ["git", "archive", commit, "sales_gamification"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(old_addons)], input=archive, check=True)
    source = request.config.getoption("--odoo-config")
    old_config = str(tmp_path / "previous.conf")
    new_config = str(tmp_path / "current.conf")
    options = write_config(source, old_config, DATABASE, str(old_addons))
    write_config(source, new_config, DATABASE)
    drop_database(options, DATABASE)
    try:
        run_odoo(
            old_config,
            DATABASE,
            "-i",
            "sales_gamification",
            "--without-demo=all",
            "--stop-after-init",
        )
        run_odoo(old_config, DATABASE, "shell", script=TUNE)
        installed = run_odoo(old_config, DATABASE, "shell", script=VERSION)
        assert installed.split("RESULT ", 1)[1].strip() == version
        run_odoo(new_config, DATABASE, "-u", "sales_gamification", "--stop-after-init")
        after = json.loads(
            run_odoo(new_config, DATABASE, "shell", script=READ).split("RESULT ", 1)[1]
        )
    finally:
        drop_database(options, DATABASE)
    with open(os.path.join(ROOT, MANIFEST)) as manifest:
        current = manifest_version(manifest.read())
    assert after == {
        "version": current,
        "definition": "Invoiced, untaxed",
        # The administrator's definition counts every record; the one the
        # sales manager saved last counts what the manager may read.
        "reach": [None, "mai_upgrade"],
        # What the administrator set; the new settings at their defaults.
        "challenge": ["Targets of the week", "weekly", "ranking", "top", 3, 3],
        "line": [35000.0, "sum", 0],
        "badge": ["Seller of the week", IMAGE],
        # Sales managers grant the sales badges now, unless the administrator
        # chose otherwise.
        "rules": ["sales_managers", "everyone", "everyone"],
        # The team's leader runs its race, her goals gone.
        "race": [["seller_upgrade"], ["seller_upgrade"]],
        "sales": [True, False],
    }
