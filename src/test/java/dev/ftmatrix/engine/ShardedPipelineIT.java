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

/**
 * The scheduled-CI pipeline end to end with the real daemon, as the Jenkinsfile runs it: a small matrix run in
 * two shards, the shards merged, the merge reported. The free-threaded build comes from the install cache (built
 * once per test run by the real source-build recipe), the control installs for real.
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
    void twoShardsMergeIntoThePlanAndReportAsOneRun() throws Exception {
        FreeThreadedInterpreter.image(tmp);
        Path matrix = tmp.resolve("pipeline.yaml");
        Files.writeString(matrix, MATRIX);
        List<String> plan = planIds(matrix);
        assertThat(plan).hasSize(4);

        List<String> seen = new ArrayList<>();
        for (int shard = 1; shard <= 2; shard++) {
            Path out = tmp.resolve("shard-" + shard);
            cli("run", matrix.toString(), "--shard", shard + "/2", "--out", out.toString(), "--progress", "plain",
                    "--pull", "never", "--reuse-installs");
            RunFixture.cells(out).forEach(c -> seen.add(c.get("cell").asText()));
        }
        assertThat(seen).as("the shards are disjoint and together are the plan")
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(plan);

        Path merged = tmp.resolve("merged");
        cli("merge", tmp.resolve("shard-1").toString(), tmp.resolve("shard-2").toString(), "--out",
                merged.toString());
        List<JsonNode> cells = RunFixture.cells(merged);
        assertThat(cells).extracting(c -> c.get("cell").asText()).containsExactlyElementsOf(plan.stream().sorted()
                .toList());
        for (JsonNode c : cells) {
            assertThat(merged.resolve(c.get("log").asText())).as("log of " + c.get("cell")).isRegularFile();
            String expected = c.get("method").asText().equals("distro-apt") ? "NOT_FREE_THREADED" : "PASS";
            assertThat(c.get("outcome").asText()).as(c.toString()).isEqualTo(expected);
        }

        Path reports = tmp.resolve("reports");
        String printed = cli("report", merged.toString(), "--out", reports.toString());
        JsonNode report = new ObjectMapper().readTree(reports.resolve("report.json").toFile());
        JsonNode totals = report.get("statistics").get("totals");
        assertThat(totals.get("results").asInt()).as(printed).isEqualTo(4);
        assertThat(totals.get("reused_installs").asInt()).isEqualTo(2);
        assertThat(report.get("statistics").get("controls").get(0).get("detected").asInt()).isEqualTo(2);
        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(reports.resolve("junit.xml").toFile());
        assertThat(junit.getElementsByTagName("testcase").getLength()).isEqualTo(4);
        assertThat(junit.getElementsByTagName("failure").getLength()).isZero();
        assertThat(reports.resolve("report.md")).content().contains("| distro-apt | 2 | 2 | 100.0% |");
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
