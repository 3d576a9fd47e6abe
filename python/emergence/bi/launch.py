"""Builds Superset's venv, loads the dashboards on a published snapshot and serves them on
localhost (docs/bi.md). ``python -m emergence.bi.launch install|serve``: ``make bi`` serves.

Superset cannot share the project's venv (it needs SQLAlchemy 1.4, pandas 2, numpy 1), so it gets
``.venv-superset/`` (git-ignored), rebuilt when ``requirements.txt`` changes. Superset's
metadata schema (users, roles, permissions: ``superset db upgrade`` and ``init``, about a
minute) is built once per venv as a template; each home starts from a copy of it.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from emergence.paths import project_dir

BI_DIR = Path(__file__).parent
REQUIREMENTS = BI_DIR / "requirements.txt"
USER = "admin"
# A local tool on localhost, over a read-only copy of the marts: a fixed login keeps
# `make bi` one command. Set EMERGENCE_BI_PASSWORD to choose another.
PASSWORD = os.environ.get("EMERGENCE_BI_PASSWORD", "admin")
DASHBOARDS = {"account emergence": "account-emergence", "contribution": "contribution"}


def superset_venv() -> Path:
    return Path(os.environ.get("EMERGENCE_BI_VENV", project_dir() / ".venv-superset"))


def _stamp(venv: Path) -> Path:
    return venv / ".emergence-stamp"


def _wanted() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def superset_env(venv: Path, home: Path) -> dict[str, str]:
    """The environment of Superset's commands on ``home``, where its metadata lives."""
    secret = venv / "secret_key"
    if not secret.exists():
        secret.write_text(secrets.token_hex(32))
    return {
        **os.environ,
        "SUPERSET_HOME": str(home),
        "SUPERSET_CONFIG_PATH": str(BI_DIR / "superset_config.py"),
        "EMERGENCE_BI_SECRET_KEY": secret.read_text(),
        "EMERGENCE_BI_USER": USER,
        "FLASK_APP": "superset.app:create_app()",
    }


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command[:3])} failed (exit {result.returncode}):\n{result.stderr[-3000:]}"
        )


def install(venv: Path | None = None) -> Path:
    """Superset's venv with its metadata template, built when missing or out of date."""
    venv = venv or superset_venv()
    if _stamp(venv).exists() and _stamp(venv).read_text() == _wanted():
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    _run([sys.executable, "-m", "venv", str(venv)], dict(os.environ))
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    _run([*pip, "--upgrade", "pip"], dict(os.environ))
    _run([*pip, "-r", str(REQUIREMENTS)], dict(os.environ))
    template = venv / "metadata-template"
    template.mkdir()
    env = superset_env(venv, template)
    superset = str(venv / "bin" / "superset")
    _run([superset, "db", "upgrade"], env)
    admin = [
        "--username",
        USER,
        "--firstname",
        "Emergence",
        "--lastname",
        "Admin",
        "--email",
        "admin@localhost",
    ]
    _run([superset, "fab", "create-admin", *admin, "--password", PASSWORD], env)
    _run([superset, "init"], env)
    _stamp(venv).write_text(_wanted())
    return venv


def load(home: Path, snapshot: Path, venv: Path | None = None) -> dict[str, str]:
    """Loads the dashboards on ``snapshot`` into ``home`` (made from the template when new);
    returns the environment that serves them."""
    venv = install(venv)
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "superset.db").exists():
        shutil.copy(venv / "metadata-template" / "superset.db", home / "superset.db")
    env = superset_env(venv, home)
    _run([str(venv / "bin" / "python"), str(BI_DIR / "superset_content.py"), str(snapshot)], env)
    return env


def serve(venv: Path, env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    """Superset's web server on 127.0.0.1:``port``, once it answers; its output to ``log``."""
    command = [str(venv / "bin" / "superset"), "run", "-h", "127.0.0.1", "-p", str(port), "--with-threads"]
    with log.open("w") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"Superset exited {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(1)
    server.terminate()
    raise RuntimeError(f"Superset did not answer on port {port} within 120 s:\n{log.read_text()[-3000:]}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["install"]:
        print(f"Superset installed in {install()}")
        return 0
    snapshot = project_dir() / "warehouse" / "published" / "current"
    if not (snapshot / "emergence.duckdb").exists():
        print(f"No published snapshot at {snapshot}: run `make run` first.", file=sys.stderr)
        return 1
    home = project_dir() / "warehouse" / "bi" / "superset"
    port = int(os.environ.get("BI_PORT", "8088"))
    venv = install()
    env = load(home, snapshot.resolve(), venv)
    server = serve(venv, env, port, home / "server.log")
    print(f"Superset on http://127.0.0.1:{port}/ (user {USER}, password {PASSWORD}); Ctrl-C stops it.")
    for title, slug in DASHBOARDS.items():
        print(f"  {title}: http://127.0.0.1:{port}/superset/dashboard/{slug}/")
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
