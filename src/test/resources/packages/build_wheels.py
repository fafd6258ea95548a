#!/usr/bin/env python3
"""Builds the smoke-test fixture wheels (see README.md here) as real PEP 427 wheels, without setuptools.

Run inside a container that has a free-threaded CPython and a C compiler (the source-build install image):

    /opt/ftmatrix/python3.13t/bin/python3.13t build_wheels.py <out_dir>

The extensions are compiled with `cc` against the headers and EXT_SUFFIX of the interpreter they are meant
for, and each wheel's tags are derived from that same interpreter, so a file name never claims an ABI its
binary was not built for. ftm-gil-abi-only needs the distribution's GIL build (/usr/bin/python3.X and its
headers): when they are missing this installs python3.X-dev with apt-get, the only step that needs a network.

Prints the paths of the wheels written, one a line, on stdout; progress goes to stderr. Exit status 0 when all
four were written, 1 when a step failed, 2 for wrong usage.
"""

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
VERSION = "1.0"
COMPILE_TIMEOUT_S = 120
QUERY_TIMEOUT_S = 60
APT_TIMEOUT_S = 900
# Fixed timestamps make the wheels byte-for-byte reproducible.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# Printed as JSON by the interpreter a wheel is built for: where its headers are and what it calls itself.
FACTS = (
    "import json, sys, sysconfig\n"
    "v = sysconfig.get_config_var\n"
    "print(json.dumps({'executable': sys.executable, 'implementation': sys.implementation.name,\n"
    "    'cache_tag': sys.implementation.cache_tag, 'include': sysconfig.get_paths()['include'],\n"
    "    'ext_suffix': v('EXT_SUFFIX'), 'gil_disabled': bool(v('Py_GIL_DISABLED')),\n"
    "    'debug': bool(v('Py_DEBUG')), 'platform': sysconfig.get_platform()}))\n"
)

# name, what it is, the interpreter it is built for ("self": the free-threaded one running this script,
# "gil": the distribution's GIL build of the same minor), and its source under HERE/<name>/.
PROJECTS = [
    {"name": "ftm-pure", "kind": "pure", "for": None, "source": "ftm_pure",
     "summary": "ftmatrix test fixture: pure Python, py3-none-any"},
    {"name": "ftm-ext-ft", "kind": "ext", "for": "self", "source": "ftm_ext_ft.c",
     "summary": "ftmatrix test fixture: C extension declaring Py_MOD_GIL_NOT_USED"},
    {"name": "ftm-ext-gil", "kind": "ext", "for": "self", "source": "ftm_ext_gil.c",
     "summary": "ftmatrix test fixture: C extension without Py_mod_gil (re-enables the GIL)"},
    {"name": "ftm-gil-abi-only", "kind": "ext", "for": "gil", "source": "ftm_gil_abi_only.c",
     "summary": "ftmatrix test fixture: only a GIL-ABI wheel, no sdist"},
]


class BuildError(Exception):
    pass


def log(message):
    sys.stderr.write("[build_wheels] %s\n" % message)
    sys.stderr.flush()


def run(args, timeout, env=None):
    log("running: %s" % " ".join("<code>" if "\n" in arg else arg for arg in args))
    try:
        done = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise BuildError("%s did not finish in %d s" % (args[0], timeout))
    except OSError as exc:
        raise BuildError("cannot run %s: %s" % (args[0], exc))
    if done.returncode != 0:
        raise BuildError("%s exited %d:\n%s%s" % (" ".join(args), done.returncode, done.stdout, done.stderr))
    return done.stdout


def facts(python):
    answer = json.loads(run([python, "-c", FACTS], QUERY_TIMEOUT_S).strip().splitlines()[-1])
    if answer["implementation"] != "cpython":
        raise BuildError("%s is %s; these fixtures are CPython extensions" % (python, answer["implementation"]))
    return answer


def wheel_tag(f):
    """(python, abi, platform) as pip computes them for this interpreter: cp313-cp313t-linux_x86_64."""
    version = f["cache_tag"].split("-")[-1]  # "cpython-313" -> "313"
    abi = "cp%s%s%s" % (version, "t" if f["gil_disabled"] else "", "d" if f["debug"] else "")
    platform = re.sub(r"[-.]", "_", f["platform"])
    return "cp" + version, abi, platform


