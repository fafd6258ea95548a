package dev.ftmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.results.ResultsReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** junit.xml of the fixture, read back with a DOM parser the way Jenkins' junit plugin reads it. */
class JunitReportTest {
    @TempDir
    static Path tmp;

    static Document doc;

    @BeforeAll
    static void write() throws Exception {
        Reports.write(List.of(ReportGoldenTest.FIXTURE), tmp, null);
        doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(tmp.resolve(Reports.JUNIT).toFile());
    }

    @Test
    void oneTestcasePerTrialNotPerAttemptGroupedInOneSuitePerTier() {
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("testsuites");
        assertThat(elements("testcase")).hasSize(21);
        assertThat(elements("testsuite")).extracting(e -> e.getAttribute("name"))
                .containsExactly("tier 1", "tier 2", "tier 3", "tier 4", "controls");
    }

    @Test
    void aFailedInstallCarriesOutcomeCategoryAndTheLogTail() {
        Element uv4 = testcase("1.uv", "ubuntu-24.04/3.13t#4");
        Element failure = child(uv4, "failure");
        assertThat(failure.getAttribute("type")).isEqualTo("INSTALL_FAILED/network");
        assertThat(failure.getAttribute("message"))
                .isEqualTo("INSTALL_FAILED (network): Failed to download https://github.com/...");
        assertThat(failure.getTextContent()).contains("FTMATRIX-FAILURE: network: Failed to download");
    }

    @Test
    void aPassAfterAnInfrastructureRetryIsFlakyAndAFinalInfraErrorIsSkippedWithTheReason() {
        Element dnf2 = testcase("1.fedora-dnf", "fedora-42/3.13t#2");
        assertThat(child(dnf2, "failure")).isNull();
        assertThat(child(dnf2, "flakyFailure").getAttribute("type")).isEqualTo("INFRA_ERROR/daemon");
        Element conda3 = testcase("2.conda", "debian-trixie/3.13t#3");
        assertThat(child(conda3, "error")).isNull();
        assertThat(child(conda3, "skipped").getAttribute("message")).isEqualTo("not a trial: infrastructure error: the"
                + " machine failed the cell, which says nothing about the method (INFRA_ERROR (container): container"
                + " vanished: no exit code)");
        assertThat(child(conda3, "rerunFailure").getAttribute("message")).startsWith("attempt 1: INFRA_ERROR");
    }

    @Test
    void aCaughtControlPassesAndSimulatedResultsAreSkippedAndCountedInTheSuiteProperties() {
        Element control = testcase("control.distro-apt", "debian-trixie/3.13t#1");
        assertThat(child(control, "failure")).isNull();
        assertThat(child(control, "system-out").getTextContent()).startsWith("control caught: NOT_FREE_THREADED");
        Element fake = testcase("1.uv-fake", "debian-trixie/3.13t#1");
        assertThat(child(fake, "skipped").getAttribute("message")).isEqualTo("not a trial: simulated: a contract test"
                + " against a fake upstream tool, not evidence about the method");
        assertThat(fake.getElementsByTagName("property").getLength()).isZero();
        Element tier1 = elements("testsuite").get(0);
        Element property = (Element) tier1.getElementsByTagName("property").item(0);
        assertThat(property.getAttribute("name")).isEqualTo("simulated");
        assertThat(property.getAttribute("value")).isEqualTo("1");
    }

    @Test
    void timesAreWhatTheFormatterWouldWrite() {
        long[] millis = {0, 1, 9, 10, 99, 100, 999, 1000, 1001, 1010, 1100, 59_999, 86_400_000, Long.MAX_VALUE, -1,
            -1500};
        for (long m : millis) {
            assertThat(JunitReport.seconds(m)).as("%d ms", m)
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%d.%03d", m / 1000, m % 1000));
        }
        assertThat(JunitReport.seconds(12_345)).isEqualTo("12.345");
    }

    @Test
    void oneLineJoinsLinesAndDropsColours() {
        assertThat(JunitReport.oneLine("  a\r\n  b \n\nc  ")).isEqualTo("a | b | c");
        assertThat(JunitReport.oneLine(" plain message ")).isEqualTo("plain message");
        assertThat(JunitReport.oneLine("\u001B[31mred\u001B[0m\u0001")).isEqualTo("red\uFFFD");
    }

    @Test
    void aReusedInstallIsSkippedWithTheReason() {
        assertThat(child(testcase("4.source-debian", "debian-trixie/3.13t#3"), "skipped").getAttribute("message"))
                .isEqualTo("not a trial: reused install (--reuse-installs): the install was not exercised (PASS)");
    }

    @Test
    void logTailsAreBoundedAndStartAtALine() throws Exception {
        Path dir = tmp.resolve("big");
        java.nio.file.Files.createDirectories(dir.resolve("logs"));
        java.nio.file.Files.writeString(dir.resolve("logs/x.log"), "line\n".repeat(100_000) + "the end\n");
        String tail = JunitReport.logTail(dir, "logs/x.log");
        assertThat(tail.length()).isLessThan(JunitReport.LOG_TAIL_BYTES + 100);
        assertThat(tail).startsWith("[... ").endsWith("line\nthe end\n");
        assertThat(XmlText.clean("a\u0000b\u001bc")).isEqualTo("a\uFFFDb\uFFFDc");
    }

    @Test
    void rowsSpilledToDiskInSmallSortedRunsGiveTheSameFile() throws Exception {
        Path base = ResultsReader.baseDir(ReportGoldenTest.FIXTURE);
        // Read twice (the fixture's lines again after the first pass) so duplicate attempts are merged across runs.
        JunitReport spilling = new JunitReport(3, JunitReport.Limits.DEFAULT);
        for (int pass = 0; pass < 2; pass++) {
            ResultsReader.read(ReportGoldenTest.FIXTURE, r -> spilling.accept(r, base));
        }
        spilling.write(tmp.resolve("spilled.xml"));
        assertThat(tmp.resolve("spilled.xml")).hasSameTextualContentAs(tmp.resolve(Reports.JUNIT));
    }

    private static List<Element> elements(String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    private static Element testcase(String classname, String name) {
        return elements("testcase").stream()
                .filter(e -> e.getAttribute("classname").equals(classname) && e.getAttribute("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no testcase " + classname + " " + name));
    }

    private static Element child(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }
}
