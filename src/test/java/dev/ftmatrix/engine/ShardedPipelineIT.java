package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftmatrix.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The scheduled-CI pipeline end to end with the real daemon, as the Jenkinsfile runs it: a plan per part, a small
 * matrix's container cells run in three shards of which the third is lost (its agent never came back), the
 * parts merged, the merge reported with the plans and the build verdict. The free-threaded build comes from the
 * install cache (built once per test run by the real source-build recipe), the control installs for real.
 */
class ShardedPipelineIT {
    private static final String MATRIX = """
            name: pipeline
            python: ["3.13t"]
            repeats: 2
            network: host
            timeout: 40m
            parallel: 2
            os: [{ id: debian-trixie, image: debian:trixie }]
            methods:
              - { id: source-debian, recipe: source-build, tier: 4, with: { source: debian } }
              - { id: distro-apt, recipe: distro-apt, tier: control }
            smoke: { venv: true, threads: 2 }
            """;

    @TempDir
    Path tmp;

    @Test
    void theShardsThatCameBackAreReportedAndTheLostOnesCellsAreSkippedNamingIt() throws Exception {
        FreeThreadedInterpreter.image(tmp);
        Path matrix = tmp.resolve("pipeline.yaml");
        Files.writeString(matrix, MATRIX);
        List<String> plan = planIds(matrix);
        assertThat(plan).hasSize(4);

        Path plans = Files.createDirectories(tmp.resolve("plans"));
        List<String> planned = new ArrayList<>();
        for (int shard = 1; shard <= 3; shard++) {
            String json = cli("plan", matrix.toString(), "--executor", "container", "--shard", shard + "/3",
                    "--format", "json");
            Files.writeString(plans.resolve("shard-" + shard + ".json"), json);
            new ObjectMapper().readTree(json).forEach(c -> planned.add(c.get("id").asText()));
        }
        assertThat(planned).as("the parts' plans are the plan").containsExactlyInAnyOrderElementsOf(plan);

        List<String> seen = new ArrayList<>();
        for (int shard = 1; shard <= 2; shard++) {
            Path out = tmp.resolve("parts/shard-" + shard);
            cli("run", matrix.toString(), "--executor", "container", "--shard", shard + "/3", "--out", out.toString(),
                    "--progress", "plain", "--pull", "never", "--reuse-installs");
            RunFixture.cells(out).forEach(c -> seen.add(c.get("cell").asText()));
        }
        assertThat(seen).as("the shards are disjoint").doesNotHaveDuplicates().hasSize(3);

        Path merged = tmp.resolve("merged");
        String mergeOut = cli("merge", tmp.resolve("parts/shard-1").toString(), tmp.resolve("parts/shard-2").toString(),
                "--out", merged.toString());
        assertThat(mergeOut).endsWith("status:   incomplete (missing shard 3/3)\n");
        List<JsonNode> cells = RunFixture.cells(merged);
        assertThat(cells).extracting(c -> c.get("cell").asText()).containsExactlyElementsOf(seen.stream().sorted()
                .toList());
        for (JsonNode c : cells) {
            assertThat(merged.resolve(c.get("log").asText())).as("log of " + c.get("cell")).isRegularFile();
            String expected = c.get("method").asText().equals("distro-apt") ? "NOT_FREE_THREADED" : "PASS";
            assertThat(c.get("outcome").asText()).as(c.toString()).isEqualTo(expected);
        }

        Path reports = tmp.resolve("reports");
        List<String> report = new ArrayList<>(List.of("report", merged.toString(), "--out", reports.toString(),
                "--fail-on", "control,ranking,infra,incomplete", "--planned"));
        for (int shard = 1; shard <= 3; shard++) {
            report.add(plans.resolve("shard-" + shard + ".json").toString());
        }
        StringWriter out = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                report.toArray(String[]::new));
        assertThat(code).as(out.toString()).isEqualTo(6);
        assertThat(reports.resolve("verdict.txt")).content().startsWith("FAILURE\nincomplete: " + merged + ": run ")
                .contains("a shard is missing");
        JsonNode json = new ObjectMapper().readTree(reports.resolve("report.json").toFile());
        JsonNode totals = json.get("statistics").get("totals");
        assertThat(totals.get("results").asInt()).isEqualTo(3);
        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(reports.resolve("junit.xml").toFile());
        assertThat(junit.getElementsByTagName("testcase").getLength()).as("every planned cell").isEqualTo(4);
        assertThat(junit.getElementsByTagName("failure").getLength()).isZero();
        List<String> skipped = new ArrayList<>();
        NodeList nodes = junit.getElementsByTagName("skipped");
        for (int i = 0; i < nodes.getLength(); i++) {
            skipped.add(((Element) nodes.item(i)).getAttribute("message"));
        }
        // Not skipped: exactly the report's trials and control trials.
        assertThat(4 - skipped.size()).isEqualTo(totals.get("trials").asInt() + totals.get("control_trials").asInt());
        assertThat(skipped).contains("not run: planned for shard 3/3, which left no result for it")
                .allSatisfy(m -> assertThat(m).matches("not run: planned for shard 3/3, which left no result for it"
                        + "|not a trial: reused install \\(--reuse-installs\\): the install was not exercised \\(PASS\\)"));
    }

    private List<String> planIds(Path matrix) throws Exception {
        JsonNode rows = new ObjectMapper().readTree(cli("plan", matrix.toString(), "--format", "json"));
        Set<String> ids = new HashSet<>();
        rows.forEach(r -> ids.add(r.get("id").asText()));
        return List.copyOf(ids);
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as(String.join(" ", args) + "\n" + out + err).isZero();
        return out.toString();
    }
}
