package dev.ftmatrix.matrix;

import static dev.ftmatrix.matrix.MatrixTexts.BASE;
import static dev.ftmatrix.matrix.MatrixTexts.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The smoke packages, indexes and sdist switch, at the top level and in a method's own {@code smoke}. */
class SmokeValidationTest {
    private static final String NOT_A_REQUIREMENT = " is not a requirement specifier; write a project name with"
            + " optional version bounds, e.g. 'numpy' or 'cython>=3.1'";
    private static final String NOT_A_MODULE =
            " is not a Python module name; write it as you would in an import statement, e.g. 'yaml'";
    private static final String CHECK_HINT = "; write a single Python expression such as 'numpy.ones(3).sum() == 3'";
    private static final String NOT_HTTP = " is not an http(s) URL; write it like 'https://pypi.org/simple'";
    private static final String NOT_URL_OR_PATH = " is neither an http(s) URL nor an absolute path;"
            + " write it like '/srv/wheels' or 'https://example.org/wheels/'";
    private static final String MATRIX_WIDE = " can only be set in the top-level 'smoke'";

    @Test
    void rejectsPackageEntryThatIsNeitherARequirementNorAMapping() {
        assertThat(problems(BASE + """
                smoke:
                  packages:
                    - [numpy]
                    -
                """)).containsExactly(
                "m.yaml:12:7: smoke.packages[0]: expected a requirement such as 'numpy' or a mapping with"
                        + " 'requirement', got a list",
                "m.yaml:13:6: smoke.packages[1]: expected a requirement such as 'numpy' or a mapping with"
                        + " 'requirement', got nothing");
    }

    @Test
    void rejectsPackagesThatAreNotAList() {
        assertThat(problems(BASE + "smoke: { packages: numpy }\n")).containsExactly(
                "m.yaml:10:10: smoke.packages: expected a list of requirements such as [numpy, \"cython>=3.1\"],"
                        + " got 'numpy'");
    }

    @Test
    void rejectsUnknownAndMissingKeysInAPackageMapping() {
        assertThat(problems(BASE + """
                smoke:
                  packages:
                    - { requirement: numpy, improt: numpy }
                    - { import: yaml, checks: "yaml.__version__" }
                    - { requirement: [cffi], check: [] }
                """)).containsExactly(
                "m.yaml:12:29: smoke.packages[0]: unknown key 'improt'; did you mean 'import'?",
                "m.yaml:13:7: smoke.packages[1]: missing required key 'requirement'",
                "m.yaml:13:23: smoke.packages[1]: unknown key 'checks'; did you mean 'check'?",
                "m.yaml:14:9: smoke.packages[2].requirement: expected a requirement such as 'numpy' or"
                        + " 'cython>=3.1', got a list",
                "m.yaml:14:30: smoke.packages[2].check: expected a Python expression such as"
                        + " 'numpy.ones(3).sum() == 3', got a list");
    }

    @Test
    void rejectsRequirementsThatAreNotNameAndVersionBounds() {
        assertThat(problems(BASE + """
                smoke:
                  packages:
                    - numpy
                    - numpy>>2
                    - { requirement: "pkg @ https://example.org/pkg.whl" }
                    - "cffi; sys_platform == 'linux'"
                    - ""
                """)).containsExactly(
                "m.yaml:13:7: smoke.packages[1]: 'numpy>>2'" + NOT_A_REQUIREMENT,
                "m.yaml:14:9: smoke.packages[2].requirement: 'pkg @ https://example.org/pkg.whl'" + NOT_A_REQUIREMENT,
                "m.yaml:15:7: smoke.packages[3]: 'cffi; sys_platform == 'linux''" + NOT_A_REQUIREMENT,
                "m.yaml:16:7: smoke.packages[4]: ''" + NOT_A_REQUIREMENT);
    }

    @Test
    void rejectsImportThatIsNotAModuleName() {
        assertThat(problems(BASE + """
                smoke:
                  packages:
                    - { requirement: my-mod, import: my-mod }
                    - { requirement: cffi, import: "class" }
                    - { requirement: yaml, import: }
                """)).containsExactly(
                "m.yaml:12:30: smoke.packages[0].import: 'my-mod'" + NOT_A_MODULE,
                "m.yaml:13:28: smoke.packages[1].import: 'class'" + NOT_A_MODULE,
                "m.yaml:14:28: smoke.packages[2].import: expected a module name such as 'yaml', got nothing");
    }

