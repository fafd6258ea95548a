package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.results.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** plan/run --executor: the split the Jenkinsfile uses to run host rows on agents of their own OS. */
class ExecutorSelectionTest {
    private static List<JsonNode> plan(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("plan", "matrices/tiers.yaml", "--format", "json"));
        args.addAll(List.of(options));
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        List<JsonNode> cells = new ArrayList<>();
        Json.MAPPER.readTree(cli.out()).forEach(cells::add);
        return cells;
    }

    @Test
    void containerAndHostPartsSplitTheMatrixWithoutOverlap() throws Exception {
        int all = plan().size();
        List<JsonNode> container = plan("--executor", "container");
        List<JsonNode> host = plan("--executor", "host");
        assertThat(container).isNotEmpty().allSatisfy(c -> assertThat(c.get("image").asText()).isNotEqualTo("host"));
        assertThat(host).isNotEmpty().allSatisfy(c -> assertThat(c.get("image").asText()).isEqualTo("host"));
        assertThat(container.size() + host.size()).isEqualTo(all);
        assertThat(plan("--executor", "host", "--only", "macos-*/*/*")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.get("os").asText()).startsWith("macos-"));
    }

    @Test
    void aShardedPlanNamesItsShardForReportPlanned() throws Exception {
        assertThat(plan("--executor", "container", "--shard", "2/3")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.get("shard").asText()).isEqualTo("2/3"));
        assertThat(plan().get(0).has("shard")).isFalse();
    }

    @Test
    void anAgentWhoseOsHasNoHostRowsGetsAnEmptyPlanNotAnError() throws Exception {
        Cli cli = Cli.run("plan", "matrices/quickstart.yaml", "--format", "json", "--executor", "host", "--only",
                "windows-*/*/*");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(Json.MAPPER.readTree(cli.out())).isEmpty();
        Cli strict = Cli.run("plan", "matrices/quickstart.yaml", "--only", "windows-*/*/*");
        assertThat(strict.exitCode()).isEqualTo(2);
    }
}
