"""The store that a `kompass serve` under test uses: an SQLite file or a new PostgreSQL database (stdlib only).

Shared by test_api.py and test_concurrency.py. A PostgreSQL database is created on the server that
KOMPASS_TEST_POSTGRES names (scripts/with-postgres sets it) and dropped by drop(), whatever the tests did.
"""
import json
import os
import re
import secrets
import socket
import subprocess
import sys

BACKENDS = ("sqlite", "postgres")
SKIPPED = 77  # ctest's SKIP_RETURN_CODE


def backend_argument(argv):
    """The value of --backend in argv (default sqlite) and argv without it; ValueError for an unknown one."""
    rest, backend = [], "sqlite"
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--backend":
            backend = next(arguments, "")
        elif argument.startswith("--backend="):
            backend = argument.split("=", 1)[1]
        else:
            rest.append(argument)
    if backend not in BACKENDS:
        raise ValueError(f"--backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    return backend, rest


def command_line(argv, usage):
    """(backend, kompass, source) from `argv` ([--backend B] KOMPASS SOURCE, paths made absolute), or the exit code
    to end with: 2 for bad arguments (the problem or `usage` printed), SKIPPED when `backend` cannot run here (the
    reason printed)."""
    try:
        backend, arguments = backend_argument(argv)
    except ValueError as problem:
        print(problem, file=sys.stderr)
        return 2
    if len(arguments) != 2:
        print(usage, file=sys.stderr)
        return 2
    if reason := skip_reason(backend):
        print(f"skipped: {reason}")
        return SKIPPED
    return backend, os.path.abspath(arguments[0]), os.path.abspath(arguments[1])


def skip_reason(backend):
    """Why the tests cannot run on `backend` here, or None when they can."""
    if backend == "postgres" and not os.environ.get("KOMPASS_TEST_POSTGRES"):
        return "KOMPASS_TEST_POSTGRES is not set (run under scripts/with-postgres)"
    return None


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def signed_in(username, status, set_cookie, body):
    """The session a POST /api/v1/session answered: (its token from the cookie, the JSON document with the CSRF
    token and the user); AssertionError naming `username` when the sign-in failed or set no session cookie."""
    if status != 200:
        raise AssertionError(f"sign-in of {username}: {status} {body[:300]}")
    token = re.match(r"kompass_session=([^;]*)", set_cookie or "")
    if not token:
        raise AssertionError(f"sign-in of {username} set no session cookie: {set_cookie!r}")
    return token.group(1), json.loads(body)


def psql(url, sql):
    done = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise AssertionError(f"psql {sql!r} exited {done.returncode}: {done.stderr}")


class Store:
    """One store: `location` is what `kompass --db` takes (a file path or a postgresql:// URL). Commands and the
    server should run in `folder`: the search index of a PostgreSQL store is a folder in the working directory."""

    def __init__(self, backend, kompass, source, folder):
        self.backend, self.kompass, self.source, self.folder = backend, kompass, source, folder
        self.server = self.database = None
        if backend == "sqlite":
            self.location = os.path.join(folder, "kompass.db")
        else:
            admin = os.environ["KOMPASS_TEST_POSTGRES"]
            self.server = admin
            self.database = f"kompass_test_{os.getpid()}_{secrets.token_hex(4)}"
            self.location = admin.rsplit("/", 1)[0] + "/" + self.database

    def create_demo(self):
        """The demo database (scripts/demo-db): the shipped editions, Sundsvall 2012 and the published figures."""
        if self.backend == "sqlite":
            subprocess.run([os.path.join(self.source, "scripts/demo-db"), self.kompass, self.location], check=True,
                           capture_output=True)
            return
        psql(self.server, f"CREATE DATABASE {self.database}")
        # scripts/demo-db's steps; it builds a file under another name and renames it, which a URL cannot do.
        samples = os.path.join(self.source, "data/samples")
        for args in (["init"], ["import", f"{samples}/sundsvall-2012.json"],
                     ["import", f"{samples}/published-results.csv"],
                     ["import", f"{samples}/published-averages.csv"]):
            done = subprocess.run([self.kompass, "--db", self.location, *args], capture_output=True, text=True,
                                  cwd=self.folder)
            if done.returncode != 0:
                raise AssertionError(f"kompass {' '.join(args)} exited {done.returncode}: {done.stderr}")

    def drop(self):
        """Drops the PostgreSQL database (closing any connection left); an SQLite file goes with its folder."""
        if self.database:
            try:
                psql(self.server, f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
            except AssertionError as failure:
                print(f"could not drop {self.database}: {failure}")
