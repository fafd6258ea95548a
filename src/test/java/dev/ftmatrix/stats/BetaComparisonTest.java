package dev.ftmatrix.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BetaComparisonTest {
    @Test
    void noDataOnEitherSideIsACoinToss() {
        assertThat(BetaComparison.probabilityFirstGreater(0, 0, 0, 0)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void oneSuccessAgainstOneFailureIsFiveSixths() {
        // Beta(2,1) vs Beta(1,2): integral of 2x (2x - x^2) dx over [0,1] = 4/3 - 1/2.
        assertThat(BetaComparison.probabilityFirstGreater(1, 0, 0, 1)).isCloseTo(5.0 / 6, within(1e-12));
    }

    @ParameterizedTest(name = "{0}/{1} vs {2}/{3}")
    @CsvSource({"9, 1, 8, 2", "45, 5, 30, 20", "3, 0, 0, 3", "120, 7, 118, 9", "2, 40, 5, 37"})
    void agreesWithNumericalIntegrationWhicheverCountTheSumRunsOver(long s1, long f1, long s2, long f2) {
        double exact = BetaComparison.probabilityFirstGreater(s1, f1, s2, f2);
        assertThat(exact).isCloseTo(integrate(s1, f1, s2, f2), within(1e-6));
        assertThat(BetaComparison.probabilityFirstGreater(s2, f2, s1, f1)).isCloseTo(1 - exact, within(1e-9));
    }

    @Test
    void staysExactAndFastForAMillionTrials() {
        double p = BetaComparison.probabilityFirstGreater(990_000, 10_000, 989_500, 10_500);
        assertThat(p).isGreaterThan(0.99).isLessThanOrEqualTo(1.0);
    }

    /** P(X > Y) = integral of f_X(x) F_Y(x) dx, midpoint rule on a fine grid, F_Y by cumulative sum. */
    private static double integrate(long s1, long f1, long s2, long f2) {
        int steps = 200_000;
        double h = 1.0 / steps;
        double cdfY = 0;
        double total = 0;
        double logBx = BetaComparison.logBeta(s1 + 1, f1 + 1);
        double logBy = BetaComparison.logBeta(s2 + 1, f2 + 1);
        for (int i = 0; i < steps; i++) {
            double x = (i + 0.5) * h;
            double fy = Math.exp(s2 * Math.log(x) + f2 * Math.log(1 - x) - logBy);
            cdfY += fy * h / 2;
            double fx = Math.exp(s1 * Math.log(x) + f1 * Math.log(1 - x) - logBx);
            total += fx * cdfY * h;
            cdfY += fy * h / 2;
        }
        return total;
    }
}
