package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void doublesTheBackoffFromTwoSecondsUpToItsCap() {
        RetryPolicy p = RetryPolicy.of(10);

        assertThat(p.backoffBefore(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.backoffBefore(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.backoffBefore(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(p.backoffBefore(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.backoffBefore(11)).isEqualTo(Duration.ofSeconds(60));
    }
}
