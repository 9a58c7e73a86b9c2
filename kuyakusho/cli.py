"""`kuyakusho` command: demo, serve, worker, test, bench, and every Django management command.

kuyakusho demo [--host H] [--port N] [--ward nerima|kita|suginami]
kuyakusho serve [--host H] [--port N] [--workers N] [--threads N] [--no-worker]
kuyakusho worker
kuyakusho migrate | loaddemo [--ward W] | createstaff ... | check | audit verify
kuyakusho test [pytest args]        (used by `python3 run.py test`)
kuyakusho bench [name ...]          (runs bench/*.py and prints figures)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _django(*args: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuyakusho.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kuyakusho", *args])


def _test(args: list[str]) -> int:
    from kuyakusho.core.i18n_build import compile_catalogs

    compile_catalogs()
    env = dict(os.environ)
    env.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API in e2e tests
    # The suite runs on SQLite unless a test database (and Redis) is named explicitly, so a
    # DATABASE_URL meant for the running platform is never used by tests.
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if env.get("KUYAKUSHO_TEST_DATABASE_URL"):
        env["DATABASE_URL"] = env["KUYAKUSHO_TEST_DATABASE_URL"]
    if env.get("KUYAKUSHO_TEST_REDIS_URL"):
        env["REDIS_URL"] = env["KUYAKUSHO_TEST_REDIS_URL"]
    # Ordinary tests use the database queue; the RQ engine is exercised by its own tests.
    env["KUYAKUSHO_TASK_ENGINE"] = "database"
    env.setdefault("KUYAKUSHO_VAR_DIR", tempfile.mkdtemp(prefix="kuyakusho-test-"))
    command = [sys.executable, "-m", "pytest", *args]
    return subprocess.call(command, cwd=PROJECT_DIR, env=env)


def _bench(names: list[str]) -> int:
    bench_dir = PROJECT_DIR / "bench"
    scripts = sorted(bench_dir.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    status = 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        status |= subprocess.call([sys.executable, str(script)], cwd=PROJECT_DIR)
    return status


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = args[0], args[1:]
    if command == "test":
        return _test(rest)
    if command == "bench":
        return _bench(rest)
    if command in {"demo", "serve"}:
        from kuyakusho.core.i18n_build import compile_catalogs

        compile_catalogs()
    _django(command, *rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
