package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellStepsTest {
    @Test
    void theKernelsRefusalOfAnOversizedExecIsRecognisedAsTheCellsOwnInput() {
        // Linux refuses any single argument over MAX_ARG_STRLEN (128 KiB) with E2BIG, whatever ARG_MAX is.
        String huge = "x".repeat(256 * 1024);
        Throwable refused = catchThrowable(() -> new ProcessBuilder(List.of("true", huge)).start().waitFor());
        assertThat(refused).isInstanceOf(IOException.class).hasMessageContaining("error=7, Argument list too long");
        assertThat(CellSteps.tooLargeToExec(new RuntimeException("exec failed", refused))).isTrue();
    }

    @Test
    void otherLaunchFailuresAreNotTheCellsInput() {
        assertThat(CellSteps.tooLargeToExec(new IOException("Cannot run program \"pwsh\": error=2, No such file or"
                + " directory"))).isFalse();
    }
}
