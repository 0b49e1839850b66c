# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Write the addon's README.md from its manifest and its readme/ fragments.

The OCA's ``oca-gen-addon-readme`` does this for the OCA's addons; it reads
the same fragments (DESCRIPTION, INSTALL, CONFIGURE, USAGE, ROADMAP) in the
same order. pre-commit runs it (.pre-commit-config.yaml), and fails when the
README.md it writes differs from the one committed.
"""

import ast
import sys
from pathlib import Path

ADDON = Path(__file__).resolve().parent.parent / "sales_gamification"
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("INSTALL.md", "Installation"),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
]
NOTICE = (
    "<!-- Written by scripts/addon_readme.py from __manifest__.py and readme/:"
    " edit those, not this file. -->"
)


def demoted(text):
    """``text`` with its headings one level down, under the section's own."""
    return "\n".join(
        "#" + line if line.startswith("#") else line for line in text.splitlines()
    )


def readme(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    parts = [NOTICE, "# %s" % manifest["name"], manifest["summary"]]
    for fragment, title in SECTIONS:
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        text = path.read_text().strip()
        parts += [text] if title is None else ["## %s" % title, demoted(text)]
    parts += [
        "## Credits",
        "Authors: %s. License: %s." % (manifest["author"], manifest["license"]),
    ]
    return "\n\n".join(parts) + "\n"


def main():
    target = ADDON / "README.md"
    text = readme(ADDON)
    if target.exists() and target.read_text() == text:
        return 0
    target.write_text(text)
    print("%s written" % target)
    return 1


if __name__ == "__main__":
    sys.exit(main())
