package dev.ftmatrix.results;

import dev.ftmatrix.matrix.ResourceLimits;
import dev.ftmatrix.probe.ProbeReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A {@link CellResult} as one line of {@code cells.jsonl}: every field at the top level, snake_case, sorted by name
 * (see {@link Json}). Every file ever written holds this shape, so it does not change with the nesting of the model;
 * this is the one place that maps between the two. A field missing from an older file reads as null (false, 0).
 */
record CellLine(
        String runId,
        String cell,
        String matrix,
        String os,
        String image,
        String imageDigest,
        String method,
        String recipe,
        String recipeSha256,
        Map<String, String> parameters,
        String tier,
        String python,
        int repeat,
        int attempt,
        Outcome outcome,
        Failure failure,
        List<String> warnings,
        String interpreter,
        Durations durations,
        Instant startedAt,
        Instant finishedAt,
        ProbeReport probe,
        String log,
        String cleanupError,
        boolean installReused,
        boolean simulated,
        String ftmatrixVersion,
        String dockerVersion,
        Map<String, String> environment,
        ResourceLimits limits,
        CellResult.Timing timing,
        CellResult.PeakMemory memory) {

    static CellLine of(CellResult r) {
        CellResult.Identity id = r.identity();
        CellResult.Setup s = r.setup();
        CellResult.Verdict v = r.verdict();
        CellResult.Execution e = r.execution();
        CellResult.Measurement m = r.measurement();
        CellResult.Replay replay = r.replay();
        return new CellLine(id.runId(), id.cell(), id.matrix(), s.os(), s.image(), s.imageDigest(), s.method(),
                s.recipe(), s.recipeSha256(), s.parameters(), id.tier(), id.python(), id.repeat(), id.attempt(),
                v.outcome(), v.failure(), v.warnings(), e.interpreter(), e.durations(), e.startedAt(), e.finishedAt(),
                r.probe(), e.log(), e.cleanupError(), e.installReused(), e.simulated(), replay.ftmatrixVersion(),
                replay.dockerVersion(), replay.environment(), m.limits(), m.timing(), m.memory());
    }

    CellResult toResult() {
        return new CellResult(new CellResult.Identity(runId, cell, matrix, tier, python, repeat, attempt),
                new CellResult.Setup(os, image, imageDigest, method, recipe, recipeSha256, parameters),
                new CellResult.Verdict(outcome, failure, warnings),
                new CellResult.Execution(interpreter, durations, startedAt, finishedAt, log, cleanupError,
                        installReused, simulated),
                new CellResult.Measurement(limits, timing, memory), probe,
                new CellResult.Replay(ftmatrixVersion, dockerVersion, environment));
    }
}
