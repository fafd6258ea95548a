#!/usr/bin/env python3
"""ftmatrix smoke probe: is this interpreter free-threaded, and does it work?

Run by the interpreter under test:  <python> /ftmatrix/probe/smoke.py

Prints exactly one line on stdout: a JSON object (schema in containers/README.md). Everything
else (diagnostics, subprocess output) goes to stderr or is captured. A failing step is recorded
in "errors" and the JSON is still printed; the exit status is 0 whenever the JSON was printed.

Inputs (environment):
  FTMATRIX_SMOKE_VENV     "1" (default) to create a venv and query it, "0" to skip that step
  FTMATRIX_SMOKE_THREADS  number of threads for the threading step (default 4)
  FTMATRIX_WORK           writable directory for the venv (default: a fresh temporary directory,
                          removed afterwards)

Must run on any CPython 3 (GIL or free-threaded, 3.6 onwards): no syntax or APIs newer than 3.6,
and sys._is_gil_enabled is looked up with getattr since it exists only from 3.13 on.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import traceback

PROBE_VERSION = 1
SUBPROCESS_TIMEOUT_S = 300
DEFAULT_THREADS = 4
# Iterations of spin(): about 0.35 s per call for CPython 3.13t on the reference machine.
WORK_ITERATIONS = 6000000
# Timings are the best of a few runs: other load on the machine only ever adds time.
THREADED_REPEATS = 2
SINGLE_THREAD_REPEATS = 3
ERROR_TEXT_LIMIT = 500

# Run in the venv's interpreter; prints its build and runtime GIL state as one JSON line.
VENV_QUERY = (
    "import json, sys, sysconfig\n"
    "v = sysconfig.get_config_var('Py_GIL_DISABLED')\n"
    "g = getattr(sys, '_is_gil_enabled', None)\n"
    "print(json.dumps({'py_gil_disabled': None if v is None else int(v),\n"
    "                  'gil_enabled': None if g is None else bool(g())}))\n"
)


def diag(message):
    sys.stderr.write("[smoke] %s\n" % message)
    sys.stderr.flush()


def short(text):
    """The tail of a (possibly multi-line) text, on one line, at most ERROR_TEXT_LIMIT chars."""
    lines = [line.strip() for line in (text or "").strip().splitlines() if line.strip()]
    joined = " | ".join(lines[-5:])
    if len(joined) > ERROR_TEXT_LIMIT:
        joined = "..." + joined[-(ERROR_TEXT_LIMIT - 3):]
    return joined


def describe(exc):
    return "%s: %s" % (type(exc).__name__, short(str(exc)) or "(no message)")


def gil_enabled():
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return None if is_enabled is None else bool(is_enabled())


def py_gil_disabled():
    value = sysconfig.get_config_var("Py_GIL_DISABLED")
    return None if value is None else int(value)


def env_int(name, default, errors):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
        if value < 1:
            raise ValueError("must be at least 1")
        return value
    except ValueError as exc:
        errors.append("input: %s=%r is not a positive integer (%s); using %d" % (name, raw, exc, default))
        return default


def env_flag(name, default, errors):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    if raw.strip() in ("1", "0"):
        return raw.strip() == "1"
    errors.append("input: %s=%r is not 1 or 0; using %d" % (name, raw, int(default)))
    return default


def run(args):
    """Runs a subprocess with captured output and a deadline. Returns CompletedProcess."""
    diag("running: %s" % " ".join("<code>" if "\n" in arg else arg for arg in args))
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    result = subprocess.run(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=SUBPROCESS_TIMEOUT_S,
        env=env,
    )
    if result.stderr.strip():
        diag("exit %d, stderr: %s" % (result.returncode, short(result.stderr)))
    return result


def venv_python(venv_dir):
    if os.name == "nt":
        return os.path.join(venv_dir, "Scripts", "python.exe")
    return os.path.join(venv_dir, "bin", "python")


def venv_step(requested, work_dir):
    """Creates <work>/venv, then asks its python about the GIL and pip."""
    report = {
        "requested": requested,
        "created": None,
        "python": None,
        "py_gil_disabled": None,
        "gil_enabled": None,
        "pip_version": None,
        "error": None,
    }
    if not requested:
        return report
    problems = []
    report["created"] = False
    try:
        venv_dir = os.path.join(work_dir, "venv")
        created = run([sys.executable, "-m", "venv", "--clear", venv_dir])
        python = venv_python(venv_dir)
        if created.returncode != 0:
            problems.append("venv: exit %d: %s" % (created.returncode, short(created.stderr or created.stdout)))
            return report
        if not os.path.exists(python):
            problems.append("venv: %s missing after -m venv" % python)
            return report
        report["created"] = True
        report["python"] = python

        query = run([python, "-c", VENV_QUERY])
        if query.returncode == 0 and query.stdout.strip():
            answer = json.loads(query.stdout.strip().splitlines()[-1])
            report["py_gil_disabled"] = answer.get("py_gil_disabled")
            report["gil_enabled"] = answer.get("gil_enabled")
        else:
            problems.append("query: exit %d: %s" % (query.returncode, short(query.stderr or query.stdout)))

        # "pip 25.1 from /…/site-packages/pip (python 3.13)"
        pip = run([python, "-m", "pip", "--version"])
        words = pip.stdout.split()
        if pip.returncode == 0 and len(words) >= 2 and words[0] == "pip":
            report["pip_version"] = words[1]
        else:
            problems.append("pip: exit %d: %s" % (pip.returncode, short(pip.stderr or pip.stdout)))
    except subprocess.TimeoutExpired as exc:
        problems.append("timeout: %s did not finish in %d s" % (" ".join(exc.cmd), exc.timeout))
    except Exception as exc:  # the step reports what broke instead of ending the probe
        problems.append(describe(exc))
        diag(traceback.format_exc())
    finally:
        report["error"] = "; ".join(problems) if problems else None
    return report


def spin(iterations):
    """Pure-Python, CPU-bound, no shared state: scales with threads only without a GIL."""
    x = 0
    for i in range(iterations):
        x = (x * 31 + i) % 1000003
    return x


def timed_in_threads(count, iterations):
    """Wall time of running spin(iterations) on `count` threads at once."""
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


def threads_step(count):
    report = {"n": count, "one_thread_s": None, "n_threads_s": None, "speedup": None, "single_thread_s": None}
    spin(WORK_ITERATIONS // 20)  # warm-up: first-call costs stay out of the timings
    one = min(timed_in_threads(1, WORK_ITERATIONS) for _ in range(THREADED_REPEATS))
    report["one_thread_s"] = round(one, 4)
    many = min(timed_in_threads(count, WORK_ITERATIONS) for _ in range(THREADED_REPEATS))
    report["n_threads_s"] = round(many, 4)
    if many > 0:
        report["speedup"] = round(count * one / many, 3)
    report["single_thread_s"] = round(min(timed_here(WORK_ITERATIONS) for _ in range(SINGLE_THREAD_REPEATS)), 4)
    return report


def timed_here(iterations):
    """Wall time of spin(iterations) on the calling thread."""
    start = time.perf_counter()
    spin(iterations)
    return time.perf_counter() - start


def probe(result):
    errors = result["errors"]
    want_venv = env_flag("FTMATRIX_SMOKE_VENV", True, errors)
    thread_count = env_int("FTMATRIX_SMOKE_THREADS", DEFAULT_THREADS, errors)
    result["threads"]["n"] = thread_count
    result["venv"]["requested"] = want_venv

    steps = [
        ("interpreter", lambda: result.update(
            executable=sys.executable,
            version=sys.version,
            version_info=list(sys.version_info),
            implementation=sys.implementation.name,
        )),
        ("py_gil_disabled", lambda: result.update(py_gil_disabled=py_gil_disabled())),
        ("gil_enabled_at_start", lambda: result.update(gil_enabled_at_start=gil_enabled())),
    ]
    for name, step in steps:
        guarded(name, step, errors)

    work_dir = os.environ.get("FTMATRIX_WORK") or None
    temp_dir = None
    try:
        if want_venv and work_dir is None:
            temp_dir = tempfile.mkdtemp(prefix="ftmatrix-smoke-")
            work_dir = temp_dir
        guarded("venv", lambda: result.update(venv=venv_step(want_venv, work_dir)), errors)
    finally:
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
    guarded("threads", lambda: result["threads"].update(threads_step(thread_count)), errors)
    guarded("gil_enabled_at_end", lambda: result.update(gil_enabled_at_end=gil_enabled()), errors)


def guarded(name, step, errors):
    try:
        step()
    except Exception as exc:
        errors.append("%s: %s" % (name, describe(exc)))
        diag(traceback.format_exc())


def empty_result():
    return {
        "probe_version": PROBE_VERSION,
        "executable": None,
        "version": None,
        "version_info": None,
        "implementation": None,
        "py_gil_disabled": None,
        "gil_enabled_at_start": None,
        "gil_enabled_at_end": None,
        "venv": {
            "requested": True,
            "created": None,
            "python": None,
            "py_gil_disabled": None,
            "gil_enabled": None,
            "pip_version": None,
            "error": None,
        },
        "threads": {"n": DEFAULT_THREADS, "one_thread_s": None, "n_threads_s": None, "speedup": None,
                    "single_thread_s": None},
        "errors": [],
    }


def main():
    real_stdout = sys.stdout
    # Anything printed while probing (an import, a warning hook) must not corrupt the one JSON line.
    sys.stdout = sys.stderr
    result = empty_result()
    started = time.perf_counter()
    try:
        probe(result)
    except BaseException as exc:  # KeyboardInterrupt, SystemExit from a step: still report
        result["errors"].append("probe: %s" % describe(exc))
        diag(traceback.format_exc())
    finally:
        sys.stdout = real_stdout
    diag("probe took %.1f s" % (time.perf_counter() - started))
    try:
        line = json.dumps(result, allow_nan=False)
    except ValueError as exc:
        result["errors"].append("probe: result not serialisable: %s" % exc)
        for key in ("one_thread_s", "n_threads_s", "speedup", "single_thread_s"):
            result["threads"][key] = None
        line = json.dumps(result, allow_nan=False, default=str)
    real_stdout.write(line + "\n")
    real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
