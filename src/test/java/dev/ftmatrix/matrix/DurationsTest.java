package dev.ftmatrix.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} is {1} seconds")
    @CsvSource({"90s, 90", "30m, 1800", "2h, 7200", "1h30m, 5400", "1h30m15s, 5415", "2h5s, 7205", "0h1s, 1",
            "120m, 7200"})
    void parsesNumbersWithUnits(String text, long seconds) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "rejects ''{0}''")
    @ValueSource(strings = {"", "30", "30 minutes", "-5m", "30d", "30M", "30m1h", "1.5h", " 30m", "1h1h", "m"})
    void rejectsTextThatIsNotADuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration; write a number with a unit: 90s, 30m, 2h");
    }

    @ParameterizedTest(name = "rejects ''{0}''")
    @ValueSource(strings = {"0s", "0m", "0h0m0s"})
    void rejectsZero(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is zero; a duration must be longer than that, e.g. 90s, 30m, 2h");
    }
}
