#!/usr/bin/env python3
"""A tiny webhook receiver for trying hookrelay out: prints each delivery and checks both
signatures (X-Authorization-HMAC-256 and Standard Webhooks) with the secret you give it.

    scripts/demo-receiver.py --port 9000 --secret s3cret
"""
import argparse
import base64
import hashlib
import hmac
import http.server


def standard_key(secret: str) -> bytes:
    if secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret[len("whsec_"):], validate=True)
        except ValueError:
            pass
    return secret.encode("utf-8")


def check(secret: str, headers, body: bytes) -> str:
    if not secret:
        return "no secret given: signatures not checked"
    hex_expected = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    hex_header = "X-Authorization-HMAC-256"
    hex_ok = hmac.compare_digest(headers.get(hex_header, ""), hex_expected)
    if not hex_ok and hmac.compare_digest(headers.get(hex_header + "-Previous", ""), hex_expected):
        # during a secret rotation's grace period the secret given here may be the previous one
        hex_header, hex_ok = hex_header + "-Previous", True
    signed = f"{headers.get('webhook-id')}.{headers.get('webhook-timestamp')}.".encode() + body
    expected = "v1," + base64.b64encode(hmac.new(standard_key(secret), signed, hashlib.sha256).digest()).decode()
    std_ok = any(hmac.compare_digest(expected, s) for s in headers.get("webhook-signature", "").split(" "))
    return f"{hex_header} {'valid' if hex_ok else 'INVALID'}, webhook-signature {'valid' if std_ok else 'INVALID'}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--secret", default="")
    parser.add_argument("--status", type=int, default=200, help="status code to answer with")
    args = parser.parse_args()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            print(f"{self.headers.get('X-Hookrelay-Event')} attempt {self.headers.get('X-Hookrelay-Attempt')} "
                  f"webhook-id {self.headers.get('webhook-id')}\n  body: {body.decode('utf-8')}\n  "
                  f"{check(args.secret, self.headers, body)}", flush=True)
            self.send_response(args.status)
            self.end_headers()
            self.wfile.write(b"thanks")

        def log_message(self, *unused):
            pass

    print(f"receiving on http://127.0.0.1:{args.port}/", flush=True)
    http.server.HTTPServer(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
