package dev.ftmatrix.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.results.ResultsReader;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildVerdictTest {
    private static final Path FIXTURE = Path.of("src/test/resources/report/fixture");

    private static Statistics fixture() {
        StatisticsBuilder b = new StatisticsBuilder();
        ResultsReader.read(FIXTURE, b::accept);
        return b.build();
    }

    private static HistoryTrend.Point uv(String run, long trials, long passes) {
        return new HistoryTrend.Point(run, "uv", "1", trials, passes, null, null, 0, 0, 0);
    }

    private static HistoryTrend history(HistoryTrend.Point... uv) {
        return new HistoryTrend("run", List.of(), List.of(), List.of(uv), List.of());
    }

    @Test
    void aMethodWorseThanInTheHistorysEarlierRunsIsARegression() {
        // uv: 5 of 6 here, 100 of 100 before: P(worse) = 1 - B(107, 2) / B(6, 2) = 1 - 42/11556 = 0.99637.
        assertThat(BuildVerdict.regressions(fixture(), history(uv("20261101-030000-1", 100, 100))))
                .containsExactly("regression: uv passed 5 of 6 trials, against 100 of 100 in the history's earlier"
                        + " runs (P = 0.996 that it got worse)");
    }

    @Test
    void thisRunInTheHistoryAndASimilarPastAreNoRegression() {
        assertThat(BuildVerdict.regressions(fixture(), history(uv("20261120-030000-1", 100, 100)))).isEmpty();
        assertThat(BuildVerdict.regressions(fixture(), history(uv("20261101-030000-1", 60, 50)))).isEmpty();
    }

    @Test
    void failureOutranksUnstableAndEveryReasonIsListed() {
        BuildVerdict v = BuildVerdict.judge(fixture(), history(uv("20261101-030000-1", 100, 100)), "no history at x",
                List.of("results/merged: run m is incomplete: run r (shard 2/2) is interrupted"), 0.10,
                EnumSet.allOf(BuildVerdict.Condition.class));
        assertThat(v.status()).isEqualTo(BuildVerdict.Status.FAILURE);
        assertThat(v.reasons()).containsExactly(
                "infra: 3 of 23 results are infrastructure errors (13.0%, more than the 10.0% allowed by"
                        + " --max-infra-errors)",
                "incomplete: results/merged: run m is incomplete: run r (shard 2/2) is interrupted",
                "regression: uv passed 5 of 6 trials, against 100 of 100 in the history's earlier runs (P = 0.996"
                        + " that it got worse)",
                "history: no history at x");
    }

    @Test
    void onlyTheNamedConditionsCount() {
        BuildVerdict v = BuildVerdict.judge(fixture(), null, "no history at x", List.of("x"), 0.10,
                EnumSet.of(BuildVerdict.Condition.control, BuildVerdict.Condition.ranking));
        assertThat(v).isEqualTo(new BuildVerdict(BuildVerdict.Status.SUCCESS, List.of()));
        assertThat(BuildVerdict.judge(fixture(), null, null, List.of(), 0.20, EnumSet.of(BuildVerdict.Condition.infra))
                .status()).isEqualTo(BuildVerdict.Status.SUCCESS);
    }
}
