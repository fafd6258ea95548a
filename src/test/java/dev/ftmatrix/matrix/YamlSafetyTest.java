package dev.ftmatrix.matrix;

import static dev.ftmatrix.matrix.MatrixTexts.BASE;
import static dev.ftmatrix.matrix.MatrixTexts.parse;
import static dev.ftmatrix.matrix.MatrixTexts.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile or broken YAML: every failure comes back as problems, quickly, and nothing is ever constructed. */
class YamlSafetyTest {
    private static final String TAG_NOT_ALLOWED = "' is not allowed; matrices use plain YAML values only";

    @Test
    void reportsYamlSyntaxErrorAtItsPosition() {
        assertThat(problems("name: quickstart\n  python: [\"3.13t\"]\n"))
                .containsExactly("m.yaml:2:9: invalid YAML: mapping values are not allowed here");
    }

    @Test
    void reportsUnclosedFlowListWithTheParsersExplanation() {
        assertThat(problems("name: quickstart\npython: [\"3.13t\"\n")).containsExactly("m.yaml:3:1: invalid YAML:"
                + " while parsing a flow sequence, expected ',' or ']', but got <stream end>");
    }

    @Test
    void reportsTabIndentation() {
        assertThat(problems("name: quickstart\nos:\n\t- id: x\n")).containsExactly("m.yaml:3:1: invalid YAML:"
                + " while scanning for the next token, found character '\\t(TAB)' that cannot start any token."
                + " (Do not use \\t(TAB) for indentation)");
    }

    @Test
    void rejectsSeveralDocumentsInOneFile() {
        assertThat(problems(BASE + "---\nname: second\n")).containsExactly("m.yaml:10:1: invalid YAML: expected a"
                + " single document in the stream, but found another document");
    }

    @Test
    void rejectsTopLevelThatIsNotAMapping() {
        assertThat(problems("- name: quickstart\n")).containsExactly("m.yaml:1:1: the top level must be a mapping"
                + " with 'name', 'python', 'os' and 'methods', got a list");
        assertThat(problems("quickstart\n")).containsExactly("m.yaml:1:1: the top level must be a mapping"
                + " with 'name', 'python', 'os' and 'methods', got 'quickstart'");
    }

    @Test
    void rejectsEmptyText() {
        String empty = "m.yaml:1:1: file is empty; a matrix needs at least 'name', 'python', 'os' and 'methods'";
        assertThat(problems("")).containsExactly(empty);
        assertThat(problems("\n  \n# just a comment\n")).containsExactly(empty);
        assertThat(problems("---\n")).containsExactly(empty);
    }

    @Test
    void rejectsJavaTagsWithoutInstantiatingAnything() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/";
            String payload = "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\""
                    + url + "\"]]]]\n";

            assertThat(problems(payload)).containsExactly(
                    "m.yaml:1:1: tag '!!javax.script.ScriptEngineManager" + TAG_NOT_ALLOWED,
                    "m.yaml:1:1: the top level must be a mapping with 'name', 'python', 'os' and 'methods', got a list",
                    "m.yaml:1:37: tag '!!java.net.URLClassLoader" + TAG_NOT_ALLOWED,
                    "m.yaml:1:65: tag '!!java.net.URL" + TAG_NOT_ALLOWED);

            // A ScriptEngineManager built from the payload would fetch service files from this URL.
            server.setSoTimeout(200);
            assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void rejectsJavaTagOnAValueAndStillChecksTheRest() {
        assertThat(problems(BASE.replace("name: quickstart", "name: !!java.io.File /etc/passwd")))
                .containsExactly("m.yaml:1:1: name: '/etc/passwd' is not a valid name; use letters, digits, '.', '_'"
                        + " and '-', starting with a letter or digit",
                        "m.yaml:1:7: tag '!!java.io.File" + TAG_NOT_ALLOWED);
    }

    @Test
    void rejectsLocalVerbatimAndNonCoreYamlTags() {
        assertThat(problems(BASE + """
                    with:
                      a: !local x
                      b: !<tag:example.com,2000:app/foo> y
                      c: !!binary aGk=
                      d: !!str 1
                      e: !!int 2
                """)).containsExactly(
                "m.yaml:11:10: tag '!local" + TAG_NOT_ALLOWED,
                "m.yaml:12:10: tag 'tag:example.com,2000:app/foo" + TAG_NOT_ALLOWED,
                "m.yaml:13:10: tag '!!binary" + TAG_NOT_ALLOWED);
    }

    @Test
    void acceptsPlainValuesThatYamlTypesImplicitly() {
        Matrix m = parse(BASE.replace("name: quickstart", "name: 2025-07-01") + """
                    with:
                      when: 2025-07-01 12:00:00
                      ratio: 0.5
                      enabled: yes
                      nothing_here: ""
                """);

        assertThat(m.name()).isEqualTo("2025-07-01");
        assertThat(m.methods().get(0).with()).containsEntry("when", "2025-07-01 12:00:00")
                .containsEntry("ratio", "0.5").containsEntry("enabled", "yes").containsEntry("nothing_here", "");
    }