    @Test
    void rejectsProjectWithoutImportWhenItsNameIsNoModuleName() {
        assertThat(problems(BASE + """
                smoke:
                  packages: ["3to2", { requirement: "pass>=1" }]
                """)).containsExactly(
                "m.yaml:11:14: smoke.packages[0]: cannot derive a module name from '3to2'; add 'import' with the"
                        + " name you would write in an import statement",
                "m.yaml:11:24: smoke.packages[1]: cannot derive a module name from 'pass'; add 'import' with the"
                        + " name you would write in an import statement");
    }

    @Test
    void rejectsCheckThatIsNotOneShortLine() {
        assertThat(problems(BASE + """
                smoke:
                  packages:
                    - requirement: numpy
                      check: |
                        import numpy
                        numpy.ones(3).sum() == 3
                    - { requirement: cffi, check: " " }
                    - { requirement: yaml, check: }
                    - { requirement: cython, check: %s }
                    - { requirement: pytest, check: %s }
                """.formatted("1".repeat(501), "1".repeat(500)))).containsExactly(
                "m.yaml:13:7: smoke.packages[0].check: must be one line" + CHECK_HINT,
                "m.yaml:16:28: smoke.packages[1].check: must not be empty" + CHECK_HINT,
                "m.yaml:17:28: smoke.packages[2].check: expected a Python expression such as"
                        + " 'numpy.ones(3).sum() == 3', got nothing",
                "m.yaml:18:30: smoke.packages[3].check: must be at most 500 characters, got 501" + CHECK_HINT);
    }

    @Test
    void rejectsTheSameProjectListedTwiceHoweverItIsWritten() {
        assertThat(problems(BASE + """
                smoke:
                  packages:
                    - numpy
                    - cython>=3.1
                    - NumPy
                    - { requirement: "Cython<4", import: Cython }
                    - pydantic-core
                    - Pydantic_Core>=2
                """)).containsExactly(
                "m.yaml:14:7: smoke.packages[2]: 'NumPy' is listed twice (first as smoke.packages[0] on line 12);"
                        + " list each project once",
                "m.yaml:15:9: smoke.packages[3]: 'Cython' is listed twice (first as smoke.packages[1] on line 13);"
                        + " list each project once",
                "m.yaml:17:7: smoke.packages[5]: 'Pydantic_Core' is listed twice (first as smoke.packages[4] on"
                        + " line 16); list each project once");
    }

    @Test
    void rejectsIndexUrlsThatAreNotHttp() {
        assertThat(problems(BASE + """
                smoke:
                  index_url: ftp://x
                  extra_index_url: pypi.org/simple
                """)).containsExactly(
                "m.yaml:11:3: smoke.index_url: 'ftp://x'" + NOT_HTTP,
                "m.yaml:12:3: smoke.extra_index_url: 'pypi.org/simple'" + NOT_HTTP);
        assertThat(problems(BASE + """
                smoke:
                  index_url: "https://"
                  extra_index_url:
                """)).containsExactly(
                "m.yaml:11:3: smoke.index_url: 'https://'" + NOT_HTTP,
                "m.yaml:12:3: smoke.extra_index_url: expected an http(s) URL such as 'https://pypi.org/simple',"
                        + " got nothing");
    }

    @Test
    void rejectsFindLinksThatIsNeitherAUrlNorAnAbsolutePath() {
        assertThat(problems(BASE + "smoke: { find_links: wheels }\n"))
                .containsExactly("m.yaml:10:10: smoke.find_links: 'wheels'" + NOT_URL_OR_PATH);
        assertThat(problems(BASE + "smoke: { find_links: \"file:///srv/wheels\" }\n"))
                .containsExactly("m.yaml:10:10: smoke.find_links: 'file:///srv/wheels'" + NOT_URL_OR_PATH);
    }

    @Test
    void rejectsNonBooleanAllowSdist() {
        assertThat(problems(BASE + "smoke: { allow_sdist: sometimes }\n"))
                .containsExactly("m.yaml:10:10: smoke.allow_sdist: expected true or false, got 'sometimes'");
    }

    @Test
    void rejectsUnknownSmokeKeyListingEveryValidKey() {
        assertThat(problems(BASE + "smoke: { colour: red }\n")).containsExactly("m.yaml:10:10: smoke: unknown key"
                + " 'colour'; valid keys are 'venv', 'threads', 'timing', 'baseline', 'packages', 'index_url',"
                + " 'extra_index_url', 'find_links', 'allow_sdist'");
        assertThat(problems(BASE + "smoke: { index-url: \"https://pypi.org/simple\" }\n")).containsExactly(
                "m.yaml:10:10: smoke: unknown key 'index-url'; did you mean 'index_url'?");
    }

