package dev.ftmatrix.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the probe's own unit tests (containers/probe/tests, Python's unittest) with the machine's CPython, so the
 * scripts that run inside every cell are tested with the rest of the suite.
 */
class ProbeScriptsTest {
    private static final Path PROBE = Path.of("containers", "probe");
    /** Debian's interpreter, not a pyenv shim that may point anywhere (environment.md). */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    private static final Pattern RAN = Pattern.compile("(?m)^Ran (\\d+) tests? in ");

    @Test
    void probeUnitTestsPass() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(PYTHON, "-m", "unittest", "discover", "-s", "tests")
                .directory(PROBE.toFile())
                .redirectErrorStream(true);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished within 120 s").isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        Matcher ran = RAN.matcher(output);
        assertThat(ran.find()).as(output).isTrue();
        assertThat(Integer.parseInt(ran.group(1))).as("tests discovered").isGreaterThanOrEqualTo(29);
        assertThat(output).contains("\nOK");
    }
}
