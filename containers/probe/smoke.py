#!/usr/bin/env python3
"""ftmatrix smoke probe: is this interpreter free-threaded, and does it work?

Run by the interpreter under test:  <python> /ftmatrix/probe/smoke.py

Prints exactly one line on stdout: a JSON object (schema in containers/README.md). Everything
else (diagnostics, subprocess output) goes to stderr or is captured. A failing step is recorded
in "errors" and the JSON is still printed; the exit status is 0 whenever the JSON was printed.

Inputs (environment):
  FTMATRIX_SMOKE_VENV     "1" (default) to create a venv and query it, "0" to skip that step
  FTMATRIX_WORK           writable directory for the venv (default: a fresh temporary directory,
                          removed afterwards)
  FTMATRIX_SMOKE_PACKAGES JSON array of {"requirement", "name", "import", "check"}: each is installed
                          into the venv by its pip, then imported (and checked) in a fresh interpreter
  FTMATRIX_SMOKE_INDEX_URL, FTMATRIX_SMOKE_EXTRA_INDEX_URL, FTMATRIX_SMOKE_FIND_LINKS
                          given to pip as --index-url, --extra-index-url, --find-links when set
  FTMATRIX_SMOKE_ALLOW_SDIST
                          "0" (default): pip --only-binary :all:, so a missing free-threaded wheel
                          is reported instead of hidden by a source build; "1": sdists may be built

Thread scaling, the benchmark suite and memory are timing.py's: the orchestrator runs it afterwards, under the
run-wide timing lock, so that this probe's functional checks can run in parallel with other cells.

Must run on any CPython 3 (GIL or free-threaded, 3.6 onwards): no syntax or APIs newer than 3.6,
and sys._is_gil_enabled is looked up with getattr since it exists only from 3.13 on.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import traceback
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit
from urllib.request import Request, urlopen

PROBE_VERSION = 2
SUBPROCESS_TIMEOUT_S = 300
ERROR_TEXT_LIMIT = 500
DETAIL_LIMIT = 600
INSTALL_TIMEOUT_S = 600
IMPORT_TIMEOUT_S = 120
INDEX_TIMEOUT_S = 10
DEFAULT_INDEX_URL = "https://pypi.org/simple"
# pip learned the free-threaded "t" ABI tag in 24.1; older pip installs cp313 wheels on 3.13t.
PIP_FIRST_FT_AWARE = (24, 1)
# --report appeared in pip 22.2.
PIP_FIRST_WITH_REPORT = (22, 2)
INDEX_WHEELS_LISTED = 8
IMPORT_RESULT_MARK = "FTMATRIX-IMPORT: "
GIL_WARNING_START = "The global interpreter lock (GIL) has been enabled"
# pip output that means the index or a download could not be reached, not that nothing matched.
NETWORK_MARKS = ("NewConnectionError", "Failed to establish a new connection", "Connection refused",
                 "Max retries exceeded", "Could not fetch URL", "Temporary failure in name resolution",
                 "Name or service not known", "ConnectTimeoutError", "ReadTimeoutError", "SSLError",
                 "ProxyError", "connection broken by")
NO_MATCH_MARKS = ("No matching distribution found", "Could not find a version that satisfies")
BUILD_MARKS = ("Failed building wheel", "Failed to build", "subprocess-exited-with-error",
               "metadata-generation-failed", "legacy-install-failure", "failed-wheel-build-for-install")
SDIST_SUFFIXES = (".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip")

HERE = os.path.dirname(os.path.abspath(__file__))
# Scripts the probe runs in the venv's interpreter. They sit apart in child/ because a script's directory leads
# sys.path before 3.11 (even under -I), and nothing there may shadow a package under test.
VENV_QUERY = os.path.join(HERE, "child", "venv_query.py")
IMPORT_CHECK = os.path.join(HERE, "child", "import_check.py")


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


def one_line(text):
    """text on one line, cut at DETAIL_LIMIT chars keeping its start (a detail leads with its point)."""
    if text is None:
        return None
    joined = " | ".join(line.strip() for line in text.splitlines() if line.strip())
    return joined if len(joined) <= DETAIL_LIMIT else joined[:DETAIL_LIMIT - 3] + "..."


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


def run(args, timeout=SUBPROCESS_TIMEOUT_S, env=None):
    """Runs a subprocess with captured output and a deadline. Returns CompletedProcess."""
    diag("running: %s" % " ".join(args))
    if env is None:
        env = os.environ
    env = dict(env, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    result = subprocess.run(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=timeout,
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

        query = run([python, VENV_QUERY])
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


def normalize_name(name):
    """PEP 503 normalised project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_version(text):
    """(major, minor) from a version string such as "25.1.1" or "24.1b1"; None if it has no leading number."""
    match = re.match(r"\s*(\d+)(?:\.(\d+))?", text or "")
    if not match:
        return None
    return int(match.group(1)), int(match.group(2) or 0)


