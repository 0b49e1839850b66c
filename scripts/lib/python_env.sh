# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
#
# Python, the pinned packages and the Odoo 18.0 source tree: the virtualenv
# that every command runs Odoo from, and Odoo's configuration per database.
# Sourced by scripts/devenv, whose settings (STATE, VENV, LOGDIR, ...) it uses.

python_ok() {
    "$1" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' 2>/dev/null
}

find_python() {
    local candidate
    for candidate in "${SG_PYTHON:-}" \
        $(ls -d "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.1[012].*/bin/python3 2>/dev/null | sort -rV) \
        "$(command -v python3.12 || true)" "$(command -v python3.11 || true)" \
        "$(command -v python3.10 || true)" "$(command -v python3 || true)"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] && python_ok "$candidate"; then
            echo "$candidate"
            return
        fi
    done
    die "Python 3.10, 3.11 or 3.12 is required (Odoo 18): install one, e.g. 'pyenv install 3.12'"
}

# The Odoo 18.0 source tree; prints its path.
odoo_src() {
    local src=${ODOO_SRC:-}
    if [ -z "$src" ] && [ -d "$ROOT/../shared/odoo-18.0" ]; then
        src=$(cd "$ROOT/../shared/odoo-18.0" && pwd)
    fi
    if [ -z "$src" ]; then
        src=$STATE/odoo
        if [ ! -f "$src/odoo/release.py" ]; then
            say "cloning Odoo 18.0 into $src"
            rm -rf "$src"
            git clone --quiet --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$src" \
                || die "could not clone Odoo 18.0: set ODOO_SRC to an Odoo 18.0 source tree"
        fi
    fi
    [ -f "$src/odoo/release.py" ] && grep -q "^version_info = (18, 0," "$src/odoo/release.py" \
        || die "$src is not an Odoo 18.0 source tree: set ODOO_SRC to one"
    echo "$src"
}

venv_ready() {
    local python stamp src site
    src=$(odoo_src)
    stamp=$(cat "$ROOT/requirements.txt" "$ROOT/constraints.txt" | cksum | cut -d' ' -f1)
    if [ ! -f "$VENV/.stamp" ] || [ "$(cat "$VENV/.stamp")" != "$stamp" ]; then
        python=$(find_python)
        mkdir -p "$STATE" "$LOGDIR"
        if [ ! -x "$VENV/bin/python" ] || ! python_ok "$VENV/bin/python"; then
            say "creating the virtualenv in $VENV ($("$python" --version))"
            rm -rf "$VENV"
            "$python" -m venv "$VENV"
        fi
        say "installing the pinned packages (a few minutes the first time; log: $LOGDIR/pip.log)"
        if ! PIP_CONSTRAINT=$ROOT/constraints.txt "$VENV/bin/python" -m pip install \
            --disable-pip-version-check -r "$ROOT/requirements.txt" >"$LOGDIR/pip.log" 2>&1; then
            tail -n 20 "$LOGDIR/pip.log" >&2
            die "pip install failed (psycopg2 needs 'apt-get install libpq-dev'); see $LOGDIR/pip.log"
        fi
        echo "$stamp" >"$VENV/.stamp"
    fi
    # Odoo is imported from its source tree, never copied: a .pth file puts
    # it on the virtualenv's path.
    site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo "$src" >"$site/odoo-src.pth"
}

# Odoo configuration for one database; prints its path.
odoo_conf() {
    local db=$1 conf=$STATE/odoo-$1.conf src
    src=$(odoo_src)
    cat >"$conf" <<EOF
[options]
db_host = $PGHOST
db_port = $PG_PORT
db_user = $DB_USER
db_password = False
db_name = $db
dbfilter = ^$db\$
addons_path = $src/odoo/addons,$src/addons,$ROOT
data_dir = $STATE/data
http_port = $HTTP_PORT
gevent_port = $((HTTP_PORT + 3))
EOF
    echo "$conf"
}

odoo() {
    "$VENV/bin/python" "$(odoo_src)/odoo-bin" "$@"
}
