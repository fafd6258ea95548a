package dev.ftmatrix.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real bash recipes, run on this machine as the host executor runs them (FTMATRIX_WORK set, nothing written
 * outside it), with a FAKE tool first on PATH (src/test/resources/fakes, see its README for where each message comes
 * from) that fails the way the real tool does. Only failures that the fake reaches before it would install
 * anything are tested here; the contract IT runs the installs. Each case once fell into {@code internal}.
 */
class RecipeFailureCategoryTest {
    private static final Path FAKES = Path.of("src/test/resources/fakes").toAbsolutePath();

    @TempDir
    Path work;

    private record Result(int exit, String stdout) {
    }

    private Result run(String recipe, String fakeMode, Map<String, String> params) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("containers/recipes", recipe + ".sh").toString());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", FAKES.resolve("bin") + ":/usr/bin:/bin");
        env.put("HOME", work.toString());
        env.put("FTMATRIX_WORK", work.toString());
        env.put("FTMATRIX_PYTHON", "3.13.5t");
        env.put("FTMATRIX_PYTHON_VERSION", "3.13.5");
        env.put("FTMATRIX_PYTHON_MINOR", "3.13");
        env.put("FTMATRIX_FAKE_MODE", fakeMode);
        env.put("FTMATRIX_FAKES_LIB", FAKES.resolve("lib/ftmatrix-fakes/fake-tool.sh").toString());
        params.forEach((k, v) -> env.put("FTMATRIX_PARAM_" + k.toUpperCase(java.util.Locale.ROOT), v));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out.strip());
    }

    @Test
    void uvsHashMismatchIsANetworkFailure() throws Exception {
        Result r = run("uv", "hash-mismatch", Map.of());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("FTMATRIX-FAILURE: network: uv python install 3.13.5t failed (exit 2):"
                + " error: Hash mismatch for `cpython-3.13.5+freethreaded-linux-" + arch() + "-gnu`");
    }

    @Test
    void dnfsConflictWithAnInstalledPackageIsNotFound() throws Exception {
        Result r = run("fedora-dnf", "conflict", Map.of());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("FTMATRIX-FAILURE: not-found: dnf install python3.13-freethreading-3.13.5"
                + " failed (exit 1): Problem: problem with installed package python3.13-libs-3.13.0-1.fc42." + arch());
    }

    @Test
    void aChannelAnswering503ToMicromambaIsANetworkFailure() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("tool", "micromamba");
        Result r = run("conda", "http-5xx", params);
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("FTMATRIX-FAILURE: network: micromamba create python-freethreading=3.13.5"
                + " failed (exit 1): critical libmamba Multi-download failed. Reason: Transfer finalized, status: 503"
                + " [https://conda.anaconda.org/conda-forge/noarch/repodata.json] 0 bytes");
    }

    private static String arch() throws Exception {
        Process p = new ProcessBuilder("uname", "-m").start();
        String machine = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return machine;
    }
}
