package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.matrix.OsFamily;
import dev.ftmatrix.results.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on this Linux machine with the host executor (no Docker): the tier matrix's macOS and Windows host rows
 * are recorded NOT_APPLICABLE and add no trial to any tier, while a Linux host row of the same tier really runs and
 * is its tier's only trial.
 */
class NotApplicableRunTest {
    @TempDir
    Path tmp;

    private Path containers;

    @BeforeEach
    void containersWithAQuickLinuxRecipe() throws Exception {
        assumeTrue(OsFamily.thisMachine().equals("host:linux"), "the machines ftmatrix is built on run Linux");
        containers = tmp.resolve("containers");
        try (Stream<Path> files = Files.walk(Path.of("containers"))) {
            for (Path p : files.toList()) {
                Path target = containers.resolve(Path.of("containers").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        // A real local process for the Linux row: it fails the way a recipe does, so the row is a real trial.
        Files.writeString(containers.resolve("recipes/absent-tool.sh"), """
                #!/usr/bin/env bash
                # absent-tool: a test recipe whose tool has no such version, so it ends as not-found at once.
                # Platforms: host:linux host:macos
                echo "FTMATRIX-FAILURE: not-found: no python ${FTMATRIX_PYTHON} here"
                exit 3
                """);
    }

    @Test
    void hostRowsOfAnotherOsAreNotApplicableAndAddNoTrialToAnyTier() throws Exception {
        Path matrix = tmp.resolve("hosts.yaml");
        Files.writeString(matrix, """
                name: hosts
                python: ["3.14t"]
                os:
                  - { id: linux-agent, executor: host }
                  - { id: macos-15, executor: host }
                  - { id: windows-2025, executor: host }
                methods:
                  - { id: local, recipe: absent-tool, tier: 1, os: ["linux-*"] }
                  - { id: macos-homebrew, recipe: macos-homebrew, tier: 1, os: ["macos-*"] }
                  - { id: windows-nuget, recipe: windows-nuget, tier: 3, os: ["windows-*"] }
                """);
        Path run = tmp.resolve("run");
        Cli r = Cli.run("run", matrix.toString(), "--out", run.toString(), "--progress", "plain",
                "--containers", containers.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("""

                Not applicable on this machine (not run, no trial of any method):
                CELL                                TIER  WHY
                macos-15/macos-homebrew/3.14t#1     1     os 'macos-15' is a host:macos host row and this machine is \
                host:linux; run it on a host:macos agent
                windows-2025/windows-nuget/3.14t#1  3     os 'windows-2025' is a host:windows host row and this machine is \
                host:linux; run it on a host:windows agent

                outcomes: {INSTALL_FAILED=1, NOT_APPLICABLE=2}
                """);

        List<JsonNode> cells = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("cells.jsonl"))) {
            cells.add(Json.MAPPER.readTree(line));
        }
        assertThat(cells).extracting(c -> c.get("cell").asText() + " " + c.get("outcome").asText())
                .containsExactlyInAnyOrder("linux-agent/local/3.14t#1 INSTALL_FAILED",
                        "macos-15/macos-homebrew/3.14t#1 NOT_APPLICABLE", "windows-2025/windows-nuget/3.14t#1 NOT_APPLICABLE");

        Path reports = tmp.resolve("reports");
        Cli report = Cli.run("report", run.toString(), "--out", reports.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        JsonNode stats = Json.MAPPER.readTree(reports.resolve("report.json").toFile()).get("statistics");
        assertThat(stats.get("tiers")).extracting(t -> t.get("key").asText() + ": " + t.get("trials").asInt())
                .containsExactly("1: 1");
        assertThat(stats.get("totals").get("trials").asInt()).isEqualTo(1);
        assertThat(stats.get("methods")).extracting(m -> m.get("key").asText()).containsExactly("local");
        assertThat(stats.get("not_applicable")).extracting(n -> n.get("method").asText() + " on " + n.get("os").asText()
                + ": " + n.get("cells").asInt()).containsExactly("macos-homebrew on macos-15: 1",
                "windows-nuget on windows-2025: 1");
        String junit = Files.readString(reports.resolve("junit.xml"));
        assertThat(junit).contains("<skipped message=\"not a trial: not applicable: the cell cannot apply on the"
                + " machine that ran it, so it was not run (NOT_APPLICABLE (not-applicable): os 'macos-15' is a"
                + " host:macos host row and this machine is host:linux; run it on a host:macos agent)\">");
        assertThat(junit).contains("<testsuite name=\"tier 1\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"1\"")
                .contains("<testsuite name=\"tier 3\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\"");
        assertThat(Files.readString(reports.resolve("report.md"))).contains("## Not applicable")
                .contains("| macos-homebrew | 1 | macos-15 | 1 | os 'macos-15' is a host:macos host row");
        assertThat(Files.readString(reports.resolve("report.html"))).contains("<section id=\"not-applicable\">");
    }
}