def interpreter_tags():
    """(python tag, ABI tag) pip should look for on this interpreter, e.g. ("cp313", "cp313t"), or (None, None).
    The probe runs the venv's base interpreter, so its tags are the venv's."""
    digits = (getattr(sys.implementation, "cache_tag", None) or "").split("-")[-1]
    if sys.implementation.name != "cpython" or not digits.isdigit():
        return None, None
    return "cp" + digits, "cp%s%s" % (digits, "t" if py_gil_disabled() == 1 else "")


def package_specs(errors):
    """FTMATRIX_SMOKE_PACKAGES as a list of {requirement, name, import, check}; bad entries are skipped."""
    raw = os.environ.get("FTMATRIX_SMOKE_PACKAGES")
    if raw is None or raw.strip() == "":
        return []
    try:
        entries = json.loads(raw)
    except ValueError as exc:
        errors.append("input: FTMATRIX_SMOKE_PACKAGES is not JSON (%s); no package tested" % exc)
        return []
    if not isinstance(entries, list):
        errors.append("input: FTMATRIX_SMOKE_PACKAGES is not a JSON array; no package tested")
        return []
    specs = []
    for index, entry in enumerate(entries):
        requirement = entry.get("requirement") if isinstance(entry, dict) else None
        requirement = requirement if isinstance(requirement, str) else None
        project = re.match(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)", requirement or "")
        fields = [entry.get(key) for key in ("name", "import", "check")] if isinstance(entry, dict) else []
        if project is None or any(v is not None and not isinstance(v, str) for v in fields):
            errors.append("input: FTMATRIX_SMOKE_PACKAGES[%d] needs a string \"requirement\" starting with a "
                          "project name and string or null \"name\", \"import\", \"check\"; skipped" % index)
            continue
        name = normalize_name(entry.get("name") or project.group(1))
        specs.append({
            "requirement": requirement.strip(),
            "name": name,
            "import": entry.get("import") or name.replace("-", "_"),
            "check": entry.get("check") or None,
        })
    return specs


def package_settings(errors):
    def text(name):
        value = os.environ.get(name, "").strip()
        return value or None

    return {
        "index_url": text("FTMATRIX_SMOKE_INDEX_URL"),
        "extra_index_url": text("FTMATRIX_SMOKE_EXTRA_INDEX_URL"),
        "find_links": text("FTMATRIX_SMOKE_FIND_LINKS"),
        "allow_sdist": env_flag("FTMATRIX_SMOKE_ALLOW_SDIST", False, errors),
    }


def empty_package(spec):
    return {
        "requirement": spec["requirement"],
        "name": spec["name"],
        "import": spec["import"],
        "installed": False,
        "source": None,
        "file": None,
        "tags": [],
        "version": None,
        "install_s": None,
        "imported": None,
        "import_error": None,
        "gil_enabled_after_import": None,
        "gil_warning": None,
        "check": spec["check"],
        "check_ok": None,
        "check_error": None,
        "category": None,
        "detail": None,
    }


def wheel_tags(file_name):
    """PEP 427: name-ver[-build]-py-abi-plat.whl, each of py/abi/plat possibly a '.'-joined set."""
    parts = file_name[:-len(".whl")].split("-")
    if len(parts) not in (5, 6):
        return []
    pythons, abis, platforms = (part.split(".") for part in parts[-3:])
    return ["%s-%s-%s" % (p, a, x) for p in pythons for a in abis for x in platforms]


def file_version(file_name):
    """The version part of a wheel (name-ver-...) or sdist (name-ver.tar.gz) file name."""
    if file_name.endswith(".whl"):
        parts = file_name.split("-")
        return parts[1] if len(parts) > 1 else ""
    stem = file_name
    for suffix in SDIST_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[:-len(suffix)]
            break
    return stem.rsplit("-", 1)[-1]


def file_of(url):
    """The file name at the end of a URL, or the URL itself when it names no archive (a directory, a VCS)."""
    base = unquote(urlsplit(url).path.rstrip("/").split("/")[-1])
    if base.endswith(".whl") or base.endswith(SDIST_SUFFIXES):
        return base
    return url


