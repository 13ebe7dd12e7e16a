#!/usr/bin/env python3
"""Concurrent visitors enrolling through the public form, the way a browser does: GET the course
page (for its one-time form token), POST the answers, expect 303. Prints POST latency percentiles.
Usage: enroll_load.py PORT VISITORS ENROLLMENTS_PER_VISITOR SLUG [SLUG...]"""
import http.client
import re
import sys
import threading
import time
import urllib.parse

port, visitors, per_visitor, slugs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
latencies, statuses, lock = [], {}, threading.Lock()
# The signed form token (SubmissionToken: 76 base64url characters) and, when the course has
# sessions, the first session offered (the choice is required then).
TOKEN = re.compile(rb'name="submission_token" value="([A-Za-z0-9_-]{76})"')
SESSION = re.compile(rb'name="session_id" value="([0-9a-f-]{36})"')
REQUIRED = re.compile(rb'<(?:input|select|textarea)[^>]*name="([a-z0-9_]+)"[^>]*\brequired\b')


def answer(name):
    return {"email": "bench@example.ma", "phone": "+212 6 61 23 45 67", "full_name": "Visiteur Bench"}.get(name, "on")


def visitor(index):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for n in range(per_visitor):
        slug = slugs[(index + n) % len(slugs)]
        connection.request("GET", f"/fr/formations/{slug}")
        page = connection.getresponse().read()
        token = TOKEN.search(page).group(1).decode()
        fields = {"submission_token": token, "website": "", "full_name": "Visiteur Bench", "email": "bench@example.ma",
                  "phone": "+212 6 61 23 45 67", "company": f"bench-{index}-{n}"}
        session = SESSION.search(page)
        if session:
            fields["session_id"] = session.group(1).decode()
        for name in REQUIRED.findall(page):
            fields.setdefault(name.decode(), answer(name.decode()))
        body = urllib.parse.urlencode(fields)
        started = time.perf_counter()
        connection.request("POST", f"/fr/formations/{slug}/inscription", body,
                           {"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            latencies.append(elapsed)
            statuses[response.status] = statuses.get(response.status, 0) + 1


threads = [threading.Thread(target=visitor, args=(i,)) for i in range(visitors)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
print(f"posts={len(latencies)} statuses={statuses} p50_ms={pick(0.50):.1f} p99_ms={pick(0.99):.1f} max_ms={latencies[-1]:.1f}")
