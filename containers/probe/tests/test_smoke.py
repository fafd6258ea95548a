"""Unit tests of smoke.py's pure functions and of the scripts it runs in a venv (run: python3 -m unittest)."""
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import smoke  # noqa: E402


class Completed(object):
    def __init__(self, returncode, stdout="", stderr=""):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


class TextHelpersTest(unittest.TestCase):
    def test_short_keeps_the_last_five_lines_joined(self):
        text = "\n".join("line %d" % i for i in range(8))
        self.assertEqual(smoke.short(text), "line 3 | line 4 | line 5 | line 6 | line 7")

    def test_short_cuts_long_text_keeping_its_end(self):
        cut = smoke.short("x" * 600 + "END")
        self.assertEqual(len(cut), smoke.ERROR_TEXT_LIMIT)
        self.assertTrue(cut.startswith("...") and cut.endswith("END"))

    def test_one_line_keeps_the_start_of_a_long_detail(self):
        detail = smoke.one_line("START\n" + "y" * 700)
        self.assertEqual(len(detail), smoke.DETAIL_LIMIT)
        self.assertTrue(detail.startswith("START | y") and detail.endswith("..."))

    def test_normalize_name_follows_pep_503(self):
        self.assertEqual(smoke.normalize_name("Foo__Bar.baz-Qux"), "foo-bar-baz-qux")

    def test_parse_version_reads_major_and_minor(self):
        self.assertEqual(smoke.parse_version("25.1.1"), (25, 1))
        self.assertEqual(smoke.parse_version("24"), (24, 0))
        self.assertIsNone(smoke.parse_version("dev"))


class InputsTest(unittest.TestCase):
    def setUp(self):
        self.saved = dict(os.environ)

    def tearDown(self):
        os.environ.clear()
        os.environ.update(self.saved)

    def test_env_int_rejects_zero_with_a_message_and_uses_the_default(self):
        os.environ["FTMATRIX_X"] = "0"
        errors = []
        self.assertEqual(smoke.env_int("FTMATRIX_X", 4, errors), 4)
        self.assertEqual(errors, ["input: FTMATRIX_X='0' is not a positive integer (must be at least 1); using 4"])

    def test_env_flag_reads_1_and_0_and_reports_anything_else(self):
        errors = []
        os.environ["FTMATRIX_F"] = "0"
        self.assertFalse(smoke.env_flag("FTMATRIX_F", True, errors))
        os.environ["FTMATRIX_F"] = "yes"
        self.assertTrue(smoke.env_flag("FTMATRIX_F", True, errors))
        self.assertEqual(errors, ["input: FTMATRIX_F='yes' is not 1 or 0; using 1"])

    def test_package_specs_derive_name_and_import_and_skip_bad_entries(self):
        os.environ["FTMATRIX_SMOKE_PACKAGES"] = json.dumps(
            [{"requirement": "Typing_Extensions>=4"}, {"requirement": 7}, {"requirement": "numpy", "check": "1"}])
        errors = []
        specs = smoke.package_specs(errors)
        self.assertEqual(specs, [
            {"requirement": "Typing_Extensions>=4", "name": "typing-extensions", "import": "typing_extensions",
             "check": None},
            {"requirement": "numpy", "name": "numpy", "import": "numpy", "check": "1"}])
        self.assertEqual(errors, ["input: FTMATRIX_SMOKE_PACKAGES[1] needs a string \"requirement\" starting with a "
                                  "project name and string or null \"name\", \"import\", \"check\"; skipped"])

    def test_package_specs_report_text_that_is_not_json(self):
        os.environ["FTMATRIX_SMOKE_PACKAGES"] = "[numpy"
        errors = []
        self.assertEqual(smoke.package_specs(errors), [])
        self.assertTrue(errors[0].startswith("input: FTMATRIX_SMOKE_PACKAGES is not JSON ("), errors)


class InstallFailureTest(unittest.TestCase):
    settings = {"index_url": "http://127.0.0.1:9/simple", "extra_index_url": None, "find_links": None,
                "allow_sdist": False}

    def package(self):
        return smoke.empty_package({"requirement": "numpy", "name": "numpy", "import": "numpy", "check": None})

    def test_an_unreachable_index_is_an_install_failure_naming_the_index(self):
        done = Completed(1, stderr="WARNING: Retrying ... NewConnectionError('<pip._vendor.urllib3.connection."
                                   "HTTPConnection object>: Failed to establish a new connection: [Errno 111] "
                                   "Connection refused')': /simple/numpy/\n")
        category, detail = smoke.classify_install_failure(self.package(), done, self.settings, False)
        self.assertEqual(category, "install-failed")
        self.assertEqual(detail, "could not reach http://127.0.0.1:9/simple (/simple/numpy/): "
                                 "[Errno 111] Connection refused")

    def test_any_other_failure_quotes_pips_last_error_line(self):
        done = Completed(2, stderr="Collecting numpy\nERROR: Exception: boom\n")
        category, detail = smoke.classify_install_failure(self.package(), done, self.settings, False)
        self.assertEqual((category, detail), ("install-failed", "pip exited 2: ERROR: Exception: boom"))


class ChildScriptsTest(unittest.TestCase):
    def test_venv_query_prints_the_gil_state_as_one_json_line(self):
        out = subprocess.check_output([sys.executable, smoke.VENV_QUERY], universal_newlines=True)
        answer = json.loads(out)
        self.assertEqual(sorted(answer), ["gil_enabled", "py_gil_disabled"])
        self.assertEqual(answer["py_gil_disabled"], smoke.py_gil_disabled())

    def test_import_check_reports_a_module_that_imports_and_its_check(self):
        out = subprocess.check_output([sys.executable, "-I", smoke.IMPORT_CHECK, "json", "json.dumps(1) == '1'",
                                       "no-such-dist"], universal_newlines=True)
        lines = [line for line in out.splitlines() if line.startswith(smoke.IMPORT_RESULT_MARK)]
        answer = json.loads(lines[-1][len(smoke.IMPORT_RESULT_MARK):])
        self.assertTrue(answer["imported"] and answer["done"] and answer["check_ok"])
        self.assertEqual(answer["check_value"], "True")

    def test_import_check_reports_a_missing_module(self):
        out = subprocess.check_output([sys.executable, "-I", smoke.IMPORT_CHECK, "ftmatrix_no_such_module", "",
                                       "x"], universal_newlines=True)
        answer = json.loads(out.splitlines()[-1][len(smoke.IMPORT_RESULT_MARK):])
        self.assertFalse(answer["imported"])
        self.assertEqual(answer["import_error"], "ModuleNotFoundError: No module named 'ftmatrix_no_such_module'")


if __name__ == "__main__":
    unittest.main()
