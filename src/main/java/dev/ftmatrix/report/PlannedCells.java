package dev.ftmatrix.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.results.ResultsReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cells a run was meant to have, read from {@code ftmatrix plan --format json} files, so that junit.xml can
 * show a planned cell that left no result (a shard whose agent was lost) as skipped, naming where it was planned.
 */
public final class PlannedCells {
    /** One planned cell; {@code where} is {@code shard I/N} or {@code the unsharded run}. */
    public record Planned(String cell, String tier, String method, String os, String python, int repeat,
            String where) {
    }

    private PlannedCells() {
    }

    /** The cells of the plan files; a file that is not such a plan is bad input naming the file and entry. */
    public static List<Planned> read(List<Path> files) {
        List<Planned> planned = new ArrayList<>();
        for (Path file : files) {
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(file.toFile());
            } catch (IOException e) {
                throw new ResultsReader.ResultsUnreadableException(file + ": not a plan (write it with ftmatrix plan"
                        + " MATRIX --format json): " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (root == null || !root.isArray()) {
                throw new ResultsReader.ResultsUnreadableException(file + ": not a plan: expected the JSON array"
                        + " that ftmatrix plan MATRIX --format json prints");
            }
            for (int i = 0; i < root.size(); i++) {
                JsonNode c = root.get(i);
                for (String field : List.of("id", "tier", "method", "os", "python", "repeat")) {
                    if (c == null || !c.hasNonNull(field)) {
                        throw new ResultsReader.ResultsUnreadableException(file + ": entry " + (i + 1) + " of the plan"
                                + " has no '" + field + "'; write the file with ftmatrix plan MATRIX --format json");
                    }
                }
                String where = c.hasNonNull("shard") ? "shard " + c.get("shard").asText() : "the unsharded run";
                planned.add(new Planned(c.get("id").asText(), c.get("tier").asText(), c.get("method").asText(),
                        c.get("os").asText(), c.get("python").asText(), c.get("repeat").asInt(), where));
            }
        }
        return planned;
    }
}
