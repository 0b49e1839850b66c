# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""``pip install .`` builds odoo-addon-sales_gamification, which makes the
addon importable as odoo.addons.sales_gamification."""

import ast
import email.parser
import os
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROBE = """
import odoo
from odoo.modules import module
odoo.tools.config.parse_config([])
import odoo.addons.sales_gamification as addon
print(addon.__file__)
print(module.get_module_path("sales_gamification"))
print(module.get_manifest("sales_gamification")["version"])
"""


def _manifest_version():
    with open(os.path.join(ROOT, "sales_gamification", "__manifest__.py")) as f:
        return ast.literal_eval(f.read())["version"]


def test_wheel_installs_the_addon_in_the_odoo_addons_namespace(tmp_path):
    env = dict(os.environ, PIP_CONSTRAINT=os.path.join(ROOT, "constraints.txt"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            ROOT,
        ],
        check=True,
        env=env,
    )
    (wheel,) = os.listdir(str(tmp_path / "dist"))
    assert wheel == "odoo_addon_sales_gamification-%s-py3-none-any.whl" % (
        _manifest_version()
    )
    with zipfile.ZipFile(str(tmp_path / "dist" / wheel)) as archive:
        names = set(archive.namelist())
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = email.parser.HeaderParser().parsestr(
            archive.read(metadata_name).decode()
        )
    assert metadata["Name"] == "odoo-addon-sales_gamification"
    assert metadata["Version"] == _manifest_version() == "18.0.1.7.0"
    # Odoo 18 itself; its core addons (gamification, sale_crm, account) ship
    # with it, and the manifest names no Python package.
    assert metadata.get_all("Requires-Dist") == ["odoo==18.0.*"]
    assert metadata["Requires-Python"] == ">=3.10"
    assert "Framework :: Odoo :: 18.0" in metadata.get_all("Classifier")
    assert "odoo/addons/sales_gamification/__manifest__.py" in names
    assert "odoo/addons/sales_gamification/static/description/icon.png" in names
    # Odoo's own namespace files must never be overwritten.
    assert "odoo/__init__.py" not in names
    assert "odoo/addons/__init__.py" not in names

    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            "--target",
            str(site),
            str(tmp_path / "dist" / wheel),
        ],
        check=True,
        env=env,
    )
    out = (
        subprocess.run(
            [sys.executable, "-c", PROBE],
            check=True,
            cwd=str(tmp_path),
            stdout=subprocess.PIPE,
            env=dict(os.environ, PYTHONPATH=str(site)),
        )
        .stdout.decode()
        .split()
    )
    installed = str(site / "odoo" / "addons" / "sales_gamification")
    assert out == [
        os.path.join(installed, "__init__.py"),
        installed,
        _manifest_version(),
    ]
