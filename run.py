#!/usr/bin/env python3
"""Kuyakusho bootstrap: the two commands of the README.

    python3 run.py demo [--host H] [--port N]   run the platform with demo data
    python3 run.py test [pytest args]            run the whole test suite

Only the standard library is used here: this file creates `.venv`, installs the locked
dependencies (with hashes) and then hands over to the `kuyakusho` command inside it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
RUNTIME_LOCKS = ["requirements.lock"]
DEV_LOCKS = ["requirements.lock", "requirements-dev.lock"]


def _say(message: str) -> None:
    print(f"[run.py] {message}", flush=True)


def _lock_digest(locks: list[str]) -> str:
    digest = hashlib.sha256()
    for name in locks + ["pyproject.toml"]:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment(locks: list[str]) -> None:
    """Create .venv and install `locks` unless the same locks are installed already."""
    if sys.version_info < (3, 11):  # noqa: UP036 (run.py may be started by an older python3)
        sys.exit("Kuyakusho needs Python 3.11 or newer.")
    if not PYTHON.exists():
        _say("creating .venv")
        try:
            import ensurepip  # noqa: F401  (Debian ships it separately, in python3-venv)
        except ImportError:
            sys.exit("This Python cannot create virtual environments: install python3-venv first.")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    stamp = VENV / f".installed-{'-'.join(Path(n).stem for n in locks)}"
    wanted = _lock_digest(locks)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    _say("installing locked dependencies (" + ", ".join(locks) + ")")
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    requirements = [arg for name in locks for arg in ("-r", str(ROOT / name))]
    subprocess.run([*pip, "install", "--require-hashes", *requirements], check=True)
    # The project itself, editable, so that `.venv/bin/kuyakusho` exists.
    subprocess.run(
        [*pip, "install", "--no-deps", "--no-build-isolation", "-e", str(ROOT)], check=True
    )
    for other in VENV.glob(".installed-*"):
        other.unlink()
    stamp.write_text(wanted)


def kuyakusho(*args: str) -> int:
    command = [str(BIN / "kuyakusho"), *args]
    if os.name == "posix":
        # Become the command, so that a supervisor's SIGTERM reaches the server itself.
        sys.stdout.flush()
        sys.stderr.flush()
        os.chdir(ROOT)
        os.execv(command[0], command)  # noqa: S606 - our own venv entry point, no shell
    return subprocess.call(command, cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test"}:
        print(__doc__)
        return 2
    action, rest = argv[0], argv[1:]
    if action == "demo":
        ensure_environment(RUNTIME_LOCKS)
        return kuyakusho("demo", *rest)
    ensure_environment(DEV_LOCKS)
    return kuyakusho("test", *rest)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
