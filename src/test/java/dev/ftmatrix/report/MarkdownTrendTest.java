package dev.ftmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.results.ResultsReader;
import dev.ftmatrix.stats.HistoryTrend;
import dev.ftmatrix.stats.HistoryTrend.Period;
import dev.ftmatrix.stats.HistoryTrend.Point;
import dev.ftmatrix.stats.Statistics;
import dev.ftmatrix.stats.StatisticsBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTrendTest {
    private static Statistics fixture() {
        StatisticsBuilder b = new StatisticsBuilder();
        ResultsReader.read(Path.of("src/test/resources/report/fixture"), b::accept);
        return b.build();
    }

    @Test
    void theTierTrendTableShowsTheLastTwentyRuns() {
        List<Period> periods = new ArrayList<>();
        List<Point> tiers = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            String run = String.format("run-%02d", i);
            periods.add(new Period(run, Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3600L * i), List.of(run)));
            tiers.add(new Point(run, "1", null, 2, 1, 0.5, null, 0, 0, 0));
        }
        String md = MarkdownReport.render(fixture(), "t", new HistoryTrend("run", periods, tiers, List.of(), List.of()));
        assertThat(md).contains("; the last 20 of 25 runs, report.json has all.", "| run-06 | 2026-11-01 06:00 |",
                "| run-25 | 2026-11-02 01:00 |").doesNotContain("| run-05 |");
    }

    @Test
    void aHistoryWithoutRunsOfTheMatrixSaysHowToAddThem() {
        String md = MarkdownReport.render(fixture(), "t", new HistoryTrend("run", List.of(), List.of(), List.of(),
                List.of()));
        assertThat(md).contains("## Tier trend\n\nThe history has no runs of fixture yet: add them with"
                + " `ftmatrix history import`.\n");
    }
}
