package dev.ftmatrix.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Durations;
import dev.ftmatrix.results.Failure;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.RunInfo;
import dev.ftmatrix.results.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumePlanTest {
    @TempDir
    Path tmp;

    private List<Cell> planned;
    private final RunInfo info = new RunInfo("r", RunStatus.INTERRUPTED, "m", "m.yaml", "abc", "0.1.0", Instant.EPOCH, null,
            null, null, null, null, null, 1, "never", null, null, 4, null, 4, 0, Map.of(), Map.of(), List.of());

    @BeforeEach
    void fourCells() throws Exception {
        Path m = tmp.resolve("m.yaml");
        Files.writeString(m, """
                name: m
                python: ["3.13t"]
                repeats: 4
                os: [{ id: debian-trixie, image: debian:trixie }]
                methods: [{ id: apt, recipe: distro-apt, tier: control }]
                """);
        planned = Matrices.expand(Matrices.load(m, Set.of("distro-apt")));
    }

    private static CellResult result(String cell, int attempt, Outcome outcome, String category) {
        return new CellResult(new CellResult.Identity("r", cell, "m", "control", "3.13t", 1, attempt),
                new CellResult.Setup("debian-trixie", "debian:trixie", null, "apt", "distro-apt", null, Map.of()),
                new CellResult.Verdict(outcome, category == null ? null : new Failure(category, "d"), List.of()),
                new CellResult.Execution(null, new Durations(null, null, 1.0), Instant.EPOCH, Instant.EPOCH, null, null,
                        false, false), CellResult.Measurement.NONE, null,
                CellResult.Replay.NONE);
    }

    @Test
    void runsMissingAndInfraErrorCellsAsTheirNextAttemptAndKeepsTheRest() {
        String c1 = "debian-trixie/apt/3.13t#1";
        String c2 = "debian-trixie/apt/3.13t#2";
        String c3 = "debian-trixie/apt/3.13t#3";
        String c4 = "debian-trixie/apt/3.13t#4";
        ResumePlan plan = ResumePlan.of(info, planned, List.of(
                result(c1, 1, Outcome.NOT_FREE_THREADED, "gil-build"),
                result(c2, 1, Outcome.INFRA_ERROR, "interrupted"),
                result(c3, 1, Outcome.INFRA_ERROR, "infra"),
                result(c3, 2, Outcome.NOT_FREE_THREADED, "gil-build")));

        assertThat(plan.remaining()).extracting(Cell::id).containsExactly(c2, c4);
        assertThat(plan.attemptOf(c2)).isEqualTo(2);
        assertThat(plan.attemptOf(c4)).isEqualTo(1);
        assertThat(plan.lastAttempts()).extracting(r -> r.identity().cell(), r -> r.identity().attempt())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(c1, 1), org.assertj.core.groups.Tuple.tuple(c2, 1),
                        org.assertj.core.groups.Tuple.tuple(c3, 2));
    }

    @Test
    void aRunWithEveryCellDecidedHasNothingLeft() {
        List<CellResult> all = planned.stream().map(c -> result(c.id(), 1, Outcome.PASS, null)).toList();
        assertThat(ResumePlan.of(info, planned, all).remaining()).isEmpty();
    }
}