def read_install_report(path, name):
    """The pip --report entry for the requested project: (file URL, version), or (None, None)."""
    try:
        with open(path) as fh:
            report = json.load(fh)
    except (OSError, ValueError) as exc:
        diag("no usable pip report at %s: %s" % (path, exc))
        return None, None
    items = [item for item in report.get("install") or [] if isinstance(item, dict)]
    ours = [item for item in items
            if normalize_name((item.get("metadata") or {}).get("name") or "") == name]
    requested = [item for item in ours or items if item.get("requested")]
    chosen = (requested or ours or [None])[0]
    if chosen is None:
        return None, None  # already installed: pip had nothing to do
    return (chosen.get("download_info") or {}).get("url"), (chosen.get("metadata") or {}).get("version")


class _Links(HTMLParser):
    """File names of a PEP 503 project page: each anchor's text, else the last part of its href."""

    def __init__(self):
        HTMLParser.__init__(self)
        self.files = []
        self._href = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            text = "".join(self._text).strip()
            self.files.append(text or unquote(urlsplit(self._href).path.split("/")[-1]))
            self._href = None


def index_listing(index_url, name):
    """What the project's PEP 503 page offers: {url, wheels, sdists, error, missing}."""
    listing = {"url": (index_url or DEFAULT_INDEX_URL).rstrip("/") + "/" + name + "/",
               "wheels": [], "sdists": [], "error": None, "missing": False}
    try:
        response = urlopen(Request(listing["url"], headers={"Accept": "text/html"}), timeout=INDEX_TIMEOUT_S)
        try:
            page = response.read().decode("utf-8", "replace")
        finally:
            response.close()
        parser = _Links()
        parser.feed(page)
        listing["wheels"] = [f for f in parser.files if f.endswith(".whl")]
        listing["sdists"] = [f for f in parser.files if f.endswith(SDIST_SUFFIXES)]
    except Exception as exc:  # only makes a detail more useful; never fatal
        listing["missing"] = getattr(exc, "code", None) == 404
        listing["error"] = describe(exc)
    return listing


def no_wheel_detail(package, pip_output, settings, pip_too_old):
    """no-ft-wheel, or install-failed when the index does not have the project at all: (category, detail)."""
    python_tag, abi_tag = interpreter_tags()
    versions = re.search(r"\(from versions: ([^)]*)\)", pip_output)
    usable = [] if versions is None or versions.group(1).strip() == "none" else \
        [v.strip() for v in versions.group(1).split(",") if v.strip()]
    seen = " matching %s (pip saw usable versions: %s)" % (package["requirement"], ", ".join(usable)) \
        if usable else ""
    index = index_listing(settings["index_url"], package["name"])
    other_sources = settings["extra_index_url"] or settings["find_links"]
    if index["missing"] and not other_sources:
        return "install-failed", "the index has no project %s (%s answered 404)" % (package["name"], index["url"])
    offered = set(file_version(f) for f in index["wheels"] + (index["sdists"] if settings["allow_sdist"] else []))
    if usable and not index["error"] and not other_sources and offered <= set(usable):
        # Every version the index offers could be installed here: the requirement excludes them, not the ABI.
        return "install-failed", "no version of %s matches %s; the index offers %s" % (
            package["name"], package["requirement"], ", ".join(usable))
    if index["error"]:
        where = "could not read %s: %s" % (index["url"], index["error"])
    else:
        wheels = index["wheels"]
        # Wheels for this minor first: they show which ABI the project does build for.
        ours = [w for w in wheels if any(t.split("-")[0] == python_tag for t in wheel_tags(w))]
        shown = (ours or wheels)[-INDEX_WHEELS_LISTED:]
        listing = ", ".join(shown) if shown else "no wheels"
        if len(wheels) > len(shown):
            listing += " (and %d more wheels)" % (len(wheels) - len(shown))
        if not index["sdists"]:
            sdist = "no sdist"
        elif settings["allow_sdist"]:
            sdist = "sdist %s" % index["sdists"][-1]
        else:
            sdist = "sdist %s (not tried: allow_sdist is off)" % index["sdists"][-1]
        where = "the index has: %s; %s" % (listing, sdist)
    detail = "no wheel for %s%s; %s" % (abi_tag or "this interpreter", seen, where)
    if pip_too_old and py_gil_disabled() == 1:
        detail += "; pip is older than 24.1 and does not know free-threaded wheel tags"
    return "no-ft-wheel", detail


def meaningful_lines(text):
    skip = ("[notice]", "note:", "hint:", "╰─>", "│", "×")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.strip().startswith(skip)]


def last_error_line(text):
    """pip's last ERROR line, else its last line that is not a notice or a hint."""
    lines = meaningful_lines(text)
    errors = [line for line in lines if line.startswith("ERROR:")]
    return short((errors or lines or ["(no output)"])[-1])


