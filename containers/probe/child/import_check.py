"""Run by smoke.py in the venv's interpreter for one package, in a fresh process (python -I), so one package's GIL
re-enablement cannot mask another's.

argv: import name, check ("" for none), distribution name. Anything the import prints goes to stderr; results are
stdout lines starting with MARK, the last one counts: one after the import, so that a check that crashes the
interpreter still leaves the import's result, and a final one with "done" set.
"""
import importlib
import json
import os
import sys
import warnings

MARK = "FTMATRIX-IMPORT: "
out_stream, sys.stdout = sys.stdout, sys.stderr
import_name, check, dist = sys.argv[1], sys.argv[2], sys.argv[3]


def gil():
    g = getattr(sys, "_is_gil_enabled", None)
    return None if g is None else bool(g())


def describe(exc):
    return "%s: %s" % (type(exc).__name__, exc)


def gil_warning(caught):
    for w in caught:
        if issubclass(w.category, RuntimeWarning) and "global interpreter lock" in str(w.message):
            return str(w.message)
    return None


def emit(out):
    out_stream.write(MARK + json.dumps(out) + "\n")
    out_stream.flush()


out = {"imported": False, "import_error": None, "gil_before": gil(), "gil_after": None,
       "gil_warning": None, "check_ok": None, "check_value": None, "check_error": None,
       "version": None, "done": False}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        importlib.import_module(import_name)
        out["imported"] = True
    except BaseException as exc:
        out["import_error"] = describe(exc)
    out["gil_after"] = gil()
    out["gil_warning"] = gil_warning(caught)
    emit(out)
    if out["imported"] and check:
        top = import_name.split(".")[0]
        try:
            value = eval(check, {top: sys.modules[top]})
            out["check_value"] = repr(value)[:200]
            out["check_ok"] = bool(value)
        except BaseException as exc:
            out["check_ok"] = False
            out["check_error"] = describe(exc)
        if out["gil_after"] is not None:
            out["gil_after"] = out["gil_after"] or gil()
        out["gil_warning"] = gil_warning(caught)
try:
    import importlib.metadata
    out["version"] = importlib.metadata.version(dist)
except Exception:
    pass
out["done"] = True
emit(out)
sys.stderr.flush()
# A thread the package started must not keep this process alive until the timeout.
os._exit(0)
