#!/usr/bin/env python3
"""End-to-end tests of the JSON API against the real binary: `kompass serve` on a free port of 127.0.0.1.

Usage: test_api.py KOMPASS_BINARY SOURCE_DIR [--backend sqlite|postgres]

With --backend postgres (the default is sqlite) the store is a fresh PostgreSQL database created from the server
that KOMPASS_TEST_POSTGRES names (scripts/with-postgres sets it), given the demo data with the same commands as
scripts/demo-db and dropped at the end; without the variable the test is skipped (exit 77). Every test runs on
both backends; a step that only makes sense for an SQLite file is skipped on PostgreSQL with its reason printed.

Python 3 standard library only. Builds the demo database (scripts/demo-db) in a temporary folder, adds a draft,
a private draft and one account per role with the CLI, starts the server with a login limit of 3 attempts per
60 s, signs every role in once and then checks:

- the authorization matrix tests/data/http/authorization.tsv (every route × every role → status; every
  mismatch is listed before the test fails) and that it covers every route of src/http/api_routes.cpp;
- the error shapes (malformed JSON, unknown evaluation, out of range, missing and wrong CSRF token);
- the 409 of two editors saving the same score version, with both values and nothing lost;
- GET /api/v1/evaluations/sundsvall-2012 against `kompass evaluation show sundsvall-2012 --json`;
- docs/openapi.json against the routes in api_routes.cpp, and every documented operation against the server;
- report downloads, gzip, one access log line per request, the login rate limit and graceful shutdown.

The tests run in the order written (they share the server and its sessions); the rate limit blocks the
address for a minute, so it comes after the last sign-in, and the shutdown comes last of all.
"""
import csv
import gzip
import http.client
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

import backends

KOMPASS = SOURCE = None  # set in main
BACKEND = "sqlite"  # or "postgres" (--backend)
ROLES = ["anonymous", "admin", "evaluator", "other_evaluator", "peer", "municipality", "other_municipality"]
# The account of each role (anonymous has none) and the CLI arguments that create it.
ACCOUNTS = {
    "admin": ["--role", "admin"],
    "evaluator": ["--role", "evaluator"],
    "other_evaluator": ["--role", "evaluator"],
    "peer": ["--role", "peer"],
    "municipality": ["--role", "municipality", "--municipality", "2281"],
    "other_municipality": ["--role", "municipality", "--municipality", "1880"],
}
USERNAMES = {"admin": "admin", "evaluator": "eva", "other_evaluator": "other", "peer": "peer",
             "municipality": "sundsvall", "other_municipality": "orebro"}
PASSWORD = "korrekt häst batteri"
# Questions that only one role scores in the matrix, so that version 0 is right for each.
ROLE_QUESTIONS = ["3.2.1", "3.2.2", "3.2.3", "3.2.4", "3.3.1", "3.3.2", "3.3.3"]
PUBLISHED = "sundsvall-2012"
LOG_LINE = re.compile(r"^\S+ \S+ (GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH) (\S+) (\d{3}) \d+ [0-9.]+ms$")
# The search index's own lines (serve_index_opened, serve_index_followed in data/messages/http.tsv), the only other
# lines a healthy server writes.
INDEX_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ Sökindexet \S+ är öppnat \(ändring \d+\)\.$|"
                        r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ Sökindexet följer databasen: ")


class Server:
    """The running `kompass serve`, its database and everything the tests share."""
    tmp = db = store = port = process = stderr_path = None
    requests = 0  # requests that got an answer; the access log must have as many lines
    seen = set()  # (method, path without query, status) of every answer, to check against docs/openapi.json
    sessions = {}  # role → Session
    draft = private = hidden = None
    fid = published_fid = None


class Session:
    def __init__(self, token, csrf, user):
        self.token, self.csrf, self.user = token, csrf, user


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def text(self):
        return self.body.decode("utf-8", "replace")


