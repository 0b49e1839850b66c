# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
#
# What some commands need from Debian, installed with apt when the command
# runs as root: nginx for WORKERS=N, Chromium for the browser tests, Node.js
# for the checks of pre-commit.
# Sourced by scripts/devenv, whose settings (STATE, VENV, LOGDIR, ...) it uses.

# Installs Debian's package $1 (which provides the command $2) unless the
# command is there; $3 says what it is for.
apt_ready() {
    local package=$1 command=$2 purpose=$3
    command -v "$command" >/dev/null && return
    is_root || die "$purpose needs $command: apt-get install $package"
    say "installing Debian's $package for $purpose (log: $LOGDIR/apt.log)"
    mkdir -p "$LOGDIR"
    (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $package) \
        >"$LOGDIR/apt.log" 2>&1 || { tail -n 20 "$LOGDIR/apt.log" >&2; die "could not install $package"; }
}

chromium_ready() { apt_ready chromium chromium "the browser tests"; }

# pre-commit's prettier hook runs on the machine's Node.js and npm.
node_ready() { apt_ready "nodejs npm" npm "the checks of pre-commit"; }

# nginx on port $1 in front of Odoo's HTTP workers ($2) and its websocket
# server ($3), as Odoo's deployment guide sets it up.
nginx_start() {
    local dir=$STATE/nginx-$1 forwarded
    apt_ready nginx nginx "WORKERS (nginx in front of Odoo)"
    mkdir -p "$dir/temp"
    forwarded='proxy_set_header X-Forwarded-Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Real-IP $remote_addr;'
    cat >"$dir/nginx.conf" <<EOF
$(is_root && echo "user root;")
worker_processes 1;
pid $dir/nginx.pid;
error_log $LOGDIR/nginx-$1.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    client_max_body_size 64m;
    map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
    server {
        listen $1;
        proxy_read_timeout 720s;
        location /websocket {
            proxy_pass http://127.0.0.1:$3;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
        $forwarded
        }
        location / {
            proxy_pass http://127.0.0.1:$2;
            proxy_redirect off;
        $forwarded
        }
    }
}
EOF
    nginx -c "$dir/nginx.conf" -p "$dir" || die "nginx did not start (log: $LOGDIR/nginx-$1.log)"
    NGINX_PID_FILE=$dir/nginx.pid
}

nginx_stop() {
    if [ -n "${NGINX_PID_FILE:-}" ] && [ -f "$NGINX_PID_FILE" ]; then
        kill "$(cat "$NGINX_PID_FILE")" 2>/dev/null || true
    fi
}
