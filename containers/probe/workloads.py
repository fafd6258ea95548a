#!/usr/bin/env python3
"""ftmatrix benchmark workloads: the single-thread suite and the memory workload the timing phase runs.

Run by each interpreter under comparison, one fresh process per workload:
  <python> workloads.py time <workload> <repeats>   prints a JSON array of wall seconds, one per repeat
  <python> workloads.py memory                      prints the process's peak RSS in KiB after the memory workload

Each workload does a fixed amount of work (no time-based loops), so the free-threaded build and its GIL twin do
exactly the same thing and only their speed differs. Sizes are chosen for about 0.1-0.3 s per repeat on CPython
3.13 on the reference machine, long enough to dwarf timer resolution, short enough that the whole suite stays
within a few seconds per build. Must run on any CPython 3.6 or later, like smoke.py.
"""

import json
import re
import sys
import time


def arithmetic():
    """Pure integer and float arithmetic in a loop: the interpreter's eval loop and number objects."""
    x = 0
    y = 0.5
    for i in range(700000):
        x = (x * 31 + i) % 1000003
        y = y * 0.999 + i * 1e-7
    return x + int(y)


def calls():
    """Function calls and recursion: frame creation, argument passing, return."""
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    def add(a, b=1):
        return a + b

    total = fib(25)
    for i in range(400000):
        total = add(total, i & 7)
    return total


class _Point(object):
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class _Node(object):
    def __init__(self, value, parent):
        self.value = value
        self.parent = parent


def objects():
    """Object allocation and attribute access, both slotted and with an instance __dict__."""
    total = 0
    node = None
    for i in range(300000):
        p = _Point(i, i + 1)
        total += p.x + p.y
        node = _Node(i, node if i % 64 else None)
        total += node.value
    return total


def dict_str():
    """dict insertion and lookup with str keys, str formatting, joining and splitting."""
    counts = {}
    for i in range(300000):
        key = "key-%d" % (i % 997)
        counts[key] = counts.get(key, 0) + 1
    words = " ".join("%s=%d" % item for item in sorted(counts.items()))
    pieces = words.split(" ")
    upper = [piece.upper().replace("KEY", "k") for piece in pieces]
    return len(upper) + sum(counts.values())


_RECORD = re.compile(r"^(?P<name>[a-z]+)-(?P<id>\d+)@(?P<host>[\w.]+)$")


def stdlib():
    """A stdlib-heavy task: encode and decode JSON documents and match each field with a regular expression."""
    documents = [{"name": "svc", "id": i, "host": "node%d.example" % (i % 13), "tags": ["a", "b", str(i)]}
                 for i in range(2000)]
    matched = 0
    for _ in range(15):
        text = json.dumps(documents)
        for doc in json.loads(text):
            if _RECORD.match("%s-%d@%s" % (doc["name"], doc["id"], doc["host"])):
                matched += 1
    return matched


WORKLOADS = {
    "arithmetic": arithmetic,
    "calls": calls,
    "objects": objects,
    "dict-str": dict_str,
    "stdlib": stdlib,
}


def memory_workload():
    """A fixed object-heavy heap: small objects with dicts, lists and strings, all alive at once at the peak."""
    heap = []
    for i in range(200000):
        heap.append({"id": i, "name": "item-%d" % i, "values": [i, i + 1, i + 2], "node": _Node(i, None)})
    return len(heap)


def time_workload(name, repeats):
    """Wall seconds of `repeats` runs of one workload after one untimed warm-up run."""
    work = WORKLOADS[name]
    work()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        seconds.append(round(time.perf_counter() - start, 6))
    return seconds


def peak_rss_kib():
    """This process's peak resident set size in KiB (Linux reports ru_maxrss in KiB, macOS in bytes)."""
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def main(argv):
    if len(argv) == 3 and argv[0] == "time" and argv[1] in WORKLOADS and argv[2].isdigit() and int(argv[2]) > 0:
        print(json.dumps(time_workload(argv[1], int(argv[2]))))
        return 0
    if argv == ["memory"]:
        memory_workload()
        print(json.dumps(peak_rss_kib()))
        return 0
    sys.stderr.write("usage: workloads.py time {%s} <repeats> | workloads.py memory\n" % ",".join(sorted(WORKLOADS)))
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