    @Test
    void rejectsMatrixWideSettingsInAMethodsSmoke() {
        assertThat(problems(BASE + """
                    smoke:
                      threads: 8
                      venv: false
                      allow_sdits: true
                      colour: red
                """)).containsExactly(
                "m.yaml:11:7: methods[0].smoke: 'threads'" + MATRIX_WIDE,
                "m.yaml:12:7: methods[0].smoke: 'venv'" + MATRIX_WIDE,
                "m.yaml:13:7: methods[0].smoke: unknown key 'allow_sdits'; did you mean 'allow_sdist'?",
                "m.yaml:14:7: methods[0].smoke: unknown key 'colour'; valid keys are 'packages', 'index_url',"
                        + " 'extra_index_url', 'find_links', 'allow_sdist'");
    }

    @Test
    void rejectsABaselineOtherThanTwinOrNoneAndATimingThatIsNoBoolean() {
        assertThat(problems(BASE + "smoke: { baseline: gil, timing: sometimes }\n")).containsExactly(
                "m.yaml:10:10: smoke.baseline: expected twin or none, got 'gil'",
                "m.yaml:10:25: smoke.timing: expected true or false, got 'sometimes'");
    }

    @Test
    void rejectsTimingAndBaselineInAMethodsSmoke() {
        assertThat(problems(BASE + "    smoke: { timing: false, baseline: none }\n")).containsExactly(
                "m.yaml:10:14: methods[0].smoke: 'timing'" + MATRIX_WIDE,
                "m.yaml:10:29: methods[0].smoke: 'baseline'" + MATRIX_WIDE);
    }

    @Test
    void rejectsMethodSmokeThatIsNotAMapping() {
        assertThat(problems(BASE + "    smoke: [numpy]\n")).containsExactly("m.yaml:10:5: methods[0].smoke: expected"
                + " a mapping of smoke settings such as { allow_sdist: true }, got a list");
    }

    @Test
    void appliesEveryRuleInsideAMethodsSmoke() {
        assertThat(problems(BASE + """
                  - id: uv
                    recipe: uv-python
                    tier: 1
                    smoke:
                      packages:
                        - numpy
                        - numpy>>2
                        - { requirement: yaml, import: my-mod, check: "" }
                        - [cffi]
                        - NUMPY
                      index_url: ftp://x
                      extra_index_url: x
                      find_links: wheels
                      allow_sdist: maybe
                """)).containsExactly(
                "m.yaml:16:11: methods[1].smoke.packages[1]: 'numpy>>2'" + NOT_A_REQUIREMENT,
                "m.yaml:17:32: methods[1].smoke.packages[2].import: 'my-mod'" + NOT_A_MODULE,
                "m.yaml:17:48: methods[1].smoke.packages[2].check: must not be empty" + CHECK_HINT,
                "m.yaml:18:11: methods[1].smoke.packages[3]: expected a requirement such as 'numpy' or a mapping"
                        + " with 'requirement', got a list",
                "m.yaml:19:11: methods[1].smoke.packages[4]: 'NUMPY' is listed twice (first as"
                        + " methods[1].smoke.packages[0] on line 15); list each project once",
                "m.yaml:20:7: methods[1].smoke.index_url: 'ftp://x'" + NOT_HTTP,
                "m.yaml:21:7: methods[1].smoke.extra_index_url: 'x'" + NOT_HTTP,
                "m.yaml:22:7: methods[1].smoke.find_links: 'wheels'" + NOT_URL_OR_PATH,
                "m.yaml:23:7: methods[1].smoke.allow_sdist: expected true or false, got 'maybe'");
    }

    @Test
    void reportsSmokeProblemsTogetherWithEveryOtherProblem() {
        assertThat(problems("""
                name: quickstart
                python: ["3.13t"]
                os:
                  - id: debian-trixie
                    image: debian:trixie
                methods:
                  - id: source-debian
                    recipe: source-build
                    tier: gold
                    smoke: { threads: 2, packages: ["cffi>"] }
                smoke:
                  threads: 0
                  packages: [numpy, NumPy]
                  find_links: wheels
                """)).containsExactly(
                "m.yaml:9:5: methods[0].tier: expected a positive integer or 'control', got 'gold'",
                "m.yaml:10:14: methods[0].smoke: 'threads'" + MATRIX_WIDE,
                "m.yaml:10:37: methods[0].smoke.packages[0]: 'cffi>'" + NOT_A_REQUIREMENT,
                "m.yaml:12:3: smoke.threads: expected a positive integer, got '0'",
                "m.yaml:13:21: smoke.packages[1]: 'NumPy' is listed twice (first as smoke.packages[0] on line 13);"
                        + " list each project once",
                "m.yaml:14:3: smoke.find_links: 'wheels'" + NOT_URL_OR_PATH);
    }
}
