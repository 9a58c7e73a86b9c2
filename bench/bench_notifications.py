"""Notifications: fan-out of one e-mail message to N subscribers through a real SMTP server
on loopback (an aiosmtpd sink in its own process, bench/_smtp_sink.py).

1. Saturation: plain smtplib clients on several parallel connections send pre-built messages
   to the sink; the best rate is the practical limit on this machine.
2. Fan-out: for each size, a fresh platform with N confirmed e-mail subscribers of one topic
   (created in a set-up process, not timed); then, in a fresh process per run, a staff member
   saves a draft and submits it ("send"), and the delivery task is run in the same process
   right after submit returns (what the worker would do). Figures: time to create the delivery
   rows, first and last message accepted by the sink after "send", end-to-end rate and its
   ratio to the saturation rate, and the process's peak RSS.

Nothing is asserted about time. Correctness is checked: the sink received exactly N messages
for N distinct addresses and every delivery row is "sent".

    python bench/bench_notifications.py [--sizes 10000,100000] [--connections 4,8] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import email.message
import email.policy
import io
import json
import os
import pstats
import resource
import shutil
import smtplib
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from _setup import PROJECT, machine

HERE = Path(__file__).resolve().parent
TOPIC_CODE = "bench-fanout"
RESULT = "RESULT "
SUBJECT = "道路工事のお知らせ（ベンチマーク）"
BODY_JA = (
    "区道の舗装工事を行います。工事期間中は片側交互通行となります。\n"
    "ご迷惑をおかけしますが、ご協力をお願いいたします。\n" * 4
)
BODY_EN = "Road resurfacing work will take place. Traffic will alternate in one lane.\n" * 4


# --- the sink ------------------------------------------------------------------------------


class Sink:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "_smtp_sink.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline().split()
        if len(line) != 2 or line[0] != "ready":
            self.process.kill()
            raise RuntimeError(f"SMTP sink did not start: {line}")
        self.port = int(line[1])

    def ask(self, command: str) -> dict:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        try:
            self.process.stdin.write("quit\n")
            self.process.stdin.flush()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


# --- saturation with plain smtplib ---------------------------------------------------------


def _sample_message() -> bytes:
    """A multipart text + HTML message of about the size the engine sends."""
    mail = email.message.EmailMessage()
    mail["Subject"] = SUBJECT
    mail["From"] = "kuyakusho@localhost"
    mail["To"] = "someone@example.jp"
    mail["List-Unsubscribe"] = "<http://localhost:8000/notifications/unsubscribe/" + "x" * 32 + "/>"
    mail.set_content(
        BODY_JA + "\n--\n配信の停止: http://localhost:8000/notifications/unsubscribe/x/\n"
    )
    mail.add_alternative("<p>" + BODY_JA.replace("\n", "<br>\n") + "</p>", subtype="html")
    return mail.as_bytes(policy=email.policy.SMTP)


def _client(port: int, index: int, count: int, payload: bytes) -> int:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for i in range(count):
            smtp.sendmail("kuyakusho@localhost", [f"sat{index}-{i}@example.jp"], payload)
    return count


def saturation(sink: Sink, total: int, connections: int, pool_kind: str) -> dict:
    payload = _sample_message()
    per_client = total // connections
    pool_class = ThreadPoolExecutor if pool_kind == "threads" else ProcessPoolExecutor
    sink.ask("reset")
    with pool_class(max_workers=connections) as pool:
        started = time.time()
        sent = sum(
            pool.map(
                _client,
                [sink.port] * connections,
                range(connections),
                [per_client] * connections,
                [payload] * connections,
            )
        )
    ended = time.time()
    stats = sink.ask("reset")
    return {
        "kind": pool_kind,
        "connections": connections,
        "sent": sent,
        "accepted": stats["messages"],
        "seconds": stats["last"] - started,
        "rate": stats["messages"] / (stats["last"] - started),
        "sink_rate": stats["messages"] / max(1e-9, stats["last"] - stats["first"]),
        "client_seconds": ended - started,
        "bytes": stats["bytes"] / max(1, stats["messages"]),
        "sink_cpu": stats["cpu"] / (stats["last"] - started),
    }


# --- child processes: set-up and one timed run ---------------------------------------------


def _child_setup(size: int) -> None:
    from _setup import fresh_platform

    var_dir = fresh_platform()
    from django.db import connection
    from django.utils import timezone

    from kuyakusho.core.models import Department
    from kuyakusho.notifications.models import Subscriber, Topic

    topic = Topic.objects.create(
        code=TOPIC_CODE, name_ja="ベンチマーク", department=Department.objects.get(code="road")
    )
    now = timezone.now()
    batch = 5000
    for start in range(0, size, batch):
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"bench{i:07d}@example.jp",
                    language="en" if i % 5 == 0 else "ja",  # one in five reads English
                    channels=["email"],
                    confirmed_at=now,
                )
                for i in range(start, min(size, start + batch))
            ]
        )
    through = Subscriber.topics.through
    ids = list(Subscriber.objects.filter(email__startswith="bench").values_list("id", flat=True))
    for start in range(0, len(ids), batch):
        through.objects.bulk_create(
            [through(subscriber_id=i, topic_id=topic.pk) for i in ids[start : start + batch]]
        )
    connection.close()
    print(RESULT + json.dumps({"var_dir": str(var_dir), "subscribers": len(ids)}), flush=True)


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


HELPER_PROCESS = """
import sys, django
django.setup()
from kuyakusho.notifications import fanout
fanout.deliver(int(sys.argv[1]))
"""


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _child_run(var_dir: str, port: int, connections: int, profile: bool) -> None:
    os.environ.update(
        {
            "KUYAKUSHO_VAR_DIR": var_dir,
            "SMTP_URL": f"smtp://127.0.0.1:{port}",
            "KUYAKUSHO_NOTIFY_CONNECTIONS": str(connections),
            "DJANGO_SETTINGS_MODULE": "kuyakusho.settings",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count

    settings.NOTIFICATIONS_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.NOTIFICATIONS_PARALLEL_CONNECTIONS = connections

    from kuyakusho.accounts.models import User
    from kuyakusho.notifications import fanout, services
    from kuyakusho.notifications.models import Delivery, Topic

    # Instrumentation only: time insert_deliveries (deliver looks it up in fanout at call time;
    # it writes the rows while the sending threads already work), and, with --profile, profile
    # every sending thread (deliver's sending threads run fanout._send_loop).
    timings: dict[str, float] = {}
    real_queue, real_send_loop = fanout.insert_deliveries, fanout._send_loop

    def timed_queue(message_id: int) -> int:
        started = time.perf_counter()
        created = real_queue(message_id)
        timings["queue"] = time.perf_counter() - started
        timings["rows"] = created
        return created

    profiles: list[cProfile.Profile] = []
    profiles_lock = threading.Lock()

    def profiled_send_loop(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        profiler = cProfile.Profile(time.thread_time)
        with profiles_lock:
            profiles.append(profiler)
        return profiler.runcall(real_send_loop, *args, **kwargs)

    fanout.insert_deliveries = timed_queue
    if profile:
        fanout._send_loop = profiled_send_loop

    user = User.objects.get(email="road@example.jp")
    topic = Topic.objects.get(code=TOPIC_CODE)
    from kuyakusho.core.tasks import warm_up

    warm_up()  # what `kuyakusho worker` does when it starts, before any task arrives
    rss_before = _rss_kib()
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    started = time.perf_counter()
    message = services.save_draft(
        user,
        topic=topic,
        channels=["email"],
        texts={"ja": (SUBJECT, BODY_JA), "en": ("Road works", BODY_EN)},
    )
    draft_seconds = time.perf_counter() - started

    send_wall, send_perf = time.time(), time.perf_counter()
    cpu_before = _cpu_seconds()
    main_profiler = cProfile.Profile(time.thread_time) if profile else None
    if main_profiler:
        main_profiler.enable()
    message = services.submit(user, message)
    submit_seconds = time.perf_counter() - send_perf
    # More worker processes on the same message (KUYAKUSHO_NOTIFY_TASKS on a real deployment):
    # each runs what a worker runs; the first to start writes the rows, all of them send.
    helpers = [
        subprocess.Popen(
            [sys.executable, "-c", HELPER_PROCESS, str(message.pk)],
            cwd=PROJECT,
            env=dict(os.environ),
        )
        for _ in range(int(os.environ.get("BENCH_PROCESSES", "1")) - 1)
    ]
    delivered = fanout.deliver(message.pk)
    for helper in helpers:
        helper.wait()
    if main_profiler:
        main_profiler.disable()
    done_seconds = time.perf_counter() - send_perf
    cpu_seconds = _cpu_seconds() - cpu_before
    maxrss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    statuses = dict(
        Delivery.objects.filter(message=message)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    message.refresh_from_db()
    result = {
        "send_wall": send_wall,
        "draft": draft_seconds,
        "queue": timings.get("queue"),
        "rows": timings.get("rows"),
        "submit": submit_seconds,
        "done": done_seconds,
        "cpu": cpu_seconds,
        "delivered": delivered,
        "statuses": statuses,
        "message_status": message.status,
        "rss_before_kib": rss_before,
        "maxrss_before_kib": maxrss_before,
        "maxrss_kib": maxrss_after,
        "connections": settings.NOTIFICATIONS_PARALLEL_CONNECTIONS,
        "backend": settings.NOTIFICATIONS_EMAIL_BACKEND,
    }
    if profile:
        stats = pstats.Stats(main_profiler, stream=(out := io.StringIO()))
        for profiler in profiles:
            stats.add(profiler)
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(45)
        result["profile"] = out.getvalue()
    print(RESULT + json.dumps(result), flush=True)


def _run_child(*args: str) -> dict:
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith(RESULT)]
    return json.loads(lines[-1][len(RESULT) :])


# --- the orchestrator ----------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="recipient counts, comma-separated")
    parser.add_argument(
        "--connections", default="4,8", help="KUYAKUSHO_NOTIFY_CONNECTIONS values to try"
    )
    parser.add_argument("--saturation", type=int, default=20000, help="messages per saturation run")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="worker processes delivering the same message (default 1)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile (CPU time per thread) every sending thread; print hot functions",
    )
    parser.add_argument("--child-setup", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--child-run", nargs=3, metavar=("VAR_DIR", "PORT", "CONNECTIONS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    os.environ["BENCH_PROCESSES"] = str(args.processes)  # read by each fan-out child run
    if args.child_setup is not None:
        return _child_setup(args.child_setup)
    if args.child_run:
        var_dir, port, connections = args.child_run
        return _child_run(var_dir, int(port), int(connections), args.profile)

    sizes = [int(s) for s in args.sizes.split(",") if s]
    connection_counts = [int(c) for c in args.connections.split(",") if c]
    print(f"machine: {machine()}", flush=True)
    sink = Sink()
    try:
        print(
            f"sink: aiosmtpd {_aiosmtpd_version()} in its own process on 127.0.0.1:{sink.port}",
            flush=True,
        )
        print(
            f"saturation: plain smtplib, {args.saturation} pre-built messages per run", flush=True
        )
        best = None
        for kind in ("threads", "processes"):
            for connections in (4, 8):
                row = saturation(sink, args.saturation, connections, kind)
                ok = "ok" if row["accepted"] == row["sent"] else f"MISMATCH sent {row['sent']}"
                print(
                    f"  {connections} connections ({kind:<9}) {row['rate']:7.0f} msg/s  "
                    f"({row['accepted']} in {row['seconds']:.2f} s, {row['bytes']:.0f} B/msg, sink CPU {row['sink_cpu']:.0%}) {ok}",
                    flush=True,
                )
                if best is None or row["rate"] > best["rate"]:
                    best = row
        limit = best["rate"]
        print(
            f"saturation rate (best): {limit:.0f} msg/s ({best['connections']} connections, {best['kind']}); goal 0.8x = {0.8 * limit:.0f} msg/s",
            flush=True,
        )
        print(
            "fan-out: save_draft + submit by road@example.jp, then fanout.deliver() (what the worker runs) in the same process;",
            "peak memory = ru_maxrss of a fresh process per run (baseline = RSS after django.setup, before the draft)",
            flush=True,
        )
        header = (
            f"{'recipients':>10} {'conns':>5} {'queue s':>8} {'submit s':>8} {'first s':>8} {'last s':>8} "
            f"{'msg/s':>7} {'x sat':>6} {'CPU bench':>9} {'CPU sink':>8} {'RSS base':>9} {'RSS peak':>9} {'B/msg':>6}  check"
        )
        rows = []
        for size in sizes:
            setup_started = time.perf_counter()
            setup = _run_child("--child-setup", str(size))
            print(
                f"  (set-up for {size}: fresh platform + {setup['subscribers']} subscribers in {time.perf_counter() - setup_started:.1f} s, not timed)",
                flush=True,
            )
            for connections in connection_counts:
                run_dir = setup["var_dir"] + f"-run{connections}"
                shutil.copytree(setup["var_dir"], run_dir)
                sink.ask("reset")
                extra = ["--profile"] if args.profile else []
                result = _run_child(
                    "--child-run", run_dir, str(sink.port), str(connections), *extra
                )
                stats = sink.ask("reset")
                shutil.rmtree(run_dir, ignore_errors=True)
                rows.append(_row(size, connections, result, stats, limit))
                if len(rows) == 1:
                    print(header)
                print(rows[-1], flush=True)
                if args.profile:
                    print(result["profile"], flush=True)
            shutil.rmtree(setup["var_dir"], ignore_errors=True)
        print("\n".join(["", "summary:", header, *rows]), flush=True)
        print(
            "queue = writing the delivery rows (in deliver, concurrently with sending); first/last = seconds from 'send' (before submit)"
            " to the first/last message accepted by the sink; msg/s = recipients / last; x sat = msg/s / saturation rate;"
            " CPU = CPU time / wall time of the bench process (submit + deliver) and of the sink (send .. last message),"
            " 100% = one core",
            flush=True,
        )
    finally:
        sink.close()


def _row(size: int, connections: int, result: dict, stats: dict, limit: float) -> str:
    send = result["send_wall"]
    first = (stats["first"] - send) if stats["first"] else float("nan")
    last = (stats["last"] - send) if stats["last"] else float("nan")
    rate = stats["messages"] / last if stats["last"] else 0.0
    sent_rows = result["statuses"].get("sent", 0)
    problems = []
    if stats["messages"] != size or stats["distinct"] != size:
        problems.append(f"sink got {stats['messages']} messages for {stats['distinct']} addresses")
    if sent_rows != size or sum(result["statuses"].values()) != size:
        problems.append(f"delivery rows {result['statuses']}")
    if result["message_status"] != "sent":
        problems.append(f"message {result['message_status']}")
    check = "ok: sink got N, all rows sent" if not problems else "FAIL: " + "; ".join(problems)
    return (
        f"{size:>10} {connections:>5} {result['queue']:>8.2f} {result['submit']:>8.2f} {first:>8.2f} {last:>8.2f} "
        f"{rate:>7.0f} {rate / limit:>6.2f} {result['cpu'] / result['done']:>8.0%} {stats['cpu'] / last:>7.0%} "
        f"{result['rss_before_kib'] / 1024:>6.0f} MB {result['maxrss_kib'] / 1024:>6.0f} MB "
        f"{stats['bytes'] / max(1, stats['messages']):>6.0f}  {check}"
    )


def _aiosmtpd_version() -> str:
    try:
        from importlib.metadata import version

        return version("aiosmtpd")
    except Exception:  # noqa: BLE001 - only for the label
        return "?"


if __name__ == "__main__":
    main()
