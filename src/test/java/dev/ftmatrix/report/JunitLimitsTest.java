package dev.ftmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Durations;
import dev.ftmatrix.results.Failure;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.RunJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The bounds on junit.xml's size: log tails for the latest failures only, and repeats grouped into one case. */
class JunitLimitsTest {
    @TempDir
    Path tmp;

    Path results;

    private static CellResult result(String os, int repeat, int attempt, Outcome outcome, String log) {
        return new CellResult("run-1", os + "/uv/3.13t#" + repeat, "m", os, "img", "sha256:1", "uv", "uv", "f",
                Map.of(), "1", "3.13t", repeat, attempt, outcome,
                outcome == Outcome.PASS ? null : new Failure(outcome == Outcome.INFRA_ERROR ? "daemon" : "build",
                        "repeat " + repeat + " broke"), List.of(), "/p", new Durations(1.0, 1.0, 2.5), null, null, null,
                log, null, false, false);
    }

    @BeforeEach
    void results() throws Exception {
        results = tmp.resolve("run");
        Files.createDirectories(results.resolve("logs"));
        for (int i = 1; i <= 5; i++) {
            Files.writeString(results.resolve("logs/" + i + ".log"), "the tail of log " + i + "\n");
        }
        try (RunJournal journal = RunJournal.create(results)) {
            // Input order is finishing order: repeats 3, 1, 5, 2 fail in that order; 4 passes after a retry.
            journal.append(result("a", 3, 1, Outcome.INSTALL_FAILED, "logs/3.log"));
            journal.append(result("a", 1, 1, Outcome.TIMEOUT, "logs/1.log"));
            journal.append(result("a", 4, 1, Outcome.INFRA_ERROR, "logs/4.log"));
            journal.append(result("a", 5, 1, Outcome.INSTALL_FAILED, "logs/5.log"));
            journal.append(result("a", 4, 2, Outcome.PASS, null));
            journal.append(result("a", 2, 1, Outcome.INSTALL_FAILED, "logs/2.log"));
            journal.append(result("b", 1, 1, Outcome.INFRA_ERROR, "logs/1.log"));
            journal.append(result("b", 2, 1, Outcome.PASS, null));
        }
    }

    private Document write(JunitReport.Limits limits) throws Exception {
        Path out = tmp.resolve("out");
        Reports.write(List.of(results), out, null, null, limits);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve(Reports.JUNIT).toFile());
    }

    @Test
    void onlyTheLatestFailuresOfAMethodCarryATailAndTheOthersNameTheirLog() throws Exception {
        Document doc = write(new JunitReport.Limits(2, false));
        // The latest two failing rows of 1.uv in input order: b#1's infrastructure error and a#2.
        assertThat(problemText(doc, "a/3.13t#2", "failure")).isEqualTo("the tail of log 2\n");
        assertThat(problemText(doc, "b/3.13t#1", "error")).isEqualTo("the tail of log 1\n");
        assertThat(problemText(doc, "a/3.13t#5", "failure")).isEqualTo("(log tail left out: junit.xml carries it for"
                + " the latest 2 failures of 1.uv; the full log is logs/5.log next to the results)");
        assertThat(problemText(doc, "a/3.13t#3", "failure")).startsWith("(log tail left out: ");
        assertThat(problemText(doc, "a/3.13t#4", "flakyFailure")).startsWith("(log tail left out: ");
    }

    @Test
    void noTailsAtAllWithZero() throws Exception {
        Document doc = write(new JunitReport.Limits(0, false));
        assertThat(problemText(doc, "a/3.13t#2", "failure")).isEqualTo("(log tail left out: junit.xml carries it for"
                + " the latest 0 failures of 1.uv; the full log is logs/2.log next to the results)");
    }

    @Test
    void groupedRepeatsAreOneTestcasePerCellWithTheCountsAndTheLatestFailure() throws Exception {
        Document doc = write(new JunitReport.Limits(20, true));
        List<Element> cases = elements(doc, "testcase");
        assertThat(cases).extracting(e -> e.getAttribute("name")).containsExactly("a/3.13t", "b/3.13t");
        Element a = cases.get(0);
        assertThat(properties(a)).containsExactly("repeats=5", "failed=4", "errors=0", "infra_retries=1");
        assertThat(a.getAttribute("time")).isEqualTo("12.500");
        Element failure = child(a, "failure");
        assertThat(failure.getAttribute("message"))
                .isEqualTo("4 of 5 repeats failed; latest, #2: INSTALL_FAILED (build): repeat 2 broke");
        assertThat(failure.getTextContent()).isEqualTo("the tail of log 2\n");
        Element b = cases.get(1);
        assertThat(properties(b)).containsExactly("repeats=2", "failed=0", "errors=1", "infra_retries=0");
        assertThat(child(b, "error").getAttribute("message"))
                .isEqualTo("1 of 2 repeats ended in an infrastructure error; latest, #1: INFRA_ERROR (daemon):"
                        + " repeat 1 broke");
        Element suite = elements(doc, "testsuite").get(0);
        assertThat(List.of(suite.getAttribute("tests"), suite.getAttribute("failures"), suite.getAttribute("errors")))
                .containsExactly("2", "1", "1");
        // Every attempt's time counts in the suite, the retried one included.
        assertThat(suite.getAttribute("time")).isEqualTo("20.000");
    }

    private static String problemText(Document doc, String name, String tag) {
        Element testcase = elements(doc, "testcase").stream().filter(e -> e.getAttribute("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no testcase " + name));
        Element problem = child(testcase, tag);
        assertThat(problem).as(name + " " + tag).isNotNull();
        return problem.getTextContent();
    }

    private static List<String> properties(Element testcase) {
        return elements(testcase.getElementsByTagName("property")).stream()
                .map(p -> p.getAttribute("name") + "=" + p.getAttribute("value")).toList();
    }

    private static List<Element> elements(Document doc, String tag) {
        return elements(doc.getElementsByTagName(tag));
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    private static Element child(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }
}
