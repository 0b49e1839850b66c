# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The Odoo servers of load.py: odoo-bin in prefork mode, their memory and
their CPU time."""

import signal
import subprocess
from collections import defaultdict

import psutil

from bench_common import free_port, odoo_command, wait_for

# Seconds to wait for a server.
START_SECONDS = 120


class Server:
    """odoo-bin in prefork mode: HTTP workers, the gevent websocket server
    and a cron worker."""

    def __init__(self, config, database, workers, log):
        self.http_port, self.gevent_port = free_port(), free_port()
        self.cpu = {}
        self.process = subprocess.Popen(
            odoo_command()
            + [
                "-c",
                config,
                "-d",
                database,
                f"--db-filter=^{database}$",
                f"--workers={workers}",
                "--max-cron-threads=1",
                "--http-interface=127.0.0.1",
                f"--http-port={self.http_port}",
                f"--gevent-port={self.gevent_port}",
                f"--logfile={log}",
                "--log-level=info",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in (self.http_port, self.gevent_port):
            wait_for(f"http://127.0.0.1:{port}/web/health", START_SECONDS)

    def memory(self):
        """Resident memory of the server's processes, in bytes; also notes
        the CPU time of each (``cpu``: {pid: (kind, seconds)})."""
        try:
            parent = psutil.Process(self.process.pid)
            processes = [parent] + parent.children(recursive=True)
        except psutil.NoSuchProcess:
            return 0
        total = 0
        for process in processes:
            try:
                total += process.memory_info().rss
                times = process.cpu_times()
                command = " ".join(process.cmdline())
            except psutil.NoSuchProcess:
                continue
            kind = (
                "websocket server"
                if " gevent" in command
                else "main process"
                if process.pid == parent.pid
                else "workers"
            )
            self.cpu[process.pid] = (kind, times.user + times.system)
        return total

    def cpu_seconds(self):
        """{kind of process: CPU seconds} since the server started."""
        seconds = defaultdict(float)
        for kind, value in self.cpu.values():
            seconds[kind] += value
        return seconds

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
