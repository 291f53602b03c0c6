#!/usr/bin/env python3
"""Serves a built lab (dist/) the way a static host does: compressed.

`python3 scripts/serve.py [--port 8080] [--bind 127.0.0.1] [--directory dist]`

For a request of FILE whose `Accept-Encoding` allows it, sends the precompressed `FILE.br`
(brotli) or `FILE.gz` (gzip) that `scripts/compress-dist.sh` wrote next to it, with
`Content-Encoding` and `Vary: Accept-Encoding`; otherwise FILE itself. `.wasm` goes out as
`application/wasm` (streaming compilation). Standard library only.
"""

import argparse
import functools
import http.server
import os
import sys


def accepted(header):
    """The content codings an Accept-Encoding header allows (q=0 excludes one)."""
    codings = set()
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        name = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if name and q > 0:
            codings.add(name)
    return codings


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = dict(
        http.server.SimpleHTTPRequestHandler.extensions_map,
        **{".wasm": "application/wasm", ".js": "text/javascript", ".css": "text/css"},
    )

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if os.path.isfile(path):
            codings = accepted(self.headers.get("Accept-Encoding"))
            for coding, suffix in (("br", ".br"), ("gzip", ".gz")):
                if coding in codings and os.path.isfile(path + suffix):
                    return self.send_encoded(path, path + suffix, coding)
        return super().send_head()

    def send_encoded(self, original, encoded, coding):
        try:
            f = open(encoded, "rb")
        except OSError:
            return super().send_head()
        size = os.fstat(f.fileno()).st_size
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(original))
        self.send_header("Content-Encoding", coding)
        self.send_header("Content-Length", str(size))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return f


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--directory", default="dist")
    args = parser.parse_args()
    handler = functools.partial(Handler, directory=args.directory)
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            sys.exit(0)


if __name__ == "__main__":
    main()
