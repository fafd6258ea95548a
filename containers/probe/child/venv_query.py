"""Run by smoke.py in the venv's interpreter: prints its build and runtime GIL state as one JSON line."""
import json
import sys
import sysconfig

v = sysconfig.get_config_var("Py_GIL_DISABLED")
g = getattr(sys, "_is_gil_enabled", None)
print(json.dumps({"py_gil_disabled": None if v is None else int(v),
                  "gil_enabled": None if g is None else bool(g())}))