def kompass(*args, stdin=None, check=True):
    # In the temporary folder: the search index of a PostgreSQL store is a folder in the working directory.
    done = subprocess.run([KOMPASS, "--db", Server.db, *args], input=stdin, capture_output=True, text=True,
                          cwd=Server.tmp)
    if check and done.returncode != 0:
        raise AssertionError(f"kompass {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done


def request(method, path, body=None, session=None, csrf=True, headers=None, content_type=None, timeout=60):
    """One request on a new connection; `session` sends its cookie (and, with csrf, its token on writes)."""
    all_headers = dict(headers or {})
    if session is not None:
        all_headers["Cookie"] = f"kompass_session={session.token}"
        if csrf and method not in ("GET", "HEAD"):
            all_headers["X-CSRF-Token"] = session.csrf
    if body is not None:
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode("utf-8")
        all_headers["Content-Type"] = content_type or "application/json"
    connection = http.client.HTTPConnection("127.0.0.1", Server.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        answer = Answer(response.status, response.getheaders(), response.read())
    finally:
        connection.close()
    Server.requests += 1
    Server.seen.add((method, path.split("?")[0], answer.status))
    return answer


def sign_in(username, password=PASSWORD):
    answer = request("POST", "/api/v1/session", {"username": username, "password": password})
    token, document = backends.signed_in(username, answer.status, answer.header("Set-Cookie"), answer.text())
    return Session(token, document["csrf_token"], document["user"])


def sign_in_everyone():
    Server.sessions = {role: sign_in(USERNAMES[role]) for role in ACCOUNTS}
    Server.sessions["anonymous"] = None


def start_server():
    Server.tmp = tempfile.mkdtemp(prefix="kompass-api-")
    Server.store = backends.Store(BACKEND, KOMPASS, SOURCE, Server.tmp)
    Server.db = Server.store.location
    Server.store.create_demo()
    # The other municipality's user needs its municipality (Örebro is in the published results already).
    Server.draft = kompass("evaluation", "create", "--municipality", "2281", "--year", "2025", "--framework",
                           "kommunkompassen-2010", "--evaluator", "Eva Ek|SKR|lead").stdout.strip()
    Server.private = kompass("evaluation", "create", "--municipality", "2281", "--year", "2024", "--framework",
                             "kommunkompassen-2010").stdout.strip()
    # A draft scored as a whole, the year before the published one: nobody but admin may learn its total.
    Server.hidden = kompass("evaluation", "create", "--municipality", "2281", "--year", "2011", "--framework",
                            "kommunkompassen-2010", "--granularity", "total").stdout.strip()
    kompass("score", "set", Server.hidden, "--total", "--points", "400")
    # A re-evaluation of Örebro's published 2012 result (another municipality, so Sundsvall's trend is as it was),
    # assigned to eva: its follow-up is readable by admin and eva only.
    Server.followup = kompass("evaluation", "create", "--from", "orebro-2012", "--year", "2016").stdout.strip()
    kompass("score", "set", Server.followup, "--area", "1", "--points", "70")
    kompass("source", "add", Server.draft, "--kind", "interview", "--title", "Kommunstyrelsen", "--people", "3")
    Server.fid = kompass("finding", "add", Server.draft, "--area", "1", "--kind", "strength", "--text",
                         "Tydlig vision").stdout.strip()
    for role, args in ACCOUNTS.items():
        kompass("user", "add", USERNAMES[role], *args, stdin=PASSWORD + "\n")
    for username in ("spare", "locked"):
        kompass("user", "add", username, "--role", "evaluator", stdin=PASSWORD + "\n")
    for username in ("eva", "peer"):
        kompass("evaluation", "assign", Server.draft, username)
    kompass("evaluation", "assign", Server.private, "eva")
    kompass("evaluation", "assign", Server.followup, "eva")
    kompass("evaluation", "share", Server.draft)
    # Action plans: an action on a weakness of the published evaluation and one on a weakness of the draft.
    published_findings = json.loads(kompass("finding", "list", PUBLISHED, "--json").stdout)
    Server.published_weak = next(f["id"] for f in published_findings if f["kind"] == "weakness")
    Server.draft_weak = kompass("finding", "add", Server.draft, "--area", "2", "--kind", "weakness", "--text",
                                "Ingen servicegaranti").stdout.strip()
    Server.aid = kompass("action", "add", PUBLISHED, "--title", "Visselblåsarfunktion", "--finding",
                         str(Server.published_weak), "--due", "2013-06-30").stdout.strip()
    Server.draft_aid = kompass("action", "add", Server.draft, "--title", "Servicegarantier", "--finding",
                               Server.draft_weak).stdout.strip()

    Server.port = backends.free_port()
    Server.stderr_path = os.path.join(Server.tmp, "serve.stderr")
    with open(Server.stderr_path, "wb") as err, open(os.path.join(Server.tmp, "serve.stdout"), "wb") as out:
        Server.process = subprocess.Popen(
            [KOMPASS, "--db", Server.db, "serve", "--listen", f"127.0.0.1:{Server.port}", "--login-attempts", "3",
             "--login-window", "60", "--threads", "8", "--trusted-proxy", "127.0.0.1"], stdout=out, stderr=err, stdin=subprocess.DEVNULL,
            cwd=Server.tmp)
    deadline = time.monotonic() + 15
    while True:
        try:
            if request("GET", "/healthz", timeout=2).status == 200:
                break
        except OSError:
            pass
        if Server.process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"the server did not answer /healthz: {read_stderr()}")
        time.sleep(0.05)
    sign_in_everyone()
    Server.published_fid = request("GET", f"/api/v1/evaluations/{PUBLISHED}/findings").json()[0]["id"]


def read_stderr():
    with open(Server.stderr_path, encoding="utf-8", errors="replace") as f:
        return f.read()


def server_children():
    """The process ids of the server's child processes (Linux /proc)."""
    children = []
    tasks = f"/proc/{Server.process.pid}/task"
    for task in os.listdir(tasks) if os.path.isdir(tasks) else []:
        try:
            with open(f"{tasks}/{task}/children", encoding="ascii") as f:
                children += f.read().split()
        except OSError:
            pass
    return children


def stop_server():
    if Server.process and Server.process.poll() is None:
        Server.process.kill()
        Server.process.wait()
    if Server.tmp and os.environ.get("KOMPASS_E2E_KEEP", "0") in ("", "0"):
        shutil.rmtree(Server.tmp, ignore_errors=True)
        if Server.store:
            Server.store.drop()
    elif Server.tmp:
        print(f"kept {Server.tmp} and the store {Server.db}", file=sys.stderr)


def error_of(answer):
    """The error object of a JSON error answer, checked for its shape."""
    assert answer.header("Content-Type").startswith("application/json"), answer.header("Content-Type")
    document = answer.json()
    error = document["error"]
    assert isinstance(error["code"], str) and error["code"], document
    assert isinstance(error["message"], str) and error["message"], document
    assert "field" in error, document
    return error


# ------------------------------------------------------------------------------------- routes and documents
def cpp_string(literal):
    """The value of a C++ string literal's inside (only the escapes api_routes.cpp uses)."""
    return re.sub(r"\\(.)", r"\1", literal)


def server_routes():
    """(METHOD, regex) of every server.Get/Post/Put/Patch/Delete( in src/http/api_routes.cpp."""
    with open(os.path.join(SOURCE, "src/http/api_routes.cpp"), encoding="utf-8") as f:
        source = f.read()
    names = {"k_id": re.search(r'k_id = "([^"]*)"', source).group(1)}
    names["base"] = cpp_string(re.search(r'const std::string base = "([^"]*)"', source).group(1))

    def value(expression):
        parts = []
        # Operands joined by +: string literals (which may hold a + themselves) and the names above.
        for token in re.findall(r'"(?:[^"\\]|\\.)*"|[^\s+]+', expression):
            if token.startswith('"'):
                parts.append(cpp_string(token[1:-1]))
            elif token in names:
                parts.append(names[token])
            else:
                raise AssertionError(f"api_routes.cpp: cannot resolve {token!r} in a route")
        return "".join(parts)

    names["evaluation"] = value(re.search(r"const std::string evaluation = ([^;]*);", source).group(1))
    routes = []
    for method, expression in re.findall(r"server\.(Get|Post|Put|Patch|Delete)\((.*?), api\(", source):
        routes.append((method.upper(), value(expression)))
    if len(routes) < 30:
        raise AssertionError(f"only {len(routes)} routes found in api_routes.cpp: has its form changed?")
    return routes


def route_template(regex):
    """A route's regex as a path template with anonymous parameters: /evaluations/([^/]+) → /evaluations/{}."""
    template = re.sub(r"\([^()]*\)", "{}", regex)
    return template.replace("\\.", ".")


def openapi_template(path):
    return re.sub(r"\{[^}]+\}", "{}", path)


def openapi_document():
    with open(os.path.join(SOURCE, "docs/openapi.json"), encoding="utf-8") as f:
        return json.load(f)


def openapi_operations(document):
    return [(method.upper(), path) for path, item in document["paths"].items() for method in item
            if method in ("get", "put", "post", "delete", "patch", "head", "options")]


# ----------------------------------------------------------------------------------------------- the matrix
def load_matrix():
    path = os.path.join(SOURCE, "tests/data/http/authorization.tsv")
    rows = []
    with open(path, encoding="utf-8") as f:
        lines = [(n, line.rstrip("\n")) for n, line in enumerate(f, 1)]
    header = None
    for number, line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            expected = ["method", "path", "body", *ROLES]
            if header != expected:
                raise AssertionError(f"{path}:{number}: the header must be {expected}, not {header}")
            continue
        if len(cells) != len(header):
            raise AssertionError(f"{path}:{number}: {len(cells)} columns, expected {len(header)}")
        method, target, body, *statuses = cells
        rows.append({"line": number, "method": method, "path": target, "body": body,
                     "expected": dict(zip(ROLES, (int(s) for s in statuses)))})
    return rows


def placeholders(role):
    index = ROLES.index(role)
    return {"{published}": PUBLISHED, "{draft}": Server.draft, "{private}": Server.private,
            "{followup}": Server.followup,
            "{fid}": str(Server.fid), "{published_fid}": str(Server.published_fid), "{role}": role,
            "{aid}": Server.aid, "{draft_aid}": Server.draft_aid, "{published_weak}": str(Server.published_weak),
            "{draft_weak}": Server.draft_weak,
            "{n}": str(index + 1), "{q}": ROLE_QUESTIONS[index], "{spare_password}": PASSWORD}


def fill(text, role):
    for key, value in placeholders(role).items():
        text = text.replace(key, value)
    if re.search(r"\{[a-z_]+\}", text):
        raise AssertionError(f"unknown placeholder in {text!r}")
    return text


def matrix_body(cell, role):
    """(bytes or None, content type) of a matrix body cell."""
    if cell == "-":
        return None, None
    if cell.startswith("@"):
        name = cell[1:]
        with open(os.path.join(SOURCE, name), "rb") as f:
            data = f.read()
        kind = {"csv": "text/csv", "json": "application/json", "yaml": "application/yaml"}[name.rsplit(".", 1)[1]]
        return data, kind
    filled = fill(cell, role)
    json.loads(filled)  # a typo in the table should fail here, not look like a 400 of the server
    return filled.encode("utf-8"), "application/json"


# ----------------------------------------------------------------------------------------------------- tests
class Api(unittest.TestCase):
    maxDiff = None

    def test_01_authorization_matrix(self):
        rows = load_matrix()
        # The table covers every route of the server.
        uncovered = []
        for method, regex in server_routes():
            if not any(row["method"] == method and re.fullmatch(regex, fill(row["path"], "admin").split("?")[0])
                       for row in rows):
                uncovered.append(f"{method} {route_template(regex)}")
        mismatches = []
        for row in rows:
            for role in ROLES:
                body, kind = matrix_body(row["body"], role)
                target = fill(row["path"], role)
                answer = request(row["method"], target, body, Server.sessions[role], content_type=kind)
                wanted = row["expected"][role]
                if answer.status != wanted:
                    mismatches.append(f"authorization.tsv:{row['line']}: {row['method']} {target} as {role}: "
                                      f"{answer.status}, expected {wanted}: {answer.text()[:300]}")
                elif answer.status >= 400:
                    error_of(answer)
        # DELETE /api/v1/session signed everyone out: sign in again for the tests that follow.
        sign_in_everyone()
        problems = [f"route not in the matrix: {r}" for r in uncovered] + mismatches
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_02_drafts_are_invisible_in_lists_and_search(self):
        def ids(role):
            return {e["id"] for e in request("GET", "/api/v1/evaluations", session=Server.sessions[role]).json()}
        self.assertNotIn(Server.draft, ids("anonymous"))
        self.assertIn(PUBLISHED, ids("anonymous"))
        self.assertNotIn(Server.draft, ids("other_evaluator"))
        self.assertNotIn(Server.draft, ids("other_municipality"))
        self.assertIn(Server.draft, ids("evaluator"))
        self.assertIn(Server.draft, ids("municipality"))
        self.assertNotIn(Server.private, ids("municipality"))
        self.assertIn(Server.private, ids("admin"))
        # The trend: a hidden draft is left out, and so is its difference to the published evaluation after it.
        def trend(role):
            answer = request("GET", "/api/v1/municipalities/SE/2281/trend", session=Server.sessions[role])
            return {e["evaluation"]: e for e in answer.json()["entries"] if e["evaluation"]}
        public = trend("anonymous")
        self.assertEqual(set(public), {PUBLISHED})
        self.assertNotEqual((public[PUBLISHED]["previous"] or {}).get("difference"), 82, public)
        self.assertEqual(set(trend("evaluator")), {PUBLISHED, Server.draft, Server.private})
        self.assertEqual(set(trend("municipality")), {PUBLISHED, Server.draft})
        full = trend("admin")
        self.assertEqual(set(full), {PUBLISHED, Server.draft, Server.private, Server.hidden})
        self.assertEqual(full[PUBLISHED]["previous"]["difference"], 82, full)

    def test_03_error_shapes(self):
        eva = Server.sessions["evaluator"]
        findings = f"/api/v1/evaluations/{Server.draft}/findings"
        before = request("GET", findings, session=eva).json()

        answer = request("POST", findings, "{not json", eva)
        self.assertEqual(answer.status, 400, answer.text())
        error = error_of(answer)
        self.assertEqual((error["code"], error["field"]), ("request_json_malformed", "body"))

        answer = request("POST", findings, {"area": 1, "kind": "strength"}, eva)
        self.assertEqual(answer.status, 400, answer.text())
        self.assertEqual((error_of(answer)["code"], error_of(answer)["field"]), ("field_missing", "text"))

        answer = request("POST", findings, {"area": "one", "kind": "strength", "text": "x"}, eva)
        self.assertEqual(answer.status, 400, answer.text())
        self.assertEqual(error_of(answer)["field"], "area")

        answer = request("GET", "/api/v1/evaluations/no-such-evaluation")
        self.assertEqual(answer.status, 404, answer.text())
        self.assertEqual(error_of(answer)["code"], "unknown_evaluation")

        answer = request("GET", "/api/v1/no/such/route")
        self.assertEqual(answer.status, 404, answer.text())
        self.assertEqual(error_of(answer)["code"], "unknown_page")

        answer = request("PUT", f"/api/v1/evaluations/{Server.draft}/scores/question/1.1.1",
                         {"points": 99, "version": 0}, eva)
        self.assertEqual(answer.status, 422, answer.text())
        error = error_of(answer)
        self.assertEqual(error["field"], "points", error)
        self.assertIn("99", error["message"])

        # The language follows Accept-Language (or ?lang=).
        answer = request("GET", "/api/v1/evaluations/no-such-evaluation", headers={"Accept-Language": "en-GB,en"})
        self.assertIn("no-such-evaluation", error_of(answer)["message"])
        english = error_of(answer)["message"]
        swedish = error_of(request("GET", "/api/v1/evaluations/no-such-evaluation?lang=sv"))["message"]
        self.assertNotEqual(english, swedish)

        # CSRF: a signed-in write needs the session's token in X-CSRF-Token.
        body = {"area": 1, "kind": "strength", "text": "Förfalskad"}
        answer = request("POST", findings, body, eva, csrf=False)
        self.assertEqual(answer.status, 403, answer.text())
        self.assertEqual(error_of(answer)["code"], "csrf_token_invalid")
        answer = request("POST", findings, body, eva, csrf=False, headers={"X-CSRF-Token": "0" * 64})
        self.assertEqual(answer.status, 403, answer.text())
        self.assertEqual(error_of(answer)["code"], "csrf_token_invalid")
        other = Server.sessions["peer"]  # another session's token is wrong too
        answer = request("POST", findings, body, eva, csrf=False, headers={"X-CSRF-Token": other.csrf})
        self.assertEqual(answer.status, 403, answer.text())
        answer = request("DELETE", "/api/v1/session", session=eva, csrf=False)
        self.assertEqual(answer.status, 403, answer.text())
        self.assertEqual(request("GET", findings, session=eva).json(), before, "a refused write changed something")

        # A sign-in needs a JSON content type (a cross-site form cannot send one).
        answer = request("POST", "/api/v1/session", "username=eva&password=x",
                         content_type="application/x-www-form-urlencoded")
        self.assertEqual(answer.status, 400, answer.text())
        # (A wrong password is test_09's: failures count per address too, and the limit is 3.)

    def test_04_concurrent_score_edits_conflict(self):
        eva, peer = Server.sessions["evaluator"], Server.sessions["peer"]
        scores = f"/api/v1/evaluations/{Server.draft}/scores"

        def version_of(session, question):
            for score in request("GET", scores, session=session).json():
                if score["target"] == "question" and score["target_id"] == question and score["evaluator"] == "":
                    return score["version"], score["points"]
            return 0, None

        first, second = version_of(eva, "2.1.1"), version_of(peer, "2.1.1")
        self.assertEqual(first, (0, None))
        self.assertEqual(second, first)
        answer = request("PUT", f"{scores}/question/2.1.1", {"points": 4, "rationale": "Eva", "version": 0}, eva)
        self.assertEqual(answer.status, 200, answer.text())
        self.assertEqual((answer.json()["points"], answer.json()["version"]), (4, 1))
        answer = request("PUT", f"{scores}/question/2.1.1", {"points": 2, "rationale": "Per", "version": 0}, peer)
        self.assertEqual(answer.status, 409, answer.text())
        document = answer.json()
        self.assertEqual(error_of(answer)["code"], "score_version_conflict")
        self.assertEqual((document["current"]["points"], document["current"]["version"]), (4, 1), document)
        self.assertEqual(document["current"]["rationale"], "Eva")
        self.assertEqual((document["submitted"]["points"], document["submitted"]["version"]), (2, 0), document)
        self.assertEqual(document["submitted"]["rationale"], "Per")
        # Nothing is lost: the first value is stored, and the audit log names who saved it.
        self.assertEqual(version_of(peer, "2.1.1"), (1, 4))
        audit = request("GET", f"/api/v1/evaluations/{Server.draft}/audit", session=peer).json()
        changes = [e for e in audit if e["entity"] == "score" and "2.1.1" in e["key"]]
        self.assertEqual(len(changes), 1, audit)
        self.assertEqual(changes[0]["actor"], "eva")
        self.assertIn("4", changes[0]["new"])
        # The second editor decides with both values in view and saves on top of the current version.
        answer = request("PUT", f"{scores}/question/2.1.1", {"points": 3, "version": 1}, peer)
        self.assertEqual(answer.status, 200, answer.text())
        self.assertEqual(answer.json()["version"], 2)
        audit = request("GET", f"/api/v1/evaluations/{Server.draft}/audit?format=csv", session=eva)
        self.assertTrue(audit.header("Content-Type").startswith("text/csv"))
        rows = list(csv.DictReader(io.StringIO(audit.text())))
        self.assertEqual([r["actor"] for r in rows if r["entity"] == "score" and "2.1.1" in r["key"]], ["eva", "peer"])
        # A stale version of a score nobody stored yet: 409 with "current" null.
        answer = request("PUT", f"{scores}/question/2.1.2", {"points": 2, "version": 3}, eva)
        self.assertEqual(answer.status, 409, answer.text())
        self.assertIsNone(answer.json()["current"])
        self.assertEqual(answer.json()["submitted"]["points"], 2)

    def test_05_evaluation_json_is_the_cli_json(self):
        answer = request("GET", f"/api/v1/evaluations/{PUBLISHED}")
        self.assertEqual(answer.status, 200, answer.text())
        self.assertEqual(answer.json()["total"], 482)
        cli = json.loads(kompass("evaluation", "show", PUBLISHED, "--json").stdout)
        self.assertEqual(answer.json(), cli)
        eva = Server.sessions["evaluator"]
        cli = json.loads(kompass("evaluation", "show", Server.draft, "--json").stdout)
        self.assertEqual(request("GET", f"/api/v1/evaluations/{Server.draft}", session=eva).json(), cli)

    def test_05b_blind_double_scoring(self):
        # eva and other score a small edition (five questions of max 4) blind: each sees only their own scores
        # until both have marked their scoring done, and only their own can be set; then both see everything.
        kompass("framework", "load", os.path.join(SOURCE, "tests/data/frameworks/blind/small.yaml"))
        blind = kompass("evaluation", "create", "--municipality", "1880", "--year", "2019", "--framework",
                        "blind-test").stdout.strip()
        admin, eva, other = (Server.sessions[r] for r in ("admin", "evaluator", "other_evaluator"))
        base = f"/api/v1/evaluations/{blind}"
        answer = request("POST", base + "/blind", {"evaluators": ["eva", "other"]}, admin)
        self.assertEqual(answer.status, 200, answer.text())
        self.assertEqual((answer.json()["revealed"], answer.json()["pending"]), (False, ["eva", "other"]))
        # In the web UI a scorer who has not scored everything gets the workspace again, pointed at the question.
        answer = request("POST", f"/evaluations/{blind}/blind/done", "", eva,
                         content_type="application/x-www-form-urlencoded")
        self.assertEqual(answer.status, 422, answer.text()[:500])
        self.assertIn('<a href="#points-1-1-1">eva har inte poängsatt 1.1.1', answer.text())
        questions = ["1.1.1", "1.1.2", "1.1.3", "2.1.1", "2.1.2"]
        for session, name, points in ((eva, "eva", [4, 2, 1, 3, 0]), (other, "other", [1, 2, 2, 3, 0])):
            for question, value in zip(questions, points):
                answer = request("PUT", f"{base}/scores/question/{question}",
                                 {"points": value, "version": 0, "evaluator": name, "rationale": f"{name} {question}"},
                                 session)
                self.assertEqual(answer.status, 200, answer.text())

        def own(session):
            scores = request("GET", base + "/scores", session=session)
            self.assertEqual(scores.status, 200, scores.text())
            return sorted({s["evaluator"] for s in scores.json() if s["evaluator"]})

        self.assertEqual(own(eva), ["eva"])
        self.assertEqual(own(other), ["other"])
        self.assertEqual(own(admin), [])
        self.assertNotIn('"other"', request("GET", base + "/export", session=eva).text())
        # Only one's own: eva cannot set other's score, nor an agreed one yet; the statistics wait.
        answer = request("PUT", f"{base}/scores/question/1.1.1", {"points": 0, "version": 1, "evaluator": "other"}, eva)
        self.assertEqual((answer.status, error_of(answer)["code"]), (403, "blind_own_scores_only"))
        answer = request("PUT", f"{base}/scores/question/1.1.1", {"points": 0, "version": 0}, eva)
        self.assertEqual((answer.status, error_of(answer)["code"]), (409, "blind_scoring_open"))
        answer = request("GET", base + "/agreement", session=admin)
        self.assertEqual((answer.status, error_of(answer)["code"]), (409, "blind_scoring_open"))
        answer = request("GET", base + "/reconciliation", session=eva)
        self.assertEqual((answer.status, error_of(answer)["code"]), (409, "blind_scoring_open"))
        answer = request("POST", base + "/blind/done", None, admin)
        self.assertEqual((answer.status, error_of(answer)["code"]), (403, "blind_not_scorer"))
        # The web UI while scoring is open: eva's workspace counts her own scores, the reconciliation page names
        # who has not finished and shows no scores.
        page = f"/evaluations/{blind}"
        answer = request("GET", page + "/scoring", session=eva)
        self.assertEqual(answer.status, 200, answer.text()[:500])
        self.assertIn("5 av 5 frågor bedömda", answer.text())
        answer = request("GET", page + "/reconciliation", session=admin)
        self.assertEqual(answer.status, 200, answer.text()[:500])
        self.assertIn("Inte klara: eva, other.", answer.text())
        self.assertNotIn("eva 1.1.1", answer.text())
        self.assertNotIn("/reconciliation/accept", answer.text())
        self.assertIn(page + "/reconciliation", request("GET", page, session=eva).text(), "the overview links it")

        answer = request("POST", base + "/blind/done", None, eva)
        self.assertEqual(answer.status, 200, answer.text())
        self.assertEqual(answer.json()["pending"], ["other"])
        self.assertEqual(own(eva), ["eva"])
        answer = request("POST", base + "/blind/done", None, other)
        self.assertEqual(answer.status, 200, answer.text())
        self.assertTrue(answer.json()["revealed"])
        self.assertEqual(own(eva), ["eva", "other"])
        self.assertEqual(own(admin), ["eva", "other"])
        # Own scores are locked; the reconciliation lists the differences, largest first.
        answer = request("PUT", f"{base}/scores/question/1.1.1", {"points": 0, "version": 1, "evaluator": "eva"}, eva)
        self.assertEqual((answer.status, error_of(answer)["code"]), (409, "blind_scoring_done"))
        answer = request("GET", base + "/reconciliation", session=eva)
        self.assertEqual(answer.status, 200, answer.text())
        differences = answer.json()["differences"]
        self.assertEqual([(d["id"], d["spread"]) for d in differences], [("1.1.1", 3), ("1.1.3", 1)])
        self.assertEqual(differences[0]["scores"], [{"evaluator": "eva", "points": 4, "rationale": "eva 1.1.1"},
                                                    {"evaluator": "other", "points": 1, "rationale": "other 1.1.1"}])
        # The reconciliation page: the differences largest first, both scores side by side, the forms.
        answer = request("GET", page + "/reconciliation", session=eva)
        self.assertEqual(answer.status, 200, answer.text()[:500])
        html = answer.text()
        self.assertLess(html.index("Fråga 1.1.1"), html.index("Fråga 1.1.3"))
        self.assertNotIn("Fråga 1.1.2", html)
        self.assertIn("<td>eva 1.1.1</td><td>other 1.1.1</td>", html)
        self.assertIn("<td>4 av 4</td><td>1 av 4</td>", html)
        self.assertIn("Samma poäng från alla bedömare: 3 frågor", html)
        self.assertIn(f'action="{page}/reconciliation/accept"', html)

        def form(fields, session=eva):
            body = "&".join(f"{k}={urllib.parse.quote(v)}" for k, v in fields.items())
            return request("POST", page + "/reconciliation", body, session,
                           content_type="application/x-www-form-urlencoded")

        answer = form({"target": "question", "id": "1.1.1", "points": "2", "note": " "})
        self.assertEqual(answer.status, 422, answer.text()[:500])
        self.assertIn('aria-describedby="agreed-1-1-1-note-error"', answer.text())
        self.assertIn('<a href="#agreed-1-1-1-note">', answer.text())
        answer = form({"target": "question", "id": "1.1.1", "points": "9", "note": "För mycket"})
        self.assertEqual(answer.status, 422, answer.text()[:500])
        self.assertIn('aria-describedby="agreed-1-1-1-points-error"', answer.text())
        self.assertIn(">För mycket</textarea>", answer.text(), "the note typed is kept")
        answer = form({"target": "question", "id": "1.1.1", "points": "två", "note": "x"})
        self.assertEqual(answer.status, 422, answer.text()[:500])
        answer = form({"target": "question", "id": "1.1.1", "points": "3", "note": "x"}, Server.sessions["peer"])
        self.assertEqual(answer.status, 404, "a peer not assigned to the draft does not see it")
        answer = form({"target": "question", "id": "1.1.1", "points": "2", "note": "Enades i webben"})
        self.assertEqual((answer.status, answer.header("Location")),
                         (303, f"{page}/reconciliation?done=agreed_saved#r-1-1-1"))
        self.assertIn("Överenskommen poäng: 2 av 4.", request("GET", page + "/reconciliation", session=eva).text())

        answer = request("POST", base + "/reconciliation", {"question": "1.1.1", "points": 2}, eva)
        self.assertEqual((answer.status, error_of(answer)["field"]), (422, "note"))
        answer = request("POST", base + "/reconciliation", {"question": "1.1.1", "points": 2, "note": "Enades"}, eva)
        self.assertEqual(answer.status, 200, answer.text())
        answer = request("POST", base + "/reconciliation", {"accept_agreed": True}, eva)
        self.assertEqual((answer.status, answer.json()), (200, {"recorded": 3}))
        answer = request("POST", page + "/reconciliation/accept", "", eva,
                         content_type="application/x-www-form-urlencoded")
        self.assertEqual((answer.status, answer.header("Location")),
                         (303, f"{page}/reconciliation?done=agreed_accepted"))
        html = request("GET", page + "/reconciliation", session=eva).text()
        self.assertIn('<td class="number">0,38</td><td>svag</td>', html)
        self.assertNotIn(f'action="{page}/reconciliation/accept"', html, "nothing left to accept")
        answer = request("GET", base + "/agreement", session=eva)
        self.assertEqual(answer.status, 200, answer.text())
        self.assertEqual((answer.json()["total"]["count"], round(answer.json()["total"]["kappa"], 3)), (5, 0.375))
        # Drift: admin only. eva 4−2, 2−2, 3−3, 0−0 over the agreed questions: +0.5 on average.
        answer = request("GET", "/api/v1/evaluators/drift", session=admin)
        self.assertEqual(answer.status, 200, answer.text())
        drift = {d["evaluator"]: d for d in answer.json()}
        self.assertEqual((drift["eva"]["scores"], drift["eva"]["mean_signed"]), (4, 0.5))
        self.assertEqual(request("GET", "/api/v1/evaluators/drift", session=eva).status, 403)
        # The drift page: admins only, linked from their navigation.
        answer = request("GET", "/evaluators/drift", session=admin)
        self.assertEqual(answer.status, 200, answer.text()[:500])
        self.assertIn('<th scope="row">eva</th>', answer.text())
        self.assertIn('<td class="number">+0,50</td>', answer.text())
        self.assertIn('href="/evaluators/drift"', request("GET", "/", session=admin).text())
        self.assertNotIn('href="/evaluators/drift"', request("GET", "/", session=eva).text())
        self.assertEqual(request("GET", "/evaluators/drift", session=eva).status, 403)
        self.assertEqual(request("GET", "/evaluators/drift").status, 401)

    def test_06_openapi_matches_the_routes(self):
        document = openapi_document()
        self.assertEqual(document["openapi"], "3.0.3")
        served = request("GET", "/api/v1/openapi.json")
        self.assertEqual(served.status, 200)
        self.assertEqual(served.json(), document, "the served document is not docs/openapi.json")
        routes = {(method, route_template(regex)) for method, regex in server_routes()}
        documented = {(method, openapi_template(path)) for method, path in openapi_operations(document)}
        self.assertEqual(sorted(routes - documented), [], "routes missing from docs/openapi.json")
        self.assertEqual(sorted(documented - routes), [], "operations in docs/openapi.json the server lacks")
        self.assertEqual(len(openapi_operations(document)), len(documented), "an operation is documented twice")

        # Every path parameter is declared, and every operation names its answers and the Error schema exists.
        parameters = document["components"]["parameters"]
        problems = []
        for method, path in openapi_operations(document):
            operation = document["paths"][path][method.lower()]
            declared = set()
            for parameter in operation.get("parameters", []):
                if "$ref" in parameter:
                    parameter = parameters[parameter["$ref"].rsplit("/", 1)[1]]
                if parameter["in"] == "path":
                    declared.add(parameter["name"])
            wanted = set(re.findall(r"\{([^}]+)\}", path))
            if declared != wanted:
                problems.append(f"{method} {path}: path parameters {sorted(declared)}, expected {sorted(wanted)}")
            if not operation.get("responses"):
                problems.append(f"{method} {path}: no responses")
        self.assertEqual(problems, [])
        self.assertIn("Error", document["components"]["schemas"])
        self.assertEqual(document["components"]["securitySchemes"]["session"],
                         {**document["components"]["securitySchemes"]["session"], "type": "apiKey", "in": "cookie",
                          "name": "kompass_session"})
        self.assertIn("X-CSRF-Token", json.dumps(document["components"]["parameters"]))

        # Every status the tests so far got from an operation (the matrix, the error shapes, the conflict) is
        # one that the document lists for it.
        patterns = [(method, re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))), path)
                    for method, path in openapi_operations(document)]
        undocumented = set()
        for method, path, status in Server.seen:
            for operation_method, pattern, template in patterns:
                if operation_method == method and pattern.fullmatch(path):
                    if str(status) not in document["paths"][template][method.lower()]["responses"]:
                        undocumented.add(f"{method} {template}: {status}")
        self.assertEqual(sorted(undocumented), [], "answers not documented in docs/openapi.json")

        # Every documented operation exists on the running server (any answer but the unknown-route 404).
        examples = {"id": PUBLISHED, "country": "SE", "code": "2281", "fid": str(Server.published_fid),
                    "target": "question", "target_id": "1.1.1", "format": "html", "username": "spare",
                    "action_id": Server.aid}
        missing = []
        for method, path in openapi_operations(document):
            concrete = re.sub(r"\{([^}]+)\}", lambda m: examples[m.group(1)], path)
            body = None if method in ("GET", "DELETE") else "{}"
            answer = request(method, concrete, body)
            if answer.status == 404 and error_of(answer)["code"] == "unknown_page":
                missing.append(f"{method} {concrete}")
        self.assertEqual(missing, [], "documented but not served")

    def test_07_report_downloads(self):
        base = f"/api/v1/evaluations/{PUBLISHED}/report"
        answer = request("GET", base + ".pdf")
        self.assertEqual(answer.status, 200, answer.text()[:500])
        self.assertEqual(answer.header("Content-Type"), "application/pdf")
        self.assertTrue(answer.body.startswith(b"%PDF"))
        self.assertIn("attachment", answer.header("Content-Disposition"))
        answer = request("GET", base + ".xlsx")
        self.assertEqual(answer.status, 200, answer.text()[:500])
        self.assertIn("spreadsheetml", answer.header("Content-Type"))
        self.assertTrue(answer.body.startswith(b"PK"))
        answer = request("GET", base + ".html")
        self.assertEqual(answer.status, 200)
        self.assertTrue(answer.header("Content-Type").startswith("text/html"))
        self.assertIn("Sundsvall", answer.text())
        answer = request("GET", base + ".odt")
        self.assertEqual(answer.status, 404)
        self.assertEqual(error_of(answer)["code"], "unknown_page")

    def test_07b_followup(self):
        # Örebro 2012 was published with 68 points in area 1; the re-evaluation has 70 there and nothing else yet.
        answer = request("GET", f"/api/v1/evaluations/{Server.followup}/followup", session=Server.sessions["evaluator"])
        self.assertEqual(answer.status, 200, answer.text()[:500])
        followup = answer.json()
        self.assertEqual(followup["baseline"]["id"], "orebro-2012")
        self.assertEqual(followup["comparability"], "comparable")
        self.assertFalse(followup["edition_changed"])
        self.assertEqual({k: followup["areas"][0][k] for k in ("id", "previous", "current", "difference")},
                         {"id": "1", "previous": 68, "current": 70, "difference": 2})
        self.assertEqual((followup["areas"][1]["previous"], followup["areas"][1]["current"]), (85, None))
        self.assertEqual((followup["total"]["previous"], followup["total"]["difference"]), (615, None))
        answer = request("GET", f"/api/v1/evaluations/{PUBLISHED}/followup")
        self.assertEqual((answer.status, error_of(answer)["code"]), (422, "no_baseline"))

    def test_07c_action_plan(self):
        # Sundsvall's municipality user plans an action on two weaknesses of its published evaluation, updates it,
        # notes its progress, reads the plan and downloads it as XLSX.
        town = Server.sessions["municipality"]
        findings = request("GET", f"/api/v1/evaluations/{PUBLISHED}/findings").json()
        weak = [f["id"] for f in findings if f["kind"] == "weakness"][:2]
        strength = next(f for f in findings if f["kind"] == "strength")
        base = f"/api/v1/evaluations/{PUBLISHED}"
        answer = request("POST", base + "/actions", {"title": "Lättlästa dokument", "findings": weak,
                                                     "owner": "kommunikationsenheten", "start_date": "2013-01-01",
                                                     "due_date": "2013-12-31"}, town)
        self.assertEqual(answer.status, 201, answer.text())
        action = answer.json()
        self.assertEqual((action["findings"], action["status"], action["overdue"]), (weak, "planned", True))
        answer = request("PATCH", f"/api/v1/actions/{action['id']}", {"status": "in_progress"}, town)
        self.assertEqual(answer.status, 200, answer.text())
        self.assertEqual((answer.json()["status"], answer.json()["owner"]), ("in_progress", "kommunikationsenheten"))
        answer = request("POST", f"/api/v1/actions/{action['id']}/notes", {"text": "Mallar klara", "date": "2013-05-02"},
                         town)
        self.assertEqual(answer.status, 201, answer.text())
        self.assertEqual(answer.json()["notes"][-1], {"date": "2013-05-02", "text": "Mallar klara", "author": "sundsvall"})
        answer = request("GET", base + "/action-plan", session=town)
        self.assertEqual(answer.status, 200, answer.text())
        plan = answer.json()
        self.assertIn(action["id"], plan["overdue"])
        linked = {f["id"]: f["actions"] for area in plan["areas"] for f in area["findings"]}
        self.assertTrue(all(action["id"] in linked[w] for w in weak), linked)
        self.assertNotIn(strength["id"], linked)
        answer = request("GET", base + "/action-plan.xlsx", session=town)
        self.assertEqual(answer.status, 200, answer.text()[:500])
        self.assertIn("spreadsheetml", answer.header("Content-Type"))
        self.assertTrue(answer.body.startswith(b"PK"))
        # Bad input names its field; a strength is refused.
        answer = request("POST", base + "/actions", {"title": "x", "findings": [strength["id"]]}, town)
        self.assertEqual((answer.status, error_of(answer)["code"], error_of(answer)["field"]),
                         (422, "action_finding_strength", "findings"))
        answer = request("PATCH", f"/api/v1/actions/{action['id']}", {"due_date": "2012-01-01"}, town)
        self.assertEqual((answer.status, error_of(answer)["field"]), (422, "due_date"))
        answer = request("PATCH", f"/api/v1/actions/{action['id']}", {"findings": "12"}, town)
        self.assertEqual((answer.status, error_of(answer)["field"]), (400, "findings"))

    def test_08_gzip(self):
        path = f"/api/v1/evaluations/{PUBLISHED}"
        plain = request("GET", path)
        packed = request("GET", path, headers={"Accept-Encoding": "gzip"})
        self.assertEqual(packed.status, 200)
        self.assertEqual(packed.header("Content-Encoding"), "gzip")
        self.assertEqual(gzip.decompress(packed.body), plain.body)
        self.assertLess(len(packed.body), len(plain.body))
        self.assertIsNone(plain.header("Content-Encoding"))

    def test_09_login_rate_limit(self):
        # Three failed sign-ins of one account use up the limit: the right password is then refused too.
        for _ in range(3):
            answer = request("POST", "/api/v1/session", {"username": "locked", "password": "wrong password"})
            self.assertEqual(answer.status, 401, answer.text())
            self.assertEqual(error_of(answer)["code"], "login_failed")
        answer = request("POST", "/api/v1/session", {"username": "locked", "password": PASSWORD})
        self.assertEqual(answer.status, 429, answer.text())
        self.assertEqual(error_of(answer)["code"], "login_rate_limited")
        self.assertIsNone(answer.header("Set-Cookie"))
        # Sessions already open go on working.
        self.assertEqual(request("GET", "/api/v1/users", session=Server.sessions["admin"]).status, 200)

    def test_09a_client_address_behind_a_trusted_proxy(self):
        # The server trusts 127.0.0.1 as its proxy, so the sign-in limit counts per address that proxy appended to
        # X-Forwarded-For (the last one): failures from one client do not lock out another behind the same proxy,
        # and an address the client itself put first in the header changes nothing.
        def sign_in_from(username, password, forwarded):
            return request("POST", "/api/v1/session", {"username": username, "password": password},
                           headers={"X-Forwarded-For": forwarded})
        for number in range(3):
            answer = sign_in_from(f"nobody{number}", "wrong password", "203.0.113.7")
            self.assertEqual(answer.status, 401, answer.text())
        self.assertEqual(sign_in_from("spare", PASSWORD, "198.51.100.1, 203.0.113.7").status, 429)
        self.assertEqual(sign_in_from("spare", PASSWORD, "203.0.113.7, 203.0.113.8").status, 200)
        # The access log line is written just after the answer is sent.
        deadline = time.monotonic() + 5
        while True:
            logged = [line for line in read_stderr().splitlines() if " POST /api/v1/session 200 " in line]
            if any(line.split(" ")[1] == "203.0.113.8" for line in logged) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertTrue(any(line.split(" ")[1] == "203.0.113.8" for line in logged), logged[-3:])

    def test_10_access_log_and_graceful_shutdown(self):
        # A slow request (a PDF) in flight when SIGTERM arrives still gets its whole answer.
        result = {}

        def slow():
            try:
                result["answer"] = request("GET", f"/api/v1/evaluations/{PUBLISHED}/report.pdf")
            except Exception as e:  # noqa: BLE001 - reported below
                result["error"] = e

        worker = threading.Thread(target=slow)
        worker.start()
        # The request is in flight once the server runs WeasyPrint for it (cpp-httplib drops a connection whose
        # request it has not begun to read when it stops, so a fixed sleep could be too short on a busy machine).
        deadline = time.monotonic() + 20
        while not server_children() and time.monotonic() < deadline and "answer" not in result:
            time.sleep(0.01)
        self.assertNotIn("answer", result, "the PDF was done before the server could be stopped during it")
        started = time.monotonic()
        Server.process.send_signal(signal.SIGTERM)
        # The server stops once the PDF in flight is done: a few seconds, more when `make test` loads both cores
        # (the bound only catches a hang).
        try:
            code = Server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.fail("the server did not stop within 30 s of SIGTERM")
        print(f"stopped {time.monotonic() - started:.1f} s after SIGTERM, with the PDF in flight", file=sys.stderr)
        worker.join(timeout=30)
        self.assertEqual(code, 0, read_stderr()[-2000:])
        self.assertNotIn("error", result, result.get("error"))
        self.assertEqual(result["answer"].status, 200)
        self.assertTrue(result["answer"].body.startswith(b"%PDF"))

        lines = [line for line in read_stderr().splitlines() if line.strip()]
        logged = [line for line in lines if LOG_LINE.match(line)]
        self.assertEqual([line for line in lines if not LOG_LINE.match(line) and not INDEX_LINE.match(line)], [],
                         "stderr lines that are not log lines")
        self.assertEqual(len(logged), Server.requests, "one access log line per request")
        self.assertTrue(any(f" GET /api/v1/evaluations/{PUBLISHED}/report.pdf 200 " in line for line in logged))


def main():
    global KOMPASS, SOURCE, BACKEND
    parsed = backends.command_line(sys.argv[1:], __doc__)
    if isinstance(parsed, int):
        return parsed
    BACKEND, KOMPASS, SOURCE = parsed
    started = time.monotonic()
    try:
        start_server()
        suite = unittest.defaultTestLoader.loadTestsFromTestCase(Api)
        outcome = unittest.TextTestRunner(verbosity=2, failfast=False).run(suite)
    finally:
        stop_server()
    print(f"API tests on {BACKEND} took {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0 if outcome.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
