#!/usr/bin/env python3
"""A local receiver for trying notifications: prints every JSON webhook (apprise json://) and
Mattermost/Slack-style incoming webhook (mmost://) it gets on 127.0.0.1. Ctrl-C stops it.

  python scripts/notify_receiver.py --port 8025
  # config/notify.toml:  [[target]]  name = "local"  url = "json://127.0.0.1:8025/hook"
"""
from __future__ import annotations

import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            data = json.loads(body)
            title, text = data.get("title", ""), data.get("message", data.get("text", ""))
        except ValueError:
            title, text = "(not JSON)", body.decode("utf-8", "replace")
        print(f"=== {self.path} {title}\n{text}\n", flush=True)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=8025)
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"listening on http://127.0.0.1:{args.port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
