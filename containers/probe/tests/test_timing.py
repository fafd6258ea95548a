"""Unit tests of timing.py and workloads.py (run: python3 -m unittest)."""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)
import timing  # noqa: E402
import workloads  # noqa: E402


def files(contents):
    return lambda path: contents.get(path)


class CpusTest(unittest.TestCase):
    def test_cgroup_v1_quota_is_quota_over_period(self):
        read = files({"/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "150000\n", "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n"})
        self.assertEqual(timing.cgroup_cpu_limit(read), 1.5)

    def test_cgroup_v1_without_a_quota_is_unlimited(self):
        read = files({"/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "-1\n", "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n"})
        self.assertIsNone(timing.cgroup_cpu_limit(read))

    def test_cgroup_v2_cpu_max(self):
        self.assertEqual(timing.cgroup_cpu_limit(files({"/sys/fs/cgroup/cpu.max": "200000 100000\n"})), 2.0)
        self.assertIsNone(timing.cgroup_cpu_limit(files({"/sys/fs/cgroup/cpu.max": "max 100000\n"})))

    def test_available_is_the_affinity_capped_by_the_quota_rounded_down(self):
        self.assertEqual(timing.cpus(affinity=8, online=16, quota=1.5, model="m")["available"], 1)
        self.assertEqual(timing.cpus(affinity=2, online=16, quota=4.0, model="m")["available"], 2)
        self.assertEqual(timing.cpus(affinity=2, online=16, quota=None, model="m"),
                         {"available": 2, "online": 16, "affinity": 2, "quota": None, "model": "m"})

    def test_cpu_model_is_read_from_cpuinfo(self):
        read = files({"/proc/cpuinfo": "processor\t: 0\nmodel name\t: AMD EPYC 7B13\n"})
        self.assertEqual(timing.cpu_model(read), "AMD EPYC 7B13")


class ScalingTest(unittest.TestCase):
    def test_speedup_and_efficiency_use_medians_and_the_available_cpus(self):
        report = timing.scaling([1.0, 1.2, 1.1, 5.0, 1.0], [2.2, 2.0, 2.4, 2.2, 9.0], 4, 2)
        self.assertEqual(report["one_thread_s"], 1.1)
        self.assertEqual(report["n_threads_s"], 2.2)
        self.assertEqual(report["speedup"], 2.0)  # 4 * 1.1 / 2.2
        self.assertEqual(report["efficiency"], 1.0)  # 2.0 / min(4, 2)
        self.assertEqual(report["one_thread_spread_s"], [1.0, 5.0])
        # Every repeat, in the order taken, for the speedup's bootstrap interval.
        self.assertEqual(report["one_thread_repeats_s"], [1.0, 1.2, 1.1, 5.0, 1.0])
        self.assertEqual(report["n_threads_repeats_s"], [2.2, 2.0, 2.4, 2.2, 9.0])
        self.assertFalse(report["noisy"])

    def test_a_speedup_above_the_available_cpus_plus_tolerance_is_noisy(self):
        self.assertTrue(timing.scaling([1.0] * 5, [1.7] * 5, 4, 2)["noisy"])  # 2.35x on 2 CPUs
        self.assertFalse(timing.scaling([1.0] * 5, [1.85] * 5, 4, 2)["noisy"])  # 2.16x: within 10%

    def test_a_noisy_measurement_is_taken_again_once(self):
        calls = []

        def measure(count, iterations):
            calls.append(count)
            return 1.0 if count == 1 else 1.0  # 4 threads as fast as one: 4x on 2 CPUs, impossible every time

        report = timing.threads_step(4, 5, 2, measure)
        self.assertEqual(len(calls), 20)
        self.assertTrue(report["noisy"] and report["remeasured"])

    def test_a_believable_measurement_is_taken_once(self):
        report = timing.threads_step(4, 5, 2, lambda count, iterations: 1.0 if count == 1 else 2.0)
        self.assertEqual((report["speedup"], report["noisy"], report["remeasured"]), (2.0, False, False))
        self.assertEqual((report["n"], report["repeats"]), (4, 5))


class SuiteTest(unittest.TestCase):
    def test_the_suite_has_the_five_workload_kinds(self):
        self.assertEqual(sorted(timing.WORKLOAD_NAMES), sorted(workloads.WORKLOADS))

    def test_workloads_do_the_same_work_every_time(self):
        for name, work in workloads.WORKLOADS.items():
            self.assertEqual(work(), work(), name)

    def test_benchmarks_time_each_workload_on_both_builds(self):
        seen = []

        def run(python, args):
            seen.append((python, args[1]))
            return [0.1] * int(args[2])

        errors = []
        report = timing.benchmarks_step("/twin/python3.13", 5, errors, run)
        self.assertEqual(errors, [])
        self.assertEqual(len(report["workloads"]), 5)
        self.assertEqual(seen[:2], [(sys.executable, "arithmetic"), ("/twin/python3.13", "arithmetic")])
        self.assertEqual(report["workloads"][0]["twin_s"], [0.1] * 5)

    def test_a_failing_twin_leaves_the_free_threaded_timings(self):
        def run(python, args):
            if python == "/twin":
                raise RuntimeError("/twin workloads.py time arithmetic 5 exited 1: boom")
            return [0.1] * 5

        errors = []
        report = timing.benchmarks_step("/twin", 5, errors, run)
        self.assertEqual(report["workloads"][0]["interpreter_s"], [0.1] * 5)
        self.assertIsNone(report["workloads"][0]["twin_s"])
        self.assertEqual(errors[0], "benchmarks: twin: /twin workloads.py time arithmetic 5 exited 1: boom")

    def test_workloads_cli_times_and_measures_memory(self):
        out = subprocess.check_output([sys.executable, workloads.__file__, "time", "calls", "2"],
                                      universal_newlines=True)
        self.assertEqual(len(json.loads(out)), 2)
        peak = json.loads(subprocess.check_output([sys.executable, workloads.__file__, "memory"],
                                                  universal_newlines=True))
        self.assertGreater(peak, 20000)  # KiB: the heap of 200,000 small dicts alone is far above 20 MB

    def test_workloads_cli_rejects_an_unknown_workload_with_usage(self):
        done = subprocess.run([sys.executable, workloads.__file__, "time", "nope", "2"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True)
        self.assertEqual(done.returncode, 2)
        self.assertEqual(done.stderr, "usage: workloads.py time {arithmetic,calls,dict-str,objects,stdlib} <repeats>"
                                      " | workloads.py memory\n")


if __name__ == "__main__":
    unittest.main()
