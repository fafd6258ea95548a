package dev.ftmatrix.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.results.Outcome;
import org.junit.jupiter.api.Test;

class TrialTest {
    @Test
    void aSimulatedResultIsNeverATrialWhateverItsOutcome() {
        assertThat(Trial.of(true, Outcome.PASS, false, false)).isEqualTo(Trial.SIMULATED);
        assertThat(Trial.of(true, Outcome.INFRA_ERROR, true, true)).isEqualTo(Trial.SIMULATED);
    }

    @Test
    void anInfrastructureErrorIsCountedApartEvenForAControl() {
        assertThat(Trial.of(false, Outcome.INFRA_ERROR, false, false)).isEqualTo(Trial.INFRA_ERROR);
        assertThat(Trial.of(false, Outcome.INFRA_ERROR, true, false)).isEqualTo(Trial.INFRA_ERROR);
    }

    @Test
    void aReusedInstallIsATrialOnlyForAControl() {
        assertThat(Trial.of(false, Outcome.PASS, false, true)).isEqualTo(Trial.REUSED_INSTALL);
        assertThat(Trial.of(false, Outcome.PASS, true, true)).isEqualTo(Trial.COUNTED);
    }

    @Test
    void aFailureOfTheMethodIsATrial() {
        assertThat(Trial.of(false, Outcome.INSTALL_FAILED, false, false)).isEqualTo(Trial.COUNTED);
    }
}
