# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
#
# The project's own PostgreSQL cluster (own socket folder and port), and
# the databases the commands make in it.
# Sourced by scripts/devenv, whose settings (STATE, VENV, LOGDIR, ...) it uses.

find_pg_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    done
    if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return
    fi
    die "PostgreSQL server binaries (initdb, pg_ctl) are required: apt-get install postgresql"
}

is_root() { [ "$(id -u)" = 0 ]; }

# PostgreSQL refuses to run as root: as root, the cluster belongs to the
# 'postgres' user.
as_pg_owner() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# The cluster lives in .state/pg unless the 'postgres' user cannot reach it
# there or the socket path would be too long; then in a folder of /tmp named
# after this checkout.
pg_dir() {
    local dir=$STATE/pg
    mkdir -p "$STATE"
    if [ ${#dir} -gt 80 ] || { is_root && ! runuser -u postgres -- test -x "$STATE" 2>/dev/null; }; then
        dir=/tmp/sales_gamification-pg-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)
    fi
    echo "$dir"
}

pg_ready() {
    local bin dir
    bin=$(find_pg_bin)
    dir=$(pg_dir)
    PGHOST=$dir
    export PGHOST PGPORT=$PG_PORT
    mkdir -p "$dir" "$LOGDIR"
    is_root && chown postgres: "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        say "creating the PostgreSQL cluster in $dir/data"
        as_pg_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust \
            -E UTF8 --locale=C >"$LOGDIR/initdb.log" 2>&1 \
            || { cat "$LOGDIR/initdb.log" >&2; die "initdb failed"; }
    fi
    if ! as_pg_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        PG_STARTED=1
        # A development cluster: durability is traded for speed.
        as_pg_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgresql.log" -w \
            -o "-k $dir -p $PG_PORT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start >/dev/null || { tail -n 20 "$dir/postgresql.log" >&2; die "PostgreSQL did not start"; }
    fi
    if [ "$(psql -U postgres -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != 1 ]; then
        psql -U postgres -d postgres -qc "CREATE ROLE $DB_USER LOGIN SUPERUSER" >/dev/null
    fi
}

pg_stop() {
    local bin dir
    bin=$(find_pg_bin)
    dir=$(pg_dir)
    if [ -f "$dir/data/PG_VERSION" ] && as_pg_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_pg_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
        say "PostgreSQL stopped"
    fi
}

module_installed() {
    [ "$(psql -U "$DB_USER" -d "$1" -tAc \
        "SELECT state FROM ir_module_module WHERE name = '$ADDON'" 2>/dev/null)" = installed ]
}

# A new database with demo data for a company in the country of the
# language (vi_VN: Vietnam), its administrator in that language: what Odoo's
# database manager makes when given a language and a country.
localized_db() {
    local db=$1 conf=$2 lang=$3
    say "creating the database '$db' in $lang, for a company in ${lang#*_}"
    "$VENV/bin/python" - "$conf" "$db" "$lang" "${lang#*_}" <<'EOF' >"$LOGDIR/$db-create.log" 2>&1 \
        || { tail -n 30 "$LOGDIR/$db-create.log" >&2; die "could not create the database"; }
import sys
from odoo.tools import config
config.parse_config(["-c", sys.argv[1]])
from odoo.service import db
conf, name, lang, country = sys.argv[1:]
if name in db.list_dbs(True):
    db.exp_drop(name)
db.exp_create_database(name, True, lang, "admin", "admin", country)
EOF
}

# A new database with the addon installed (or the modules given), without
# demo data unless a fourth argument says 'demo'.
fresh_db() {
    local db=$1 conf=$2 modules=${3:-$ADDON} demo=${4:-}
    # New databases get demo data unless told otherwise.
    local flags=(--without-demo=all)
    [ "$demo" = demo ] && flags=()
    PGOPTIONS='--client-min-messages=warning' psql -U "$DB_USER" -d postgres \
        -qc "DROP DATABASE IF EXISTS $db"
    say "creating the database '$db' (log: $LOGDIR/$db-install.log)"
    odoo -c "$conf" -i "$modules" "${flags[@]}" --stop-after-init \
        --logfile="$LOGDIR/$db-install.log" \
        || { tail -n 30 "$LOGDIR/$db-install.log" >&2; die "installation failed"; }
}
