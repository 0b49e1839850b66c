# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Package the addon the way Odoo 18 addons ship on PyPI.

``pip install .`` builds ``odoo-addon-sales_gamification``, which installs
the addon as ``odoo.addons.sales_gamification`` beside Odoo's own addons.
Its name, version, summary and dependencies (``odoo>=18.0a,<18.1dev`` and
any Python package of the manifest's ``external_dependencies``) are read
from ``sales_gamification/__manifest__.py`` by manifestoo-core, the library
behind OCA's ``whool``.
"""

from pathlib import Path

from manifestoo_core.metadata import metadata_from_addon_dir
from setuptools import setup

ADDON = "sales_gamification"
HERE = Path(__file__).resolve().parent

# The manifest's version as it is, without a git post-version.
METADATA = metadata_from_addon_dir(
    HERE / ADDON, {"post_version_strategy_override": "none"}
)
PACKAGE = "odoo.addons." + ADDON

setup(
    name=METADATA["Name"],
    version=METADATA["Version"],
    description=METADATA["Summary"],
    long_description=METADATA.get_payload(),
    long_description_content_type=METADATA.get("Description-Content-Type"),
    author=METADATA["Author"],
    url=METADATA["Home-page"],
    license=METADATA["License"],
    python_requires=METADATA["Requires-Python"],
    install_requires=METADATA.get_all("Requires-Dist", []),
    classifiers=METADATA.get_all("Classifier", []),
    package_dir={PACKAGE: ADDON},
    packages=[PACKAGE]
    + [
        PACKAGE + "." + ".".join(path.relative_to(HERE / ADDON).parts)
        for path in sorted((HERE / ADDON).rglob("*"))
        if path.is_dir()
        and path.name != "__pycache__"
        # migrations/18.0.1.1.0 is no package name: its files are the
        # package data of the folder above it.
        and all(part.isidentifier() for part in path.relative_to(HERE / ADDON).parts)
    ],
    package_data={"": ["*", "**/*"]},
    exclude_package_data={"": ["*.pyc", "__pycache__/*"]},
    include_package_data=True,
    zip_safe=False,
)
