#!/usr/bin/env python3
"""20 concurrent clients editing the scores of one evaluation through the JSON API (optimistic concurrency).

Usage: test_concurrency.py KOMPASS_BINARY SOURCE_DIR [--backend sqlite|postgres]

Python 3 standard library only. Builds the demo database (see backends.py; on PostgreSQL a fresh database from
KOMPASS_TEST_POSTGRES, skipped with exit 77 without it), adds a draft of Sundsvall and 20 accounts that may edit it
(an admin, peers and evaluators assigned to it), starts `kompass serve`, signs every account in and lets 20 threads,
one per session, repeat ROUNDS times: read the scores, pick one of a few questions, PUT new points with the version
read. Then it checks:

- every answer was 200 or 409, a 409 carrying `current` (a stored state: the version with the points and rationale
  that the write of that version made) and `submitted`; anything else (500, 503, a timeout) fails;
- there were both accepted writes and conflicts;
- no update was lost: per question the accepted writes' versions are exactly 1..N, and the stored points, rationale
  and version are those of the last accepted write;
- the audit log holds exactly one entry per accepted change, in version order, naming its client's account, with
  the previous accepted value as old and its own as new; none for the conflicts.

Prints a summary line (accepted, conflicts, elapsed) for the record.
"""
import concurrent.futures
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import backends

CLIENTS = 20
ROUNDS = 20
QUESTIONS = ["1.1.1", "1.1.2", "1.1.3"]  # few, so that the clients collide
PASSWORD = "korrekt häst batteri"
TIMEOUT = 30  # seconds a client waits for an answer; a request that takes longer fails the test


def request(port, method, path, body=None, session=None):
    """(status, parsed JSON body or None, raw text) of one request on a new connection."""
    headers = {}
    if session is not None:
        headers["Cookie"] = f"kompass_session={session['token']}"
        if method != "GET":
            headers["X-CSRF-Token"] = session["csrf"]
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        raw = response.read().decode("utf-8", "replace")
        status = response.status
    finally:
        connection.close()
    try:
        document = json.loads(raw) if raw else None
    except ValueError:
        document = None
    return status, document, raw


