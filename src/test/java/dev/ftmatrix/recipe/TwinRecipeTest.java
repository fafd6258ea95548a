package dev.ftmatrix.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GIL twin of every shell recipe whose install can run on this machine (everything under FTMATRIX_WORK or a
 * Homebrew prefix of the test's own), with the FAKE tools of src/test/resources/fakes and, since this machine has no
 * CPython 3.13, the FAKE stand-in interpreters of fakes/host (this machine's python3 answering the recipes' checks
 * as CPython 3.13.5, free-threaded or with the GIL). The recipes that install into the image itself (pyenv's build
 * dependencies, fedora-dnf, deadsnakes, manylinux) are checked in containers by RecipeContractIT and the Real*ITs.
 */
class TwinRecipeTest {
    private static final Path FT = HostRecipe.FAKES.resolve("host/python3.13t");
    private static final Path GIL = HostRecipe.FAKES.resolve("host/python3.13");

    @TempDir
    Path tmp;

    /** A recipe with a twin, the fakes' PATH, its parameters and the twin's failure as the tool reports it. */
    record Case(String recipe, String[] bins, Map<String, String> params, String failure) {
        @Override
        public String toString() {
            return recipe + params;
        }
    }

    static Stream<Arguments> recipes() throws Exception {
        String arch = arch();
        String brewFailure = "brew install --formula python@3.13 failed (exit 1):"
                + " Error: No available formula with the name \"python@3.13\".";
        String mambaFailure = " create python-gil=3.13.5 failed (exit 1): error libmamba Could not solve for environment specs";
        return Stream.of(
                new Case("uv", new String[] {"bin"}, Map.of(), "uv python install 3.13.5+gil failed (exit 2):"
                        + " error: No download found for request: cpython-3.13.5-linux-" + arch + "-gnu"),
                new Case("conda", new String[] {"bin"}, Map.of(), "conda create python-gil=3.13.5 failed (exit 1):"
                        + " PackagesNotFoundError: The following packages are not available from current channels:"
                        + " - python-gil=3.13.5"),
                new Case("conda", new String[] {"bin"}, Map.of("tool", "mamba"), "mamba" + mambaFailure),
                new Case("conda", new String[] {"bin"}, Map.of("tool", "micromamba"), "micromamba" + mambaFailure),
                new Case("homebrew", new String[] {"bin"}, Map.of(), brewFailure),
                new Case("macos-homebrew", new String[] {"macos/bin", "bin"}, Map.of(), brewFailure))
                .map(Arguments::of);
    }

    private HostRecipe.Result run(Case c, Path dir, String baseline, String twinMode) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("FTMATRIX_FAKE_FT_PYTHON", FT.toString());
        env.put("FTMATRIX_FAKE_GIL_PYTHON", GIL.toString());
        env.put("HOMEBREW_PREFIX", dir.resolve("brew").toString());
        env.put("FTMATRIX_FAKE_TWIN_MODE", twinMode);
        if (baseline != null) {
            env.put("FTMATRIX_BASELINE", baseline);
        }
        HostRecipe.Result r = HostRecipe.run(Files.createDirectories(dir), c.recipe(), "3.13t", "success", c.params(),
                env, c.bins());
        assertThat(r.exit()).as(r.stdout()).isZero();
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void aWantedTwinIsTheVendorsGilInterpreterReportedBeforeTheUnchangedResult(Case c) throws Exception {
        String alone = run(c, tmp.resolve("alone"), "none", "success").stdout();
        assertThat(alone).startsWith("FTMATRIX-PYTHON: ").doesNotContain("\n");

        String stdout = run(c, tmp.resolve("twin"), "twin", "success").stdout();
        String[] lines = stdout.split("\n");

        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("FTMATRIX-TWIN: ");
        Path twin = Path.of(lines[0].substring("FTMATRIX-TWIN: ".length()));
        assertThat(twin).startsWithRaw(tmp.resolve("twin")).isExecutable();
        assertThat(twin.toRealPath()).isEqualTo(GIL.toRealPath());
        assertThat(RecipeOutput.twin(stdout)).contains(twin.toString());
        assertThat(lines[1]).isEqualTo(alone.replace(tmp.resolve("alone").toString(), tmp.resolve("twin").toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void aTwinTheToolCannotInstallIsReportedWithItsReasonAndLeavesTheResultUnchanged(Case c) throws Exception {
        String alone = run(c, tmp.resolve("alone"), "none", "success").stdout();

        String[] lines = run(c, tmp.resolve("twin"), "twin", "not-found").stdout().split("\n");

        assertThat(lines).containsExactly("FTMATRIX-TWIN-FAILED: " + c.failure(),
                alone.replace(tmp.resolve("alone").toString(), tmp.resolve("twin").toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void withoutATwinBaselineNothingMoreIsInstalled(Case c) throws Exception {
        String twinLine = run(c, tmp.resolve("twin"), "twin", "success").stdout().split("\n")[0];
        Path relative = tmp.resolve("twin").relativize(Path.of(twinLine.substring("FTMATRIX-TWIN: ".length())));

        for (String baseline : new String[] {"none", null}) {
            Path dir = tmp.resolve("without-" + baseline);
            assertThat(run(c, dir, baseline, "success").stdout()).startsWith("FTMATRIX-PYTHON: ").doesNotContain("\n");
            assertThat(dir.resolve(relative)).as("the twin of a run without FTMATRIX_BASELINE=twin").doesNotExist();
            assertThat(dir.resolve(relative).getParent()).doesNotExist();
        }
    }

    private static String arch() throws Exception {
        Process p = new ProcessBuilder("uname", "-m").start();
        String machine = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return machine;
    }
}
