package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.BadInputException;
import dev.ftmatrix.InfrastructureException;
import dev.ftmatrix.matrix.MatrixInvalidException;
import dev.ftmatrix.matrix.Problem;
import dev.ftmatrix.results.RunJournal;
import dev.ftmatrix.results.history.HistoryInvalidException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
    /** An exception no list names: its kind alone places it. */
    private static final class SomeNewBadInput extends BadInputException {
        private static final long serialVersionUID = 1L;

        SomeNewBadInput() {
            super("a new kind of bad input");
        }
    }

    private static final class SomeNewOutage extends InfrastructureException {
        private static final long serialVersionUID = 1L;

        SomeNewOutage() {
            super("a new kind of outage");
        }
    }

    @Test
    void aNewBadInputExceptionExitsTwoWithoutBeingListed() {
        assertThat(ExitCodes.of(new SomeNewBadInput())).isEqualTo(ExitCodes.USAGE).isEqualTo(2);
    }

    @Test
    void aNewInfrastructureExceptionExitsThreeWithoutBeingListed() {
        assertThat(ExitCodes.of(new SomeNewOutage())).isEqualTo(ExitCodes.INFRASTRUCTURE).isEqualTo(3);
    }

    @Test
    void theExistingFailuresKeepTheirCodes() {
        assertThat(ExitCodes.of(new RunJournal.OutputDirectoryException("x"))).isEqualTo(2);
        assertThat(ExitCodes.of(new HistoryInvalidException("x"))).isEqualTo(2);
        assertThat(ExitCodes.of(new UsageException("x"))).isEqualTo(2);
        assertThat(ExitCodes.of(new MatrixInvalidException(List.of(new Problem(Path.of("m.yaml"), 1, 1,
                "os is missing"))))).isEqualTo(2);
    }

    @Test
    void anythingElseIsABugAndExitsOne() {
        assertThat(ExitCodes.of(new UncheckedIOException(new IOException("disk")))).isEqualTo(ExitCodes.INTERNAL)
                .isEqualTo(1);
        assertThat(ExitCodes.of(new NullPointerException())).isEqualTo(1);
    }
}
