package dev.ftmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.stats.Interval;
import org.junit.jupiter.api.Test;

class FiguresTest {
    @Test
    void textWritesPercentsWithOneDecimalAndADashForNoValue() {
        assertThat(Figures.TEXT.percent(0.8125)).isEqualTo("81.3%");
        assertThat(Figures.TEXT.percent(null)).isEqualTo("-");
        assertThat(Figures.TEXT.interval(new Interval(0.5, 0.75))).isEqualTo("50.0-75.0%");
        assertThat(Figures.TEXT.interval(null)).isEqualTo("-");
    }

    @Test
    void htmlLeavesNoValueEmptyAndJoinsAnIntervalWithAnEnDash() {
        assertThat(Figures.HTML.percent(null)).isEmpty();
        assertThat(Figures.HTML.interval(new Interval(0.5, 0.75))).isEqualTo("50.0&ndash;75.0%");
    }

    @Test
    void pluralAddsAnSExceptForOne() {
        assertThat(Figures.plural(1, "run")).isEqualTo("1 run");
        assertThat(Figures.plural(0, "run")).isEqualTo("0 runs");
        assertThat(Figures.plural(2, "trial")).isEqualTo("2 trials");
    }
}