def sign_in(port, username):
    """A new session of `username`: its token (from the cookie) and CSRF token."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("POST", "/api/v1/session", body=json.dumps({"username": username, "password": PASSWORD}),
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        raw = response.read().decode("utf-8", "replace")
        token, document = backends.signed_in(username, response.status, response.getheader("Set-Cookie"), raw)
    finally:
        connection.close()
    return {"token": token, "csrf": document["csrf_token"]}


def run(kompass, db, *args, stdin=None):
    done = subprocess.run([kompass, "--db", db, *args], input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(f"kompass {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout.strip()


def accounts():
    """(username, role) of each client: one admin, two peers and evaluators, all of whom may edit the draft."""
    names = [("admin", "admin"), ("peer1", "peer"), ("peer2", "peer")]
    names += [(f"eva{n}", "evaluator") for n in range(1, CLIENTS - len(names) + 1)]
    return names


class Client(threading.Thread):
    """One signed-in client: reads the scores, writes one question with the version read, ROUNDS times."""

    def __init__(self, number, port, evaluation, session, username):
        super().__init__(name=f"client-{number}")
        self.number, self.port, self.evaluation, self.session = number, port, evaluation, session
        self.username = username
        self.random = random.Random(number)
        self.accepted = []  # (question, version, points, rationale)
        self.conflicts = 0
        self.currents = []  # (question, version, points, rationale) of each 409's "current"
        self.failures = []  # what went wrong, for the report
        self.slowest = 0.0

    def versions(self):
        status, document, raw = request(self.port, "GET", f"/api/v1/evaluations/{self.evaluation}/scores",
                                        session=self.session)
        if status != 200:
            raise AssertionError(f"GET scores: {status} {raw[:300]}")
        return {s["target_id"]: s["version"] for s in document if s["target"] == "question" and not s["evaluator"]}

    def run(self):
        scores = f"/api/v1/evaluations/{self.evaluation}/scores/question/"
        for round_number in range(ROUNDS):
            question = self.random.choice(QUESTIONS)
            points = self.random.randint(0, 2)
            rationale = f"{self.username} round {round_number}"
            try:
                version = self.versions().get(question, 0)
                started = time.monotonic()
                status, document, raw = request(self.port, "PUT", scores + question,
                                                {"points": points, "rationale": rationale, "version": version},
                                                self.session)
                self.slowest = max(self.slowest, time.monotonic() - started)
            except (OSError, http.client.HTTPException, AssertionError) as failure:
                self.failures.append(f"{self.username} round {round_number}: {type(failure).__name__}: {failure}")
                continue
            if status == 200:
                if (document["points"], document["rationale"]) != (points, rationale):
                    self.failures.append(f"{self.username}: 200 with another score: {raw[:300]}")
                self.accepted.append((question, document["version"], points, rationale))
            elif status == 409:
                self.conflicts += 1
                problem = conflict_problem(document, points, rationale, version)
                if problem:
                    self.failures.append(f"{self.username} round {round_number}: {problem}: {raw[:400]}")
                else:
                    current = document["current"]
                    self.currents.append((question, current["version"], current["points"], current["rationale"]))
            else:
                self.failures.append(f"{self.username} round {round_number}: PUT {question} answered {status}: "
                                     f"{raw[:300]}")


def conflict_problem(document, points, rationale, version):
    """What is wrong with a 409 answer to a PUT of (points, rationale) at `version`, or None."""
    if not isinstance(document, dict) or document.get("error", {}).get("code") != "score_version_conflict":
        return "a 409 that is not a score version conflict"
    current, submitted = document.get("current"), document.get("submitted")
    if not isinstance(submitted, dict) or (submitted.get("points"), submitted.get("rationale"),
                                           submitted.get("version")) != (points, rationale, version):
        return "the 409's submitted is not what was sent"
    # A client only ever sends a version it read, and versions only grow: the score is stored and newer.
    if not isinstance(current, dict) or not isinstance(current.get("version"), int) or current["version"] <= version:
        return "the 409's current is missing or not newer than the version sent"
    return None


def check(clients, final, audit):
    """Every problem found in the clients' results, the stored scores and the audit log."""
    problems = [failure for client in clients for failure in client.failures]
    accepted = sum(len(c.accepted) for c in clients)
    conflicts = sum(c.conflicts for c in clients)
    if accepted == 0 or conflicts == 0:
        problems.append(f"{accepted} accepted and {conflicts} conflicts: the clients did not collide")
    audited = [e for e in audit if e["entity"] == "score"]
    for question in QUESTIONS:
        writes = sorted((version, points, rationale, client.username)
                        for client in clients for (q, version, points, rationale) in client.accepted
                        if q == question)
        versions = [w[0] for w in writes]
        if versions != list(range(1, len(writes) + 1)):
            problems.append(f"{question}: accepted versions {versions}, expected 1..{len(writes)} (a lost update)")
            continue
        stored = final.get(question)
        if writes:
            version, points, rationale, _ = writes[-1]
            if stored != (points, rationale, version):
                problems.append(f"{question}: stored {stored}, the last accepted write was {writes[-1]}")
        elif stored is not None:
            problems.append(f"{question}: stored {stored} without an accepted write")
        # A 409's "current" is one stored state: the points and rationale of the write that made its version.
        made = {version: (points, rationale) for version, points, rationale, _ in writes}
        for client in clients:
            for q, version, points, rationale in client.currents:
                if q == question and made.get(version) != (points, rationale):
                    problems.append(f"{question}: a 409 showed version {version} as {(points, rationale)}, which "
                                    f"the write of that version made {made.get(version)}")
        entries = [e for e in audited if e["key"] == f"question/{question}"]
        expected, old = [], ""
        for version, points, rationale, username in writes:
            new = f"{points} — {rationale}"
            expected.append((username, old, new))
            old = new
        got = [(e["actor"], e["old"], e["new"]) for e in entries]
        if got != expected:
            at = next((i for i, (g, x) in enumerate(zip(got, expected)) if g != x), min(len(got), len(expected)))
            problems.append(f"{question}: {len(got)} audit entries, expected {len(expected)} (one per accepted "
                            f"change); entry {at + 1} is {got[at:at + 1]}, expected {expected[at:at + 1]}")
    others = [e for e in audited if e["key"] not in {f"question/{q}" for q in QUESTIONS}]
    if others:
        problems.append(f"audit entries of scores nobody wrote: {others[:3]}")
    return problems


