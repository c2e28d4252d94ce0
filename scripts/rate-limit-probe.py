#!/usr/bin/env python3
# Measures a webhook's rate limit from the receiver's side, against a running hookrelay:
#   scripts/rate-limit-probe.py http://127.0.0.1:8080 N M
# creates a tenant (admin token: the ADMIN below, or HOOKRELAY_ADMIN_TOKEN), a webhook with
# rateLimitPerSecond=N pointing at a receiver of its own on 127.0.0.1, sends M events as fast as it
# can, and prints the arrival rate and the most arrivals in any sliding second (the server must
# allow private networks: HOOKRELAY_SECURITY_SSRF_ALLOW_PRIVATE_NETWORKS=true). docs/delivery-controls.md
# has a run.
import json, time, threading, http.server, urllib.request, socketserver, sys, http.client
ADMIN = __import__("os").environ.get("HOOKRELAY_ADMIN_TOKEN", "probe-admin-token-0123456789abcdef")
arr = []
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        arr.append(time.time()); n = int(self.headers.get('Content-Length', 0)); self.rfile.read(n)
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer): daemon_threads = True
srv = S(("127.0.0.1", 0), H); port = srv.server_address[1]
threading.Thread(target=srv.serve_forever, daemon=True).start()
base, N, M = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def call(method, path, body, token):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method,
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r: return json.loads(r.read() or b"{}")
t = call("POST", "/api/internal/tenants", {"name": "Rate"}, ADMIN)
tok = call("POST", f"/api/internal/tenants/{t['cuid']}/tokens", {}, ADMIN)["token"]
call("POST", "/api/internal/webhooks", {"name": "r", "url": f"http://127.0.0.1:{port}/in", "sslVerification": False,
     "events": ["ReportPublished"], "enabled": True, "rateLimitPerSecond": N}, tok)
conn = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]))
start = time.time()
for i in range(M):
    conn.request("POST", "/api/internal/events", body=json.dumps({"event": "ReportPublished", "targetCuid": "ct%d" % i}),
                 headers={"Authorization": "Bearer " + tok, "Content-Type": "application/json"})
    r = conn.getresponse(); r.read()
sent = time.time() - start
while len(arr) < M and time.time() - start < M / N + 20: time.sleep(0.1)
arr.sort()
most = max(sum(1 for y in arr if x <= y < x + 1) for x in arr)
span = arr[-1] - arr[0]
print(f"rate limit {N}/s: {M} events sent in {sent:.1f} s; {len(arr)} arrived over {span:.1f} s "
      f"({(len(arr)-1)/span:.1f}/s); most in any 1-second window: {most}")
