# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The clients of load.py and what they saw: a JSON-RPC session of the web
client, and a TV board on its websocket, which loads the board's data as the
board's Owl component does."""

import http.client
import json
import re
import threading
import time
from collections import defaultdict
from urllib.parse import urlencode

import websocket

# The TV board's bus notification (gamification_challenge_tv.py).
TV_NOTIFICATION = "sales_gamification/tv"
# The boards' language (the database's, without a frontend language).
LANG = "en_US"
# The won deals' place among the goals of a row of the board.
WON_LINE = 0


def number(text):
    """The number of a figure the board shows ('1,234 deals' -> 1234.0)."""
    match = re.search(r"-?[\d,]+(\.\d+)?", text or "")
    return float(match.group(0).replace(",", "")) if match else 0.0


class Stats:
    """What the clients saw, shared between their threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.saves = defaultdict(list)
        self.errors = defaultdict(int)
        # {kind: the first error's message}
        self.messages = {}
        # (seller id, won deals after the win, when the win's call was made,
        # when it returned: the win was committed)
        self.wins = []
        # Seconds from the cron made due to its run (None: it did not run).
        self.cron = None

    def save(self, kind, seconds):
        with self.lock:
            self.saves[kind].append(seconds)

    def error(self, kind, error=None):
        with self.lock:
            self.errors[kind] += 1
            if error is not None:
                self.messages.setdefault(kind, str(error)[:200])


class Session:
    """A JSON-RPC session of the web client, over one keep-alive
    connection."""

    def __init__(self, port, database, login):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""
        self.call_id = 0
        self.post(
            "/web/session/authenticate",
            {"db": database, "login": login, "password": login},
        )

    def post(self, path, params):
        self.call_id += 1
        body = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "id": self.call_id, "params": params}
        )
        headers = {"Content-Type": "application/json"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.connection.request("POST", path, body, headers)
        response = self.connection.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status} on {path}")
        result = json.loads(data)
        if "error" in result:
            raise RuntimeError(result["error"]["data"]["message"])
        return result.get("result")

    def call(self, model, method, *args, **kwargs):
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


class Board(threading.Thread):
    """A TV board: its websocket, and the loads of its data."""

    def __init__(self, server, data, stats, stop):
        super().__init__(daemon=True)
        self.server, self.data, self.stats, self.stop = server, data, stats, stop
        query = urlencode({"token": data["token"]})
        self.path = f"/sales_gamification/tv/{data['challenge']}/data?{query}"
        # {seller id: [(time figures were shown, won deals they showed)]}
        self.seen = defaultdict(list)
        self.version = -1
        self.loads = 0
        self.connected = threading.Event()

    def load(self, connection):
        try:
            connection.request("GET", self.path)
            response = connection.getresponse()
            payload = response.read()
            if response.status != 200:
                raise RuntimeError(response.status)
        except Exception:
            self.stats.error("board load")
            connection.close()
            return
        self.loads += 1
        self.show(json.loads(payload))

    def show(self, board):
        """As the board does: figures newer than those shown replace them."""
        if board["version"] <= self.version:
            return
        self.version = board["version"]
        now = time.time()
        for row in board["rows"]:
            self.seen[row["user_id"]].append(
                (now, number(row["goals"][WON_LINE]["current"]))
            )

    def run(self):
        from odoo.addons.bus.websocket import WebsocketConnectionHandler

        connection = http.client.HTTPConnection(
            "127.0.0.1", self.server.http_port, timeout=60
        )
        try:
            ws = websocket.create_connection(
                f"ws://127.0.0.1:{self.server.gevent_port}/websocket"
                f"?version={WebsocketConnectionHandler._VERSION}",
                timeout=30,
                # Browsers check UTF-8 in native code; websocket-client's
                # check, in Python, would weigh on the server's two cores.
                skip_utf8_validation=True,
            )
            channel = (
                f"sales_gamification_tv:{self.data['challenge']}:{self.data['token']}"
            )
            ws.send(
                json.dumps(
                    {
                        "event_name": "subscribe",
                        "data": {"channels": [channel], "last": 0},
                    }
                )
            )
        except Exception:
            self.stats.error("board websocket")
            return
        self.load(connection)
        self.connected.set()
        ws.settimeout(0.2)
        while not self.stop.is_set():
            try:
                message = ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            except Exception:
                if not self.stop.is_set():
                    self.stats.error("board websocket")
                break
            if not self.told(message):
                continue
            # What the bus says during a load is loaded once after it.
            again = True
            while again:
                self.load(connection)
                again = False
                ws.settimeout(0)
                try:
                    while True:
                        again = self.told(ws.recv()) or again
                except (websocket.WebSocketTimeoutException, BlockingIOError):
                    pass
                except Exception:
                    break
                finally:
                    ws.settimeout(0.2)
        ws.close()
        connection.close()

    def told(self, message):
        """Shows the figures ``message`` brings; whether the board must load
        them instead (another language than the board's)."""
        load = False
        for item in json.loads(message or "[]"):
            notification = item["message"]
            payload = notification["payload"]
            if (
                notification["type"] != TV_NOTIFICATION
                or payload.get("id") != self.data["challenge"]
            ):
                continue
            if payload.get("board") and payload.get("lang") == LANG:
                self.show(payload["board"])
            else:
                load = True
        return load

    def latency(self, seller, count, started, committed):
        """Seconds from a win's commit to the board first showing it (0 when
        the board showed it before the call that won it returned)."""
        for when, shown in self.seen[seller]:
            if shown >= count and when >= started:
                return max(0.0, when - committed)
        return None
