# FAKE CPython 3.13.5 for the recipe tests that run on a machine without CPython 3.13 (TwinRecipeTest): this
# machine's python3 answering the recipes' own `-c` checks as CPython 3.13.5, free-threaded (argument 0) or with the
# GIL (argument 1). Nothing here is evidence about any build; it only lets a recipe reach its result line.
import sys

gil = sys.argv[1] == "1"
args = sys.argv[2:]
if len(args) < 2 or args[0] != "-c":
    print("FAKE python3.13: this stand-in runs -c <code> only, not %r" % (args,), file=sys.stderr)
    sys.exit(98)
sys.version_info = (3, 13, 5, "final", 0)
sys.version = "3.13.5 (FAKE stand-in%s) [this machine's python3 %s]" % (
    "" if gil else ", free-threading build", sys.version.split()[0])
sys._is_gil_enabled = lambda: gil
sys.argv = ["-c"] + args[2:]
exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