def build_failure_detail(package, output):
    """Which sdist, which build step, and the build's own first error line (a compiler's, a backend's)."""
    sdist = re.search(r"([\w.+-]+(?:%s))\b" % "|".join(re.escape(s) for s in SDIST_SUFFIXES), output)
    if sdist:
        package["source"], package["file"] = "sdist", sdist.group(1)
    step = re.search(r"\u00d7 (.+?) did not run successfully", output)
    # pip quotes the failing subprocess between "\u2570\u2500> [N lines of output]" and "[end of output]".
    block = re.search(r"\u2570\u2500> \[\d+ lines? of output\]\n(.*?)\n\s*\[end of output\]", output, re.S)
    lines = [line.strip() for line in block.group(1).splitlines() if line.strip()] if block else []
    errors = [line for line in lines if re.search(r"\berror\b", line, re.I)]
    cause = errors[0] if errors else (lines[-1] if lines else last_error_line(output))
    return "building %s from source failed%s: %s" % (
        sdist.group(1) if sdist else package["requirement"], " (%s)" % step.group(1) if step else "", cause)


def classify_install_failure(package, done, settings, pip_too_old):
    """(category, detail) for a pip install that exited non-zero."""
    output = (done.stdout or "") + "\n" + (done.stderr or "")
    network = [line for line in meaningful_lines(output) if any(mark in line for mark in NETWORK_MARKS)]
    if network:
        # pip's retry warnings are long and repr-laden; the errno text and the URL path say what matters.
        reason = re.search(r"(\[Errno [^\]]*\][^'\")]*)", network[-1])
        where = re.search(r"'\)*: (/\S*)$", network[-1])
        return "install-failed", "could not reach %s%s: %s" % (
            settings["index_url"] or "the index", " (%s)" % where.group(1) if where else "",
            reason.group(1).strip() if reason else short(network[-1]))
    # A build was attempted only if pip found an sdist; what failed then (even a missing build dependency)
    # is the build.
    if settings["allow_sdist"] and any(mark in output for mark in BUILD_MARKS):
        return "build-failed", build_failure_detail(package, output)
    if any(mark in output for mark in NO_MATCH_MARKS):
        return no_wheel_detail(package, output, settings, pip_too_old)
    return "install-failed", "pip exited %d: %s" % (done.returncode, last_error_line(output))