    @Test
    @Timeout(10)
    void rejectsBillionLaughsAtTheFirstAliasOverTheLimit() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            String previous = "*a" + (level - 1);
            yaml.append("a").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", Collections.nCopies(9, previous))).append("]\n");
        }

        // 9 aliases a line from line 2: the 51st is the 6th on line 7, at column 10 + 5 * 5.
        assertThat(problems(yaml.toString())).containsExactly("m.yaml:7:35: too many aliases: a matrix may refer"
                + " to a list or mapping by alias at most 50 times");
    }

    @Test
    @Timeout(10)
    void readsAnExponentialAliasTreeUnderTheLimitWithoutExpandingIt() {
        // 6 levels of 8 aliases, used twice: 50 aliases, 8^7 leaves for anything that expanded it.
        StringBuilder yaml = new StringBuilder("x0: &x0 [a, b, c, d, e, f, g, h]\n");
        for (int level = 1; level <= 6; level++) {
            yaml.append("x").append(level).append(": &x").append(level).append(" [")
                    .append(String.join(", ", Collections.nCopies(8, "*x" + (level - 1)))).append("]\n");
        }
        yaml.append("python: *x6\nos: *x6\n");

        List<String> expected = new ArrayList<>();
        for (int level = 0; level <= 6; level++) {
            expected.add("m.yaml:" + (level + 1) + ":1: unknown key 'x" + level + "'; valid keys are 'name', 'python',"
                    + " 'repeats', 'timeout', 'parallel', 'network', 'retries', 'limits', 'os', 'methods',"
                    + " 'exclude', 'smoke'");
        }
        expected.add(1, "m.yaml:1:1: missing required key 'name'");
        expected.add(2, "m.yaml:1:1: missing required key 'methods'");
        // Every item of x6 is x5, written on line 6.
        int x5 = expected.size() - 1;
        for (int i = 7; i >= 0; i--) {
            expected.add(x5, "m.yaml:6:5: os[" + i + "]: expected a mapping with 'id' and 'image', got a list");
        }
        for (int i = 7; i >= 0; i--) {
            expected.add(x5, "m.yaml:6:5: python[" + i + "]: expected a version such as '3.13t', got a list");
        }

        assertThat(problems(yaml.toString())).containsExactlyElementsOf(expected);
    }

    @Test
    @Timeout(10)
    void readsAliasTreeUsedWhereSingleValuesBelongWithoutDescendingIntoIt() {
        String text = """
                name: &tree [&l1 [&l2 [&l3 [a, b], *l3], *l2], *l1]
                python: [*tree, *tree]
                os: *tree
                methods: [*tree]
                """;

        assertThat(problems(text)).containsExactly(
                "m.yaml:1:1: name: expected a name such as 'quickstart', got a list",
                "m.yaml:1:7: python[0]: expected a version such as '3.13t', got a list",
                "m.yaml:1:7: python[1]: expected a version such as '3.13t', got a list",
                "m.yaml:1:7: methods[0]: expected a mapping with 'id', 'recipe' and 'tier', got a list",
                "m.yaml:1:14: os[0]: expected a mapping with 'id' and 'image', got a list",
                "m.yaml:1:14: os[1]: expected a mapping with 'id' and 'image', got a list");
    }

    @Test
    @Timeout(10)
    void rejectsAliasesThatRepeatValuesTooOften() {
        StringBuilder yaml = new StringBuilder("""
                name: quickstart
                python: ["3.13t"]
                os: [{ id: debian-trixie, image: "debian:trixie" }]
                methods:
                  - &m
                    id: m
                    recipe: source-build
                    tier: 4
                    with:
                """);
        for (int i = 0; i < 300; i++) {
            yaml.append("      p").append(i).append(": x\n");
        }
        for (int i = 0; i < 48; i++) {
            yaml.append("  - *m\n");
        }

        // Each *m revisits 305 values; the 10001st revisit is p235 (line 245) under the 33rd *m.
        assertThat(problems(yaml.toString())).containsExactly("m.yaml:245:13: too many aliases: the document"
                + " repeats values through aliases more than 10000 times; write the values out or use fewer aliases");
    }

    @Test
    @Timeout(10)
    void readsRecursiveAliasWithoutLooping() {
        assertThat(problems(BASE.replace("python: [\"3.13t\"]", "python: &p [*p]")))
                .containsExactly("m.yaml:2:9: python[0]: expected a version such as '3.13t', got a list");
    }

    @Test
    void rejectsUndefinedAlias() {
        assertThat(problems(BASE.replace("name: quickstart", "name: *n")))
                .containsExactly("m.yaml:1:7: invalid YAML: found undefined alias n");
    }

    @Test
    @Timeout(10)
    void rejectsDeepNesting() {
        assertThat(problems("name: " + "[".repeat(100_000) + "\n")).containsExactly(
                "m.yaml:1:57: lists and mappings nest more than 50 levels deep; a matrix needs only a few");
    }

    @Test
    void rejectsBinaryControlCharactersAtTheirPosition() {
        assertThat(problems("name: quick\u0000start\n")).containsExactly(
                "m.yaml:1:12: character U+0000 is not allowed in YAML; is this a binary file?");
        assertThat(problems(BASE + "\u0007\u0001\u0002")).containsExactly(
                "m.yaml:10:1: character U+0007 is not allowed in YAML; is this a binary file?");
    }

    @Test
    void rejectsTextOverOneMebibyte() {
        String big = BASE + "# " + "x".repeat(YamlSource.MAX_BYTES) + "\n";

        assertThat(problems(big)).containsExactly("m.yaml:1:1: file is " + (BASE.length() + 3 + YamlSource.MAX_BYTES)
                + " bytes; a matrix may be at most 1 MiB");
    }

    @Test
    void acceptsByteOrderMark() {
        assertThat(parse("\uFEFF" + BASE).name()).isEqualTo("quickstart");
    }
}
