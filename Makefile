# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
#
# The commands README.md names. Everything they make lives in .state/.
.PHONY: demo test bench latency stop shell clean

# Serve Odoo with the addon and demo data on http://localhost:8069
demo:
	scripts/devenv demo

# Fresh test database, then the test suite; T=path runs one file or test
test:
	scripts/devenv test $(T)

# Refresh cost of sales goals against stock Odoo; N=50,200,500 by default
bench:
	scripts/devenv bench $(N)

# From a won deal's commit to the TV board, in headless Chromium
latency:
	scripts/devenv latency

# Stop the project's PostgreSQL cluster
stop:
	scripts/devenv stop

# Odoo shell on the demo database
shell:
	scripts/devenv shell

# Stop the cluster and delete .state/ (virtualenv, databases, logs)
clean:
	scripts/devenv clean
