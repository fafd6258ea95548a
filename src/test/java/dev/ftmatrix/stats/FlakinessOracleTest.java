package dev.ftmatrix.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.history.HistoryFixtures;
import dev.ftmatrix.results.history.HistoryLocation;
import dev.ftmatrix.results.history.HistoryStore;
import dev.ftmatrix.stats.Flakiness.FlakyCell;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flakiness the database computes ({@link HistoryStore#verdictsByCell}) against the computation it replaced,
 * kept here as the oracle: every attempt in memory, the trial of each run picked and the flips counted in Java.
 * The generated history has what makes the rule subtle: retries after infrastructure errors, simulated results,
 * reused installs of methods and of controls, cells that cannot apply, cells missing from runs and runs that
 * started at the same time (ordered by run id).
 */
class FlakinessOracleTest {
    private static final Outcome[] OUTCOMES = {Outcome.PASS, Outcome.PASS, Outcome.PASS, Outcome.INSTALL_FAILED,
        Outcome.TIMEOUT, Outcome.NOT_FREE_THREADED, Outcome.INFRA_ERROR, Outcome.NOT_APPLICABLE};

    @TempDir
    Path tmp;

    /** One generated result line, as the oracle reads it (independent of how CellResult spells its fields). */
    private record Line(String runId, String cell, int attempt, String method, String tier, Outcome outcome,
            boolean simulated, boolean installReused) {
    }

    @Test
    void sqlFlakinessEqualsTheJavaComputationOnAGeneratedHistory() throws Exception {
        Random random = new Random(17);
        List<Line> all = new ArrayList<>();
        List<Path> runs = new ArrayList<>();
        Map<String, Instant> starts = new HashMap<>();
        Instant start = Instant.parse("2026-01-01T03:00:00Z");
        for (int run = 0; run < 40; run++) {
            // Every fifth run starts with the one before it: equal times, ordered by run id.
            start = run % 5 == 4 ? start : start.plusSeconds(86_400);
            String runId = (char) ('a' + random.nextInt(26)) + "-r" + run;
            starts.put(runId, start);
            List<CellResult> lines = new ArrayList<>();
            for (String os : List.of("debian", "fedora")) {
                for (String[] method : new String[][] {{"uv", "1"}, {"conda", "2"}, {"source", "4"},
                    {"distro-apt", "control"}}) {
                    for (int repeat = 1; repeat <= 3; repeat++) {
                        if (random.nextInt(10) == 0) {
                            continue;
                        }
                        String cell = os + "/" + method[0] + "/3.13t#" + repeat;
                        int attempts = 1 + random.nextInt(3);
                        for (int attempt = 1; attempt <= attempts; attempt++) {
                            Line line = new Line(runId, cell, attempt, method[0], method[1],
                                    OUTCOMES[random.nextInt(OUTCOMES.length)], random.nextInt(15) == 0,
                                    random.nextInt(6) == 0);
                            all.add(line);
                            lines.add(HistoryFixtures.result(runId, start, cell, attempt, line.tier(),
                                    line.outcome(), line.simulated(), line.installReused()));
                        }
                    }
                }
            }
            runs.add(HistoryFixtures.writeRun(tmp.resolve(runId), HistoryFixtures.runJson(runId, "complete", start,
                    start.plusSeconds(3600), null), lines));
        }
        try (HistoryStore store = HistoryStore.open(HistoryLocation.resolve(tmp.resolve("h.sqlite").toString(),
                Map.of()), HistoryStore.Access.CREATE)) {
            store.importResults(runs);
            for (int minRuns : new int[] {2, 15, 25}) {
                Flakiness expected = javaFlakiness(all, starts, minRuns);
                assertThat(expected.cells()).as("the generated history must have flaky cells").isNotEmpty();
                assertThat(HistoryStatistics.flakiness(store, minRuns)).isEqualTo(expected);
            }
        }
    }

    /** The Java computation the SQL replaced: the trial of each run is its last counted attempt. */
    private static Flakiness javaFlakiness(List<Line> all, Map<String, Instant> starts, int minRuns) {
        Map<String, Map<String, Line>> trials = new TreeMap<>();
        for (Line r : all) {
            if (Trial.of(r.simulated(), r.outcome(), TierLabels.isControl(r.tier()), r.installReused())
                    != Trial.COUNTED) {
                continue;
            }
            trials.computeIfAbsent(r.cell(), k -> new HashMap<>()).merge(r.runId(), r,
                    (x, y) -> x.attempt() >= y.attempt() ? x : y);
        }
        long considered = 0;
        List<FlakyCell> flaky = new ArrayList<>();
        for (Map<String, Line> perRun : trials.values()) {
            if (perRun.size() < minRuns) {
                continue;
            }
            considered++;
            List<Line> runs = new ArrayList<>(perRun.values());
            runs.sort(Comparator.comparing((Line r) -> starts.get(r.runId())).thenComparing(Line::runId));
            StringBuilder sequence = new StringBuilder();
            int flips = 0;
            int passes = 0;
            for (int i = 0; i < runs.size(); i++) {
                boolean pass = runs.get(i).outcome() == Outcome.PASS;
                passes += pass ? 1 : 0;
                sequence.append(pass ? 'P' : 'F');
                if (i > 0 && sequence.charAt(i) != sequence.charAt(i - 1)) {
                    flips++;
                }
            }
            if (flips == 0) {
                continue;
            }
            Line last = runs.get(runs.size() - 1);
            flaky.add(new FlakyCell(last.cell(), last.method(), last.tier(), runs.size(), passes, flips,
                    StatisticsBuilder.round((double) flips / (runs.size() - 1)), sequence.toString(), last.runId(),
                    last.outcome().name()));
        }
        flaky.sort(Comparator.comparingDouble(FlakyCell::flipRate).reversed()
                .thenComparing(Comparator.comparingInt(FlakyCell::flips).reversed())
                .thenComparing(FlakyCell::cell));
        return new Flakiness(minRuns, considered, flaky);
    }
}