def install_package(package, python, work_dir, settings, pip_version, pip_too_old):
    args = [python, "-m", "pip", "install", "--no-cache-dir", "--disable-pip-version-check", "--no-input"]
    report_path = None
    version = parse_version(pip_version)
    if version is None or version >= PIP_FIRST_WITH_REPORT:
        report_path = os.path.join(work_dir, "pip-report.json")
        if os.path.exists(report_path):
            os.remove(report_path)
        args += ["--report", report_path]
    if not settings["allow_sdist"]:
        args += ["--only-binary", ":all:"]
    for option, key in (("--index-url", "index_url"), ("--extra-index-url", "extra_index_url"),
                        ("--find-links", "find_links")):
        if settings[key]:
            args += [option, settings[key]]
    args.append(package["requirement"])

    started = time.perf_counter()
    try:
        done = run(args, timeout=INSTALL_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        package["install_s"] = round(time.perf_counter() - started, 3)
        package["category"] = "install-failed"
        package["detail"] = "pip install did not finish in %d s" % INSTALL_TIMEOUT_S
        return
    package["install_s"] = round(time.perf_counter() - started, 3)
    if done.returncode != 0:
        package["category"], package["detail"] = classify_install_failure(package, done, settings, pip_too_old)
        return
    package["installed"] = True
    if report_path is None:
        return
    url, installed_version = read_install_report(report_path, package["name"])
    package["version"] = installed_version
    if url:
        package["file"] = file_of(url)
        if package["file"].endswith(".whl"):
            package["source"] = "wheel"
            package["tags"] = wheel_tags(package["file"])
        else:
            package["source"] = "sdist"


def ended_how(returncode):
    return "was killed by signal %d" % -returncode if returncode < 0 else "exited %d" % returncode


def import_package(package, python):
    """Imports and checks the package in a fresh interpreter of the venv, with the GIL left to CPython."""
    env = dict(os.environ)
    env.pop("PYTHON_GIL", None)  # PYTHON_GIL=0 would hide the re-enablement this step looks for
    # -I: neither the working directory nor PYTHON* variables may shadow or alter what is imported.
    args = [python, "-I", IMPORT_CHECK, package["import"], package["check"] or "", package["name"]]
    try:
        done = run(args, timeout=IMPORT_TIMEOUT_S, env=env)
    except subprocess.TimeoutExpired:
        package["imported"] = False
        package["import_error"] = "import did not finish in %d s" % IMPORT_TIMEOUT_S
        return None
    # Printed instead of recorded (e.g. by a thread the import started, or just before a crash).
    printed = done.stderr[done.stderr.index(GIL_WARNING_START):].splitlines()[0].strip() \
        if GIL_WARNING_START in done.stderr else None
    lines = [line for line in done.stdout.splitlines() if line.startswith(IMPORT_RESULT_MARK)]
    if not lines:
        package["imported"] = False
        package["gil_warning"] = printed
        package["import_error"] = "the importing interpreter %s without a result: %s" % (
            ended_how(done.returncode), short(done.stderr) or "(no output)")
        return None
    answer = json.loads(lines[-1][len(IMPORT_RESULT_MARK):])
    if not answer["done"] and answer["imported"] and package["check"]:
        answer["check_ok"] = False
        answer["check_error"] = "the interpreter %s during the check: %s" % (
            ended_how(done.returncode), short(done.stderr) or "(no output)")
    package["imported"] = answer["imported"]
    package["import_error"] = answer["import_error"] and short(answer["import_error"])
    package["gil_enabled_after_import"] = answer["gil_after"]
    package["gil_warning"] = answer["gil_warning"] or printed
    package["check_ok"] = answer["check_ok"]
    package["check_error"] = answer["check_error"] and short(answer["check_error"])
    if package["version"] is None:
        package["version"] = answer["version"]
    return answer


def judge_import(package, answer):
    """Category and detail once the package is installed: import-failed, gil-reenabled, check-failed."""
    if not package["imported"]:
        package["category"] = "import-failed"
        package["detail"] = "import %s failed: %s" % (package["import"], package["import_error"])
    elif answer["gil_before"] is False and answer["gil_after"]:
        package["category"] = "gil-reenabled"
        # The warning's first sentence names the module that did it, which may be one the package imports.
        reason = (package["gil_warning"] or "").split(". ")[0] or "sys._is_gil_enabled() became True"
        package["detail"] = "importing %s re-enabled the GIL: %s" % (package["import"], reason)
    elif package["check_ok"] is False:
        package["category"] = "check-failed"
        if package["check_error"]:
            package["detail"] = "check %s failed: %s" % (package["check"], package["check_error"])
        else:
            package["detail"] = "check %s returned %s" % (package["check"], answer["check_value"])


def packages_step(result, specs, settings, work_dir):
    """Installs, imports and checks each package in the venv; fills result["packages"], ["pip_too_old"]."""
    venv = result["venv"]
    pip_version = parse_version(venv.get("pip_version"))
    result["pip_too_old"] = None if pip_version is None else pip_version < PIP_FIRST_FT_AWARE
    if result["pip_too_old"] and py_gil_disabled() == 1:
        diag("warning: pip %s is older than 24.1 and picks GIL (cp3XY) wheels on a free-threaded interpreter"
             % venv["pip_version"])
    for spec in specs:
        package = empty_package(spec)
        result["packages"].append(package)
        if not venv.get("created"):
            package["category"] = "venv-failed"
            package["detail"] = "no venv to install into: %s" % (
                (short(venv.get("error")) or "the venv step failed") if venv.get("requested")
                else "the venv step was not requested (FTMATRIX_SMOKE_VENV=0)")
            continue
        try:
            install_package(package, venv["python"], work_dir, settings, venv["pip_version"], result["pip_too_old"])
            if package["installed"]:
                answer = import_package(package, venv["python"])
                judge_import(package, answer or {"gil_before": None, "gil_after": None, "check_value": None})
        except Exception as exc:  # one package's surprise must not cost the others their results
            result["errors"].append("packages: %s: %s" % (spec["requirement"], describe(exc)))
            diag(traceback.format_exc())
            if package["category"] is None:
                package["category"] = "import-failed" if package["installed"] else "install-failed"
                package["detail"] = "probe error: %s" % describe(exc)
        package["detail"] = one_line(package["detail"])


def probe(result):
    errors = result["errors"]
    want_venv = env_flag("FTMATRIX_SMOKE_VENV", True, errors)
    result["venv"]["requested"] = want_venv
    specs = package_specs(errors)
    settings = package_settings(errors)

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
        if specs:
            guarded("packages", lambda: packages_step(result, specs, settings, work_dir), errors)
    finally:
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
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
        "pip_too_old": None,
        "packages": [],
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
        line = json.dumps(result, allow_nan=False, default=str)
    real_stdout.write(line + "\n")
    real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
