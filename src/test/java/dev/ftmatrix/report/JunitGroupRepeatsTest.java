package dev.ftmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ftmatrix.report.JunitPluginView.Status;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.history.HistoryFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** junit.xml of the report fixture with {@code --junit-group-repeats}: one testcase per os, method and python. */
class JunitGroupRepeatsTest {
    @TempDir
    static Path tmp;
    static Path grouped;
    static JunitPluginView jenkins;
    static Document doc;

    @BeforeAll
    static void write() throws Exception {
        Reports.write(List.of(ReportGoldenTest.FIXTURE), tmp.resolve("grouped"), null, null, List.of(),
                new JunitReport.Limits(JunitReport.DEFAULT_TAILS_PER_METHOD, true));
        grouped = tmp.resolve("grouped").resolve(Reports.JUNIT);
        jenkins = JunitPluginView.read(grouped.toFile());
        doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(grouped.toFile());
    }

    @Test
    void groupedFileIsValidAgainstTheXunitPluginsJunit10Schema() throws Exception {
        assertThat(JunitForJenkinsTest.schemaErrors(grouped)).isEmpty();
    }

    @Test
    void theRepeatsOfACellAreOneTestcaseThatFailsWhenAnyRepeatFailed() {
        // The fixture's 21 cells: a cell with one repeat (uv-fake) stays a plain case.
        assertThat(jenkins.cases()).extracting(JunitPluginView.Case::packageName, JunitPluginView.Case::simpleName,
                JunitPluginView.Case::name, JunitPluginView.Case::status, JunitPluginView.Case::errorDetails)
                .containsExactly(
                        tuple("1", "fedora-dnf", "fedora-42/3.13t (3 repeats)", Status.PASSED, null),
                        tuple("1", "uv", "ubuntu-24.04/3.13t (4 repeats)", Status.FAILED,
                                "1 of 4 repeats failed: #4"),
                        tuple("1", "uv", "ubuntu-24.04/3.14t (2 repeats)", Status.PASSED, null),
                        tuple("1", "uv-fake", "debian-trixie/3.13t#1", Status.SKIPPED, null),
                        tuple("2", "conda", "debian-trixie/3.13t (3 repeats)", Status.FAILED,
                                "1 of 3 repeats failed: #2"),
                        tuple("3", "deadsnakes", "ubuntu-24.04/3.13t (3 repeats)", Status.FAILED,
                                "2 of 3 repeats failed: #2, #3"),
                        tuple("4", "source-debian", "debian-trixie/3.13t (3 repeats)", Status.PASSED, null),
                        tuple("control", "distro-apt", "debian-trixie/3.13t (2 repeats)", Status.PASSED, null));
    }

    @Test
    void aFailedGroupListsEachRepeatThatDidNotPassWithItsLogAndTheLastFailuresTail() {
        Element conda = testcase("2.conda", "debian-trixie/3.13t (3 repeats)");
        Element failure = (Element) conda.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("TIMEOUT/timeout");
        assertThat(failure.getTextContent()).startsWith("""
                #2 failed: TIMEOUT (timeout): cell exceeded 30m; log logs/debian-trixie__conda__3.13t_2.log
                #3 skipped: not a trial: infrastructure error: the machine failed the cell, which says nothing about\
                 the method (INFRA_ERROR (container): container vanished: no exit code) (attempt 2);\
                 log logs/debian-trixie__conda__3.13t_3.attempt2.log

                log tail of the last failing repeat:
                """);
        Element deadsnakes = testcase("3.deadsnakes", "ubuntu-24.04/3.13t (3 repeats)");
        assertThat(((Element) deadsnakes.getElementsByTagName("failure").item(0)).getAttribute("type"))
                .startsWith("INSTALL_FAILED").contains(", GIL_REENABLED");
        Element source = testcase("4.source-debian", "debian-trixie/3.13t (3 repeats)");
        assertThat(source.getElementsByTagName("system-out").item(0).getTextContent()).startsWith(
                "2 of 3 repeats passed; not trials: #3\n#3 skipped: not a trial: reused install");
    }

    @Test
    void testsCountTheGroupsAndTheSuitePropertiesCountTheCells() {
        Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("tests")).isEqualTo("8");
        assertThat(root.getAttribute("failures")).isEqualTo("3");
        Element tier1 = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(tier1.getAttribute("tests")).isEqualTo("4");
        assertThat(tier1.getAttribute("failures")).isEqualTo("1");
        assertThat(tier1.getAttribute("skipped")).isEqualTo("1");
        NodeList properties = tier1.getElementsByTagName("property");
        assertThat(properties.getLength()).isEqualTo(4);
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < properties.getLength(); i++) {
            Element e = (Element) properties.item(i);
            p.append(e.getAttribute("name")).append('=').append(e.getAttribute("value")).append(' ');
        }
        // Tier 1 holds 10 cells: uv 3.13t #1-#4 (#4 failed), uv 3.14t #1-#2, fedora-dnf #1-#3, uv-fake (simulated).
        assertThat(p.toString().strip()).isEqualTo("cells=10 cells_failed=1 cells_skipped=1 simulated=1");
    }

    @Test
    void theSameTimeAsTheUngroupedFile() throws Exception {
        Reports.write(List.of(ReportGoldenTest.FIXTURE), tmp.resolve("plain"), null);
        Document plain = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(tmp.resolve("plain").resolve(Reports.JUNIT).toFile());
        assertThat(doc.getDocumentElement().getAttribute("time"))
                .isEqualTo(plain.getDocumentElement().getAttribute("time"));
        assertThat(Files.size(grouped)).isLessThan(Files.size(tmp.resolve("plain").resolve(Reports.JUNIT)));
    }

    @Test
    void aGroupListsItsRepeatsByNumberNotAsText() throws Exception {
        JunitReport junit = new JunitReport(new JunitReport.Limits(0, true));
        Instant start = Instant.parse("2026-12-01T03:00:00Z");
        for (int repeat = 1; repeat <= 12; repeat++) {
            junit.accept(HistoryFixtures.result("r1", start, "debian/uv/3.13t#" + repeat, 1, "1",
                    repeat == 2 || repeat == 10 ? Outcome.INSTALL_FAILED : Outcome.PASS, false, false), tmp);
        }
        junit.write(tmp.resolve("twelve.xml"));
        JunitPluginView view = JunitPluginView.read(tmp.resolve("twelve.xml").toFile());
        assertThat(view.cases()).extracting(JunitPluginView.Case::name, JunitPluginView.Case::errorDetails)
                .containsExactly(tuple("debian/3.13t (12 repeats)", "2 of 12 repeats failed: #2, #10"));
    }

    private static Element testcase(String classname, String name) {
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("classname").equals(classname) && e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no testcase " + classname + " " + name);
    }
}