def ensure_gil_headers(python, minor):
    """The GIL build and its Python.h: apt-get install python3.X-dev when either is missing."""
    if os.path.exists(python):
        f = facts(python)
        if os.path.exists(os.path.join(f["include"], "Python.h")):
            return f
    package = "python%s-dev" % minor
    log("%s or its headers are missing; installing %s with apt-get" % (python, package))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive", NEEDRESTART_SUSPEND="1")
    run(["apt-get", "update", "-q"], APT_TIMEOUT_S, env)
    run(["apt-get", "install", "-y", "-q", "--no-install-recommends", package], APT_TIMEOUT_S, env)
    f = facts(python)
    if not os.path.exists(os.path.join(f["include"], "Python.h")):
        raise BuildError("no Python.h in %s after installing %s" % (f["include"], package))
    return f


def compile_extension(source, module, f, build_dir):
    target = os.path.join(build_dir, module + f["ext_suffix"])
    run(["cc", "-shared", "-fPIC", "-O2", "-Wall", "-I", f["include"], "-o", target, source], COMPILE_TIMEOUT_S)
    return target


def record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def write_wheel(out_dir, project, tag, files):
    """files: [(path in the wheel, bytes)]. Writes <dist>-<ver>-<tag>.whl and returns its path."""
    dist = re.sub(r"[^\w\d.]+", "_", project["name"])
    dist_info = "%s-%s.dist-info" % (dist, VERSION)
    metadata = "Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: %s\n" % (
        project["name"], VERSION, project["summary"])
    wheel = "Wheel-Version: 1.0\nGenerator: ftmatrix build_wheels.py\nRoot-Is-Purelib: %s\nTag: %s\n" % (
        "true" if project["kind"] == "pure" else "false", "-".join(tag))
    entries = sorted(files) + [(dist_info + "/METADATA", metadata.encode()), (dist_info + "/WHEEL", wheel.encode())]
    record = "".join("%s,%s,%d\n" % (name, record_hash(data), len(data)) for name, data in entries)
    entries.append((dist_info + "/RECORD", (record + dist_info + "/RECORD,,\n").encode()))

    path = os.path.join(out_dir, "%s-%s-%s.whl" % (dist, VERSION, "-".join(tag)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as whl:
        for name, data in entries:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.external_attr = (0o755 if name.endswith(".so") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            whl.writestr(info, data)
    return path


def read(path):
    with open(path, "rb") as fh:
        return fh.read()


def build(out_dir):
    builder = facts(sys.executable)
    if not builder["gil_disabled"]:
        raise BuildError("%s is a GIL build; run this with a free-threaded interpreter (python3.13t)"
                         % sys.executable)
    minor = "%d.%d" % sys.version_info[:2]
    gil = None
    os.makedirs(out_dir, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="ftm-wheels-") as build_dir:
        for project in PROJECTS:
            source = os.path.join(HERE, project["name"], project["source"])
            if project["kind"] == "pure":
                files = [(project["source"] + "/" + name, read(os.path.join(source, name)))
                         for name in sorted(os.listdir(source)) if name.endswith(".py")]
                tag = ("py3", "none", "any")
            else:
                if project["for"] == "gil":
                    gil = gil or ensure_gil_headers("/usr/bin/python" + minor, minor)
                    target = gil
                else:
                    target = builder
                module = project["source"][:-len(".c")]
                built = compile_extension(source, module, target, build_dir)
                files = [(os.path.basename(built), read(built))]
                tag = wheel_tag(target)
            written.append(write_wheel(out_dir, project, tag, files))
            log("wrote %s" % written[-1])
    return written


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: <free-threaded python> build_wheels.py <out_dir>\n")
        return 2
    try:
        for path in build(os.path.abspath(argv[1])):
            print(path)
    except BuildError as exc:
        sys.stderr.write("build_wheels.py: %s\n" % exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
