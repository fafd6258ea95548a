package dev.ftmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftmatrix.report.JunitPluginView.Status;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.stats.Statistics;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXParseException;

/**
 * junit.xml as Jenkins will see it: valid against the xUnit plugin's junit-10.xsd, and read the way the junit
 * plugin's parser reads it ({@link JunitPluginView}), its counts are the report's. The input is the report fixture
 * plus results that used to read wrongly: a dotted method id, a failure with colour codes and several lines, and
 * a plan with a cell that left no result.
 */
class JunitForJenkinsTest {
    @TempDir
    static Path tmp;

    static Path results;
    static Reports.Written written;
    static JunitPluginView jenkins;

    @BeforeAll
    static void writeTheReport() throws Exception {
        results = tmp.resolve("results");
        Files.createDirectories(results.resolve("logs"));
        Files.copy(ReportGoldenTest.FIXTURE.resolve("cells.jsonl"), results.resolve("cells.jsonl"));
        try (Stream<Path> logs = Files.list(ReportGoldenTest.FIXTURE.resolve("logs"))) {
            for (Path log : logs.toList()) {
                Files.copy(log, results.resolve("logs").resolve(log.getFileName()));
            }
        }
        String template = Files.readAllLines(results.resolve("cells.jsonl")).get(0);
        ObjectNode dotted = (ObjectNode) Json.MAPPER.readTree(template);
        dotted.put("cell", "macos-14/python.org/3.13t#1").put("os", "macos-14").put("method", "python.org")
                .put("recipe", "macos-python-org").put("tier", "2").putNull("log");
        ObjectNode coloured = (ObjectNode) Json.MAPPER.readTree(template);
        coloured.put("cell", "ubuntu-24.04/uv/3.13t#9").put("repeat", 9).put("outcome", "INSTALL_FAILED")
                .put("log", "logs/coloured.log");
        coloured.putObject("failure").put("category", "network")
                .put("detail", "\u001b[31merror\u001b[0m: first line\nsecond line");
        Files.writeString(results.resolve("logs/coloured.log"), "\u001b[1;31mFAILED\u001b[0m to fetch\n");
        Files.writeString(results.resolve("cells.jsonl"), Json.MAPPER.writeValueAsString(dotted) + "\n"
                + Json.MAPPER.writeValueAsString(coloured) + "\n", StandardOpenOption.APPEND);
        Path plan = tmp.resolve("plan-shard-2.json");
        Files.writeString(plan, """
                [ {"id": "ubuntu-24.04/uv/3.13t#1", "os": "ubuntu-24.04", "image": "img:ubuntu-24.04", "method": "uv",
                   "recipe": "uv", "tier": 1, "python": "3.13t", "repeat": 1, "shard": "2/4"},
                  {"id": "debian-trixie/uv/3.14t#1", "os": "debian-trixie", "image": "img:debian-trixie", "method": "uv",
                   "recipe": "uv", "tier": 1, "python": "3.14t", "repeat": 1, "shard": "2/4"} ]
                """);
        written = Reports.write(List.of(results), tmp.resolve("reports"), null, null,
                PlannedCells.read(List.of(plan)));
        jenkins = JunitPluginView.read(tmp.resolve("reports").resolve(Reports.JUNIT).toFile());
    }

    @Test
    void junitXmlIsValidAgainstTheXunitPluginsJunit10Schema() throws Exception {
        assertThat(schemaErrors(tmp.resolve("reports").resolve(Reports.JUNIT))).isEmpty();
        assertThat(schemaErrors(ReportGoldenTest.GOLDEN.resolve(Reports.JUNIT))).isEmpty();
    }

    @Test
    void theSchemaCheckFindsWhatTheOldFileGotWrong() throws Exception {
        Path old = tmp.resolve("old.xml");
        Files.writeString(old, """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="ftmatrix" tests="1" failures="0" errors="0" skipped="0" time="1.000">
                  <testsuite name="tier 1" tests="1" failures="0" errors="0" skipped="0" time="1.000">
                    <testcase classname="1.uv" name="x" time="1.000"><properties><property name="simulated" value="true"/></properties></testcase>
                  </testsuite>
                </testsuites>
                """);
        assertThat(schemaErrors(old)).hasSize(2).anySatisfy(e -> assertThat(e).contains("skipped"))
                .anySatisfy(e -> assertThat(e).contains("properties"));
    }

