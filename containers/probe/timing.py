#!/usr/bin/env python3
"""ftmatrix timing phase: the CPUs the cell has, thread scaling, the benchmark suite and peak memory.

Run by the free-threaded interpreter under test, after smoke.py, while the orchestrator holds the run-wide timing
lock (no other cell of the run, and no other ftmatrix on the host, times at the same moment):
  <python> /ftmatrix/probe/timing.py

Prints exactly one line on stdout: a JSON object (schema in the docs' performance page). A failing step is recorded in
"errors" and the JSON is still printed; the exit status is 0 whenever the JSON was printed.

Inputs (environment):
  FTMATRIX_SMOKE_THREADS  threads for the scaling measurement (default 4)
  FTMATRIX_TIMING_REPEATS repeats of every measurement (default 5, at least 5 for a verdict)
  FTMATRIX_TWIN           the GIL twin's interpreter: timed on the same workloads, back to back; empty for none
  FTMATRIX_TWIN_ERROR     why there is no twin (the recipe's words), recorded as benchmarks.twin_error

Must run on any CPython 3.6 or later, like smoke.py.
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time

DEFAULT_THREADS = 4
DEFAULT_REPEATS = 5
# Iterations of spin(): about 0.15 s per call for CPython 3.13t on the reference machine.
SPIN_ITERATIONS = 2000000
# A speedup may exceed min(threads, cpus) only by timer noise; above this factor it is not believable.
NOISE_TOLERANCE = 1.10
MEMORY_REPEATS = 3
WORKLOAD_TIMEOUT_S = 300
HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOADS = os.path.join(HERE, "workloads.py")
WORKLOAD_NAMES = ("arithmetic", "calls", "objects", "dict-str", "stdlib")


def diag(message):
    sys.stderr.write("[timing] %s\n" % message)
    sys.stderr.flush()


def env_int(name, default, errors, minimum=1):
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < minimum:
        errors.append("input: %s=%r is not an integer >= %d; using %d" % (name, raw, minimum, default))
        return default
    return value


def read_text(path):
    try:
        with open(path) as f:
            return f.read()
    except (IOError, OSError):
        return None


def cgroup_cpu_limit(read=read_text):
    """CPUs the cgroup's quota allows, as a float, or None when unlimited or unknown (v2 cpu.max, then v1)."""
    v2 = read("/sys/fs/cgroup/cpu.max")
    if v2:
        fields = v2.split()
        if len(fields) == 2 and fields[0] != "max" and fields[1].isdigit() and int(fields[1]) > 0:
            return int(fields[0]) / float(fields[1])
        return None
    for base in ("/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"):
        quota = read(base + "/cpu.cfs_quota_us")
        period = read(base + "/cpu.cfs_period_us")
        if quota is not None and period is not None:
            quota, period = quota.strip(), period.strip()
            if quota.lstrip("-").isdigit() and period.isdigit() and int(quota) > 0 and int(period) > 0:
                return int(quota) / float(period)
            return None
    return None


def cpu_model(read=read_text):
    text = read("/proc/cpuinfo") or ""
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("model name", "Processor", "cpu model"):
            return value.strip()
    return None


def cpus(affinity=None, online=None, quota=None, model=None):
    """{available, online, affinity, quota, model}: available = the affinity mask capped by the cgroup quota."""
    if affinity is None:
        getaffinity = getattr(os, "sched_getaffinity", None)
        affinity = len(getaffinity(0)) if getaffinity else os.cpu_count()
    online = os.cpu_count() if online is None else online
    available = affinity
    if quota is not None and affinity is not None:
        # A quota of 1.5 CPUs lets two threads run, but only for 1.5 CPUs' worth of time: round down, at least 1.
        available = max(1, min(affinity, int(quota)))
    return {"available": available, "online": online, "affinity": affinity, "quota": quota, "model": model}


def spin(iterations):
    """Pure-Python, CPU-bound, no shared state: scales with threads only without a GIL."""
    x = 0
    for i in range(iterations):
        x = (x * 31 + i) % 1000003
    return x


