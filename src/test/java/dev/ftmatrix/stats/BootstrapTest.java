package dev.ftmatrix.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ftmatrix.stats.Bootstrap.Comparison;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    /** Five workloads, five repeats on each build: the data of src/test/resources/stats/bootstrap-reference.py. */
    private static final double[][] FREE_THREADED = {
        {0.412, 0.398, 0.405, 0.431, 0.401},
        {0.288, 0.301, 0.295, 0.290, 0.322},
        {0.515, 0.498, 0.530, 0.507, 0.512},
        {0.366, 0.359, 0.371, 0.380, 0.362},
        {0.254, 0.249, 0.262, 0.251, 0.270}};
    private static final double[][] TWIN = {
        {0.301, 0.296, 0.310, 0.299, 0.305},
        {0.215, 0.222, 0.219, 0.230, 0.217},
        {0.402, 0.395, 0.399, 0.421, 0.398},
        {0.290, 0.284, 0.301, 0.288, 0.287},
        {0.231, 0.228, 0.236, 0.240, 0.229}};
    /** SciPy 1.10.1, stats.bootstrap(method='percentile', n_resamples=100000): see the reference script. */
    private static final double SCIPY_RATIO = 1.265828;
    private static final double SCIPY_LOW = 1.242087;
    private static final double SCIPY_HIGH = 1.293717;

    private static List<List<Comparison>> oneCell() {
        List<Comparison> cell = new ArrayList<>();
        for (int k = 0; k < FREE_THREADED.length; k++) {
            cell.add(new Comparison(FREE_THREADED[k], TWIN[k]));
        }
        return List.of(cell);
    }

    @Test
    void theRatioIsTheGeometricMeanOfMedianRatios() {
        // By hand: medians 0.405/0.301, 0.295/0.219, 0.512/0.399, 0.366/0.288, 0.254/0.231.
        double byHand = Math.pow(0.405 / 0.301 * (0.295 / 0.219) * (0.512 / 0.399) * (0.366 / 0.288) * (0.254 / 0.231),
                1.0 / 5);
        assertThat(Bootstrap.ratio(oneCell())).isCloseTo(byHand, within(1e-12)).isCloseTo(SCIPY_RATIO, within(1e-6));
    }

    @Test
    void theIntervalAgreesWithScipysPercentileBootstrap() {
        // Both are Monte Carlo estimates of the same percentiles; with 20,000 resamples they agree to a few 0.001.
        Bounds ci = Bootstrap.interval95(oneCell(), Bootstrap.SEED, 20_000);
        assertThat(ci.low()).isCloseTo(SCIPY_LOW, within(0.003));
        assertThat(ci.high()).isCloseTo(SCIPY_HIGH, within(0.003));
    }

    @Test
    void aFixedSeedGivesTheSameIntervalEveryTime() {
        assertThat(Bootstrap.interval95(oneCell())).isEqualTo(Bootstrap.interval95(oneCell()));
    }

    @Test
    void theGeometricMeanWeighsHalfAndDoubleAlike() {
        List<List<Comparison>> cells = List.of(List.of(
                new Comparison(new double[] {2.0}, new double[] {1.0}),
                new Comparison(new double[] {1.0}, new double[] {2.0})));
        assertThat(Bootstrap.ratio(cells)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void cellsArePooledByTheirGeometricMean() {
        List<List<Comparison>> cells = List.of(
                List.of(new Comparison(new double[] {1.44}, new double[] {1.0})),
                List.of(new Comparison(new double[] {1.0}, new double[] {1.0})));
        assertThat(Bootstrap.ratio(cells)).isCloseTo(1.2, within(1e-12));
        Bounds ci = Bootstrap.interval95(cells);
        assertThat(ci.low()).isCloseTo(1.0, within(1e-12));
        assertThat(ci.high()).isCloseTo(1.44, within(1e-12));
    }

    @Test
    void quantilesInterpolateLinearlyAsNumpyDoes() {
        double[] sorted = {1, 2, 3, 4};
        assertThat(Bootstrap.quantile(sorted, 0.5)).isEqualTo(2.5);
        assertThat(Bootstrap.quantile(sorted, 0.025)).isCloseTo(1.075, within(1e-12));
        assertThat(Bootstrap.median(new double[] {3, 1, 2})).isEqualTo(2);
    }
}