    @Test
    void jenkinsCountsExactlyTheReportsTrialsAndTheirFailures() {
        Statistics s = written.statistics();
        long controlMisses = s.controls().stream().mapToLong(c -> c.trials() - c.detected()).sum();
        assertThat(jenkins.cases()).hasSize(24);
        assertThat(jenkins.count(Status.PASSED) + jenkins.count(Status.FAILED))
                .isEqualTo(s.totals().trials() + s.totals().controlTrials()).isEqualTo(20);
        assertThat(jenkins.count(Status.FAILED))
                .isEqualTo(s.totals().trials() - s.totals().passes() + controlMisses).isEqualTo(5);
        assertThat(jenkins.count(Status.SKIPPED)).isEqualTo(4);
    }

    @Test
    void eachSkippedCaseSaysWhyItIsNotATrial() {
        assertThat(jenkins.cases().stream().filter(c -> c.status() == Status.SKIPPED)
                .map(c -> c.packageName() + "." + c.simpleName() + " " + c.name() + ": " + c.skippedMessage()))
                .containsExactly(
                        "1.uv debian-trixie/3.14t#1: not run: planned for shard 2/4, which left no result for it",
                        "1.uv-fake debian-trixie/3.13t#1: not a trial: simulated: a contract test against a fake"
                                + " upstream tool, not evidence about the method",
                        "2.conda debian-trixie/3.13t#3: not a trial: infrastructure error: the machine failed the"
                                + " cell, which says nothing about the method (INFRA_ERROR (container): container"
                                + " vanished: no exit code)",
                        "4.source-debian debian-trixie/3.13t#3: not a trial: reused install (--reuse-installs): the"
                                + " install was not exercised (PASS)");
    }

    @Test
    void tiersArePackagesAndDottedMethodIdsStayOneClass() {
        assertThat(jenkins.suites).extracting(JunitPluginView.Suite::name)
                .containsExactly("tier 1", "tier 2", "tier 3", "tier 4", "controls");
        assertThat(jenkins.cases()).filteredOn(c -> c.name().equals("macos-14/3.13t#1")).singleElement()
                .satisfies(c -> {
                    assertThat(c.packageName()).isEqualTo("2");
                    assertThat(c.simpleName()).isEqualTo("python\u2024org");
                    assertThat(c.status()).isEqualTo(Status.PASSED);
                });
        assertThat(jenkins.cases()).extracting(JunitPluginView.Case::packageName).containsOnly("1", "2", "3", "4",
                "control");
    }

    @Test
    void colourCodesAreDroppedAndLinesJoinedInMessages() throws IOException {
        assertThat(jenkins.cases()).filteredOn(c -> c.name().equals("ubuntu-24.04/3.13t#9")).singleElement()
                .extracting(JunitPluginView.Case::errorDetails)
                .isEqualTo("INSTALL_FAILED (network): error: first line | second line");
        String xml = Files.readString(tmp.resolve("reports").resolve(Reports.JUNIT), StandardCharsets.UTF_8);
        assertThat(xml).contains("FAILED to fetch").doesNotContain("[1;31m").doesNotContain("\uFFFD[");
    }

    @Test
    void aSuitesDurationIsTheSumOfItsCasesAsJenkinsShowsBoth() throws IOException {
        String xml = Files.readString(tmp.resolve("reports").resolve(Reports.JUNIT), StandardCharsets.UTF_8);
        for (String suite : xml.split("<testsuite ")) {
            if (!suite.startsWith("name=")) {
                continue;
            }
            BigDecimal declared = new BigDecimal(attribute(suite, "time"));
            BigDecimal sum = BigDecimal.ZERO;
            for (String c : suite.split("<testcase ")) {
                if (c.startsWith("classname=")) {
                    sum = sum.add(new BigDecimal(attribute(c, "time")));
                }
            }
            assertThat(sum).as(attribute(suite, "name")).isEqualByComparingTo(declared);
        }
        // Cases count every attempt: a pass after an infrastructure retry took both attempts' time.
        assertThat(jenkins.cases()).filteredOn(c -> c.name().equals("fedora-42/3.13t#2")).singleElement()
                .extracting(JunitPluginView.Case::duration).isEqualTo(60.5f);
    }

    private static String attribute(String element, String name) {
        int start = element.indexOf(name + "=\"") + name.length() + 2;
        return element.substring(start, element.indexOf('"', start));
    }

    /** Every schema error in the file, as line: message. */
    static List<String> schemaErrors(Path xml) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Validator validator = factory.newSchema(JunitForJenkinsTest.class.getResource("junit-10.xsd")).newValidator();
        List<String> errors = new ArrayList<>();
        validator.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
            @Override
            public void error(SAXParseException e) {
                errors.add(e.getLineNumber() + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                errors.add(e.getLineNumber() + ": " + e.getMessage());
            }
        });
        validator.validate(new StreamSource(xml.toFile()));
        return errors;
    }
}
