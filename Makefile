# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
#
# The commands README.md names. Everything they make lives in .state/.
# ODOO_SRC may name an Odoo 18.0 source tree (default: ../shared/odoo-18.0).
.PHONY: demo test stock-tests lint bench latency load large stop shell clean

# Serve Odoo 18 with the addon and demo data on http://localhost:8069;
# DEMO_LANG=vi_VN: a company in Vietnam, in Vietnamese, in its own database
demo:
	DEMO_LANG=$(DEMO_LANG) scripts/devenv demo

# Fresh test database, then the test suite; T=path runs one file or test
test:
	scripts/devenv test $(T)

# Odoo's own tests of gamification, sale_crm and crm beside the addon
stock-tests:
	scripts/devenv stock-tests

# The OCA's checks of .pre-commit-config.yaml, on every file
lint:
	scripts/devenv lint

# Refresh and save costs against stock Odoo 18; N=50,200,2000 by default
bench:
	scripts/devenv bench $(N)

# From a won deal's commit to the TV board, in headless Chromium
latency:
	scripts/devenv latency

# A busy sales floor (50 TV boards, 20 salespeople) against prefork Odoo,
# one server then two on one database; ARGS=--rate: rising rates until the
# boards lag, beside a database without the addon
load:
	scripts/devenv load $(ARGS)

# The cron's refresh and a period close at 2,000 salespeople, 10 KPIs and
# 200,000 leads: time, memory, queries, EXPLAIN
large:
	scripts/devenv large

# Stop the project's PostgreSQL cluster
stop:
	scripts/devenv stop

# Odoo shell on the demo database (DEMO_LANG as for demo)
shell:
	DEMO_LANG=$(DEMO_LANG) scripts/devenv shell

# Stop the cluster and delete .state/ (virtualenv, databases, logs)
clean:
	scripts/devenv clean
