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

/** The bound on junit.xml's size: log tails for the latest failures of each method only. */
class JunitLimitsTest {
    @TempDir
    Path tmp;

    Path results;

    private static CellResult result(String os, int repeat, int attempt, Outcome outcome, String log) {
        return new CellResult(new CellResult.Identity("run-1", os + "/uv/3.13t#" + repeat, "m", "1", "3.13t", repeat,
                        attempt),
                new CellResult.Setup(os, "img", "sha256:1", "uv", "uv", "f", Map.of()),
                new CellResult.Verdict(outcome, outcome == Outcome.PASS ? null
                        : new Failure(outcome == Outcome.INFRA_ERROR ? "daemon" : "build",
                                "repeat " + repeat + " broke"),
                        List.of()),
                new CellResult.Execution("/p", new Durations(1.0, 1.0, 2.5), null, null, log, null, false, false),
                CellResult.Measurement.NONE, null, CellResult.Replay.NONE);
    }

    @BeforeEach
    void results() throws Exception {
        results = tmp.resolve("run");
        try (RunJournal journal = RunJournal.create(results)) {
            Files.createDirectories(results.resolve("logs"));
            for (int i = 1; i <= 5; i++) {
                Files.writeString(results.resolve("logs/" + i + ".log"), "the tail of log " + i + "\n");
            }
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
        Reports.write(List.of(results), out, null, null, List.of(), limits);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve(Reports.JUNIT).toFile());
    }

    @Test
    void onlyTheLatestFailuresOfAMethodCarryATailAndTheOthersNameTheirLog() throws Exception {
        Document doc = write(new JunitReport.Limits(2));
        // The latest two rows of 1.uv with a tail to show, in input order: a#2's failure and b#1's infrastructure error.
        assertThat(text(doc, "a/3.13t#2")).contains("the tail of log 2\n");
        assertThat(text(doc, "b/3.13t#1")).contains("the tail of log 1\n");
        assertThat(text(doc, "a/3.13t#5")).contains("(log tail left out: junit.xml carries it for the latest 2"
                + " failures of 1.uv; the full log is logs/5.log next to the results)").doesNotContain("log 5\n");
        assertThat(text(doc, "a/3.13t#3")).contains("(log tail left out: ").doesNotContain("log 3\n");
    }

    @Test
    void noTailsAtAllWithZero() throws Exception {
        Document doc = write(new JunitReport.Limits(0));
        assertThat(text(doc, "a/3.13t#2")).contains("(log tail left out: junit.xml carries it for the latest 0"
                + " failures of 1.uv; the full log is logs/2.log next to the results)").doesNotContain("log 2\n");
    }

    @Test
    void theDefaultKeepsTwentyTailsPerMethod() {
        assertThat(JunitReport.Limits.DEFAULT.tailsPerMethod()).isEqualTo(20);
    }

    private static String text(Document doc, String name) {
        return elements(doc, "testcase").stream().filter(e -> e.getAttribute("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no testcase " + name)).getTextContent();
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
}
