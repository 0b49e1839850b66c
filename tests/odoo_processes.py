# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Real Odoo processes on databases of their own, for the tests that need
more than the test database: an upgrade, a crash."""

import configparser
import os
import shutil
import socket
import subprocess
import sys

import psycopg2

import odoo
from odoo.tools import SQL

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_BIN = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")


def write_config(source, target, database, addons_dir=ROOT):
    """A copy of the Odoo configuration ``source`` for ``database`` alone,
    whose addons path takes the addon from ``addons_dir``."""
    parser = configparser.ConfigParser()
    parser.read(source)
    paths = [
        p for p in parser["options"]["addons_path"].split(",") if p.rstrip("/") != ROOT
    ]
    parser["options"]["addons_path"] = ",".join(paths + [addons_dir])
    parser["options"]["db_name"] = database
    parser["options"]["dbfilter"] = "^%s$" % database
    with open(target, "w") as config:
        parser.write(config)
    return dict(parser["options"])


def run_odoo(config, database, *args, script=None):
    """``odoo-bin ARGS`` on ``database``, without HTTP, to its end; its
    standard output."""
    result = subprocess.run(
        [sys.executable, ODOO_BIN, *args, "-c", config, "-d", database, "--no-http"],
        input=script,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def connect(options, database="postgres"):
    """A connection in autocommit to ``database`` of the server that the
    configuration ``options`` names."""
    connection = psycopg2.connect(
        dbname=database,
        host=options.get("db_host") or None,
        port=options.get("db_port") or None,
        user=options.get("db_user") or None,
    )
    connection.autocommit = True
    return connection


def execute(connection, query):
    """Run the ``odoo.tools.SQL`` ``query``; its rows, if it returns any."""
    with connection.cursor() as cursor:
        cursor.execute(query.code, query.params)
        return cursor.fetchall() if cursor.description else None


def filestore(options, database):
    return os.path.join(options["data_dir"], "filestore", database)


def drop_database(options, database):
    """Drop ``database`` and its filestore, if they exist."""
    connection = connect(options)
    try:
        execute(connection, SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(database)))
    finally:
        connection.close()
    shutil.rmtree(filestore(options, database), ignore_errors=True)


def copy_database(options, template, database):
    """A new ``database``, a copy of ``template`` and of its filestore."""
    drop_database(options, database)
    connection = connect(options)
    try:
        execute(
            connection,
            SQL(
                "CREATE DATABASE %s TEMPLATE %s",
                SQL.identifier(database),
                SQL.identifier(template),
            ),
        )
    finally:
        connection.close()
    if os.path.isdir(filestore(options, template)):
        shutil.copytree(filestore(options, template), filestore(options, database))


def free_port():
    """A TCP port of the loopback that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
