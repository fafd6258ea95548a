package dev.ftmatrix.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    @TempDir
    Path tmp;

    private HostRecipe.Result run(String recipe, String fakeMode, Map<String, String> params) throws Exception {
        return HostRecipe.run(tmp, recipe, "3.13.5t", fakeMode, params, "bin");
    }

    @Test
    void uvsHashMismatchIsANetworkFailure() throws Exception {
        HostRecipe.Result r = run("uv", "hash-mismatch", Map.of());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("FTMATRIX-FAILURE: network: uv python install 3.13.5t failed (exit 2):"
                + " error: Hash mismatch for `cpython-3.13.5+freethreaded-linux-" + arch() + "-gnu`");
    }

    @Test
    void dnfsConflictWithAnInstalledPackageIsNotFound() throws Exception {
        HostRecipe.Result r = run("fedora-dnf", "conflict", Map.of());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("FTMATRIX-FAILURE: not-found: dnf install python3.13-freethreading-3.13.5"
                + " failed (exit 1): Problem: problem with installed package python3.13-libs-3.13.0-1.fc42." + arch());
    }

    @Test
    void aChannelAnswering503ToMicromambaIsANetworkFailure() throws Exception {
        HostRecipe.Result r = run("conda", "http-5xx", Map.of("tool", "micromamba"));
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
