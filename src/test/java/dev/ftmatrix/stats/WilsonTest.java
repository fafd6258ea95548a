package dev.ftmatrix.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WilsonTest {
    /**
     * Newcombe RG, "Two-sided confidence intervals for the single proportion: comparison of seven methods",
     * Statistics in Medicine 17:857-872 (1998), Table II, method 3 (Wilson score, no continuity correction).
     * 20/20 is the mirror image of 0/20.
     */
    @ParameterizedTest(name = "{0}/{1} -> [{2}, {3}]")
    @CsvSource({
        "81, 263, 0.2553, 0.3662",
        "15, 148, 0.0624, 0.1605",
        "0, 20, 0.0000, 0.1611",
        "1, 29, 0.0061, 0.1718",
        "20, 20, 0.8389, 1.0000"})
    void matchesNewcombesPublishedWilsonIntervals(long successes, long trials, double low, double high) {
        Interval ci = Wilson.interval95(successes, trials);
        assertThat(ci.low()).isCloseTo(low, within(0.00005));
        assertThat(ci.high()).isCloseTo(high, within(0.00005));
    }

    @Test
    void endsAreExactlyZeroAndOneAtTheBoundaries() {
        assertThat(Wilson.interval95(0, 7).low()).isZero();
        assertThat(Wilson.interval95(7, 7).high()).isEqualTo(1.0);
        assertThat(Wilson.interval95(7, 7).low()).isGreaterThan(0.6).isLessThan(1.0);
    }

    @Test
    void refusesCountsThatAreNotAProportion() {
        assertThatThrownBy(() -> Wilson.interval95(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wilson.interval95(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