def timed_in_threads(count, iterations):
    """Wall time of spin(iterations) on `count` started threads at once (1 = the baseline, also on a thread)."""
    failures = []

    def body():
        try:
            spin(iterations)
        except BaseException as exc:  # a thread's exception would otherwise only be printed
            failures.append(exc)

    workers = [threading.Thread(target=body, name="ftmatrix-spin-%d" % i) for i in range(count)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise failures[0]
    return elapsed


def scaling(one, many, count, available):
    """Speedup, efficiency and the noisy flag from the repeats on one thread and on `count` threads."""
    one_median = statistics.median(one)
    many_median = statistics.median(many)
    speedup = count * one_median / many_median if many_median > 0 else None
    bound = min(count, available) if available else count
    return {
        "one_thread_s": round(one_median, 4),
        "n_threads_s": round(many_median, 4),
        "one_thread_spread_s": [round(min(one), 4), round(max(one), 4)],
        "n_threads_spread_s": [round(min(many), 4), round(max(many), 4)],
        "one_thread_repeats_s": [round(t, 4) for t in one],
        "n_threads_repeats_s": [round(t, 4) for t in many],
        "speedup": None if speedup is None else round(speedup, 3),
        "efficiency": None if speedup is None else round(speedup / bound, 3),
        "noisy": speedup is not None and speedup > bound * NOISE_TOLERANCE,
    }


def threads_step(count, repeats, available, measure=timed_in_threads):
    """Thread scaling; an impossible speedup is measured again once and, if still impossible, stays noisy."""
    spin(SPIN_ITERATIONS // 20)  # warm-up: first-call costs stay out of the timings
    report = None
    for attempt in range(2):
        one = [measure(1, SPIN_ITERATIONS) for _ in range(repeats)]
        many = [measure(count, SPIN_ITERATIONS) for _ in range(repeats)]
        report = scaling(one, many, count, available)
        report["remeasured"] = attempt == 1
        if not report["noisy"]:
            break
        diag("speedup %.2fx is above min(%d threads, %s cpus): measuring again" % (report["speedup"], count, available))
    report.update(n=count, repeats=repeats)
    return report


def run_workload(python, args):
    done = subprocess.run([python, "-I", WORKLOADS] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=WORKLOAD_TIMEOUT_S)
    if done.returncode != 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:]) or "(no output)"
        raise RuntimeError("%s workloads.py %s exited %d: %s" % (python, " ".join(args), done.returncode, tail))
    return json.loads(done.stdout.strip().splitlines()[-1])


def benchmarks_step(twin, repeats, errors, run=run_workload):
    """Each workload on the free-threaded build, then at once on its twin, in a fresh process each."""
    report = {"repeats": repeats, "twin": twin, "workloads": []}
    for name in WORKLOAD_NAMES:
        entry = {"name": name, "interpreter_s": None, "twin_s": None}
        report["workloads"].append(entry)
        try:
            entry["interpreter_s"] = run(sys.executable, ["time", name, str(repeats)])
        except Exception as exc:  # one workload's failure leaves the others measured
            errors.append("benchmarks: %s" % exc)
        if twin:
            try:
                entry["twin_s"] = run(twin, ["time", name, str(repeats)])
            except Exception as exc:
                errors.append("benchmarks: twin: %s" % exc)
    return report


def memory_step(twin, errors, run=run_workload):
    """Peak RSS of the memory workload in a fresh process, alternating builds, MEMORY_REPEATS times each."""
    report = {"workload": "objects-heap", "interpreter_peak_kib": [], "twin_peak_kib": [] if twin else None}
    for _ in range(MEMORY_REPEATS):
        for python, key in ((sys.executable, "interpreter_peak_kib"), (twin, "twin_peak_kib")):
            if not python:
                continue
            try:
                report[key].append(run(python, ["memory"]))
            except Exception as exc:
                errors.append("memory: %s" % exc)
    return report


def main():
    errors = []
    result = {"cpus": None, "threads": None, "benchmarks": None, "memory": None, "errors": errors}
    real_stdout, sys.stdout = sys.stdout, sys.stderr
    started = time.perf_counter()
    try:
        count = env_int("FTMATRIX_SMOKE_THREADS", DEFAULT_THREADS, errors)
        repeats = env_int("FTMATRIX_TIMING_REPEATS", DEFAULT_REPEATS, errors)
        twin = os.environ.get("FTMATRIX_TWIN", "").strip() or None
        steps = (
            ("cpus", lambda: cpus(quota=cgroup_cpu_limit(), model=cpu_model())),
            ("threads", lambda: threads_step(count, repeats, result["cpus"] and result["cpus"]["available"])),
            ("benchmarks", lambda: benchmarks_step(twin, repeats, errors)),
            ("memory", lambda: memory_step(twin, errors)),
        )
        for name, step in steps:
            try:
                result[name] = step()
            except Exception as exc:  # a step reports what broke instead of ending the phase
                errors.append("%s: %s: %s" % (name, type(exc).__name__, exc))
        if result["benchmarks"] is not None:
            result["benchmarks"]["twin_error"] = os.environ.get("FTMATRIX_TWIN_ERROR", "").strip() or None
    finally:
        sys.stdout = real_stdout
    diag("timing took %.1f s" % (time.perf_counter() - started))
    real_stdout.write(json.dumps(result, allow_nan=False) + "\n")
    real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
