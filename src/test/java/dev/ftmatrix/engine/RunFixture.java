package dev.ftmatrix.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.ftmatrix.results.CellResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/**
 * Reads a finished run's directory, and looks at the daemon through Testcontainers' own client: an observer
 * independent of the engine under test.
 */
public final class RunFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFixture() {
    }

    public static List<JsonNode> cells(Path runDir) {
        try {
            return Files.readAllLines(runDir.resolve("cells.jsonl")).stream().map(RunFixture::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode cell(Path runDir, String id) {
        return cells(runDir).stream().filter(c -> c.get("cell").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no cell " + id + " in " + runDir));
    }

    public static JsonNode runInfo(Path runDir) {
        try {
            return JSON.readTree(runDir.resolve("run.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Containers, running or not, that carry the run's label. */
    public static List<String> containersOfRun(String runId) {
        DockerClient observer = DockerClientFactory.instance().client();
        return observer.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dev.ftmatrix.run", runId)).exec().stream()
                .map(c -> c.getId() + " " + c.getState()).toList();
    }

    /** The window in which a recorded cell held the timing lock; fails when it has none. */
    public static CellResult.Timing timingWindow(JsonNode cell) {
        JsonNode timing = cell.get("timing");
        if (timing == null || timing.isNull()) {
            throw new AssertionError(cell.get("cell").asText() + " has no timing window: " + cell);
        }
        return new CellResult.Timing(Instant.parse(timing.get("started_at").asText()),
                Instant.parse(timing.get("finished_at").asText()));
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