def main():
    parsed = backends.command_line(sys.argv[1:], __doc__)
    if isinstance(parsed, int):
        return parsed
    backend, kompass, source = parsed
    folder = tempfile.mkdtemp(prefix="kompass-concurrency-")
    store = backends.Store(backend, kompass, source, folder)
    process = None
    stderr_path = os.path.join(folder, "serve.stderr")
    began = time.monotonic()
    # Every command and the server run in the temporary folder: a PostgreSQL store's search index is a folder in
    # the working directory.
    home = os.getcwd()
    os.chdir(folder)
    try:
        store.create_demo()
        db = store.location
        evaluation = run(kompass, db, "evaluation", "create", "--municipality", "2281", "--year", "2025",
                         "--framework", "kommunkompassen-2010", "--evaluator", "Eva Ek|SKR|lead")

        def add_account(username, role):
            run(kompass, db, "user", "add", username, "--role", role, stdin=PASSWORD + "\n")
            if role != "admin":
                run(kompass, db, "evaluation", "assign", evaluation, username)

        # Four at a time: hashing each password (Argon2id) takes most of the setup's time.
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda account: add_account(*account), accounts()))

        port = backends.free_port()
        with open(stderr_path, "wb") as err:
            process = subprocess.Popen([kompass, "--db", db, "serve", "--listen", f"127.0.0.1:{port}"],
                                       stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while True:
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("the server did not answer /healthz")
            time.sleep(0.05)

        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            sessions = list(pool.map(lambda account: sign_in(port, account[0]), accounts()))
        clients = [Client(number, port, evaluation, session, username)
                   for number, ((username, _), session) in enumerate(zip(accounts(), sessions))]

        print(f"setup (demo database, {CLIENTS} accounts, server, sign-ins): {time.monotonic() - began:.1f} s",
              flush=True)
        started = time.monotonic()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started

        admin = clients[0].session
        status, scores, raw = request(port, "GET", f"/api/v1/evaluations/{evaluation}/scores", session=admin)
        if status != 200:
            raise AssertionError(f"GET scores after the run: {status} {raw[:300]}")
        final = {s["target_id"]: (s["points"], s["rationale"], s["version"])
                 for s in scores if s["target"] == "question" and not s["evaluator"]}
        status, audit, raw = request(port, "GET", f"/api/v1/evaluations/{evaluation}/audit", session=admin)
        if status != 200:
            raise AssertionError(f"GET audit after the run: {status} {raw[:300]}")

        problems = check(clients, final, audit)
        accepted = sum(len(c.accepted) for c in clients)
        conflicts = sum(c.conflicts for c in clients)
        slowest = max(c.slowest for c in clients)
        print(f"{backend}: {CLIENTS} clients × {ROUNDS} writes on {len(QUESTIONS)} questions: {accepted} accepted, "
              f"{conflicts} conflicts (409), {len(problems)} problems, {elapsed:.1f} s, slowest write {slowest:.2f} s")
        if problems:
            print("FAILED:\n" + "\n".join(problems[:40]), file=sys.stderr)
            with open(stderr_path, encoding="utf-8", errors="replace") as f:
                log = f.read().splitlines()
            print("server log, but for the 200 and 409 answers:\n" + "\n".join(
                line for line in log if not re.search(r" (200|409) \d+ ", line))[-3000:], file=sys.stderr)
            return 1
        return 0
    finally:
        if process and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        store.drop()
        os.chdir(home)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
