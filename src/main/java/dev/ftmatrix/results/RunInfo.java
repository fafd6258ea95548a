package dev.ftmatrix.results;

import java.time.Instant;
import java.util.Map;

/** The run's metadata, written to {@code run.json} when the run starts and again when it ends. */
public record RunInfo(
        String runId,
        String status,
        String matrix,
        String matrixFile,
        String matrixSha256,
        String ftmatrixVersion,
        Instant startedAt,
        Instant finishedAt,
        String dockerHost,
        String dockerServerVersion,
        String dockerApiVersion,
        String javaVersion,
        String hostOs,
        int parallel,
        String pull,
        String only,
        int cellsPlanned,
        int cellsFinished,
        Map<String, Integer> outcomes,
        Map<String, String> images) {
    public RunInfo {
        outcomes = outcomes == null ? Map.of() : Map.copyOf(outcomes);
        images = images == null ? Map.of() : Map.copyOf(images);
    }

    public RunInfo finished(String newStatus, Instant at, int finishedCells, Map<String, Integer> outcomeCounts) {
        return new RunInfo(runId, newStatus, matrix, matrixFile, matrixSha256, ftmatrixVersion, startedAt, at,
                dockerHost, dockerServerVersion, dockerApiVersion, javaVersion, hostOs, parallel, pull, only,
                cellsPlanned, finishedCells, outcomeCounts, images);
    }
}
