package dev.ftmatrix.results;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's metadata, written to {@code run.json} when the run starts and again when it ends. {@code repeats}: the
 * trials per combination the run used (the matrix's, or {@code run --repeats}). {@code only} and {@code skip}: the
 * globs of {@code --only} and {@code --skip}, comma-separated, null when not given. {@code shard}: {@code I/N} for a run
 * of one shard ({@code run --shard}), null otherwise. {@code mergedFrom}: for a directory written by
 * {@code ftmatrix merge}, the runs it combines, each as its own run.json said; empty for a run.
 */
public record RunInfo(
        String runId,
        RunStatus status,
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
        String skip,
        Integer repeats,
        String shard,
        int cellsPlanned,
        int cellsFinished,
        Map<String, Integer> outcomes,
        Map<String, String> images,
        List<RunInfo> mergedFrom) {
    /** The start time in a run id: {@code 20261125-170000}. */
    public static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    public RunInfo {
        // Sorted, so `run` prints the counts and run.json lists them in one order on every JVM.
        outcomes = outcomes == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(outcomes));
        images = images == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(images));
        mergedFrom = mergedFrom == null ? List.of() : List.copyOf(mergedFrom);
    }

    /** This run running again ({@code run --resume}), with the digests of the images it resolved now added. */
    public RunInfo resumed(Map<String, String> resolvedImages) {
        Map<String, String> all = new java.util.TreeMap<>(images);
        all.putAll(resolvedImages);
        return new RunInfo(runId, RunStatus.RUNNING, matrix, matrixFile, matrixSha256, ftmatrixVersion, startedAt, null,
                dockerHost, dockerServerVersion, dockerApiVersion, javaVersion, hostOs, parallel, pull, only,
                skip, repeats, shard, cellsPlanned, cellsFinished, outcomes, all, mergedFrom);
    }

    public RunInfo finished(RunStatus newStatus, Instant at, int finishedCells, Map<String, Integer> outcomeCounts) {
        return new RunInfo(runId, newStatus, matrix, matrixFile, matrixSha256, ftmatrixVersion, startedAt, at,
                dockerHost, dockerServerVersion, dockerApiVersion, javaVersion, hostOs, parallel, pull, only,
                skip, repeats, shard, cellsPlanned, finishedCells, outcomeCounts, images, mergedFrom);
    }

    /** How many results have each outcome, keyed by the outcome's name. */
    public static Map<String, Integer> outcomeCounts(List<CellResult> results) {
        Map<Outcome, Integer> byOutcome = new EnumMap<>(Outcome.class);
        synchronized (results) {
            results.forEach(r -> byOutcome.merge(r.verdict().outcome(), 1, Integer::sum));
        }
        Map<String, Integer> named = new LinkedHashMap<>();
        byOutcome.forEach((o, n) -> named.put(o.name(), n));
        return named;
    }
}
