package dev.ftmatrix.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real recipe on this machine as the host executor does: a clean environment, FTMATRIX_WORK set (so nothing
 * is written outside it), the cell's inputs, and the FAKE tools of src/test/resources/fakes first on PATH. For the
 * recipes' failure paths that end before a real install would touch the machine.
 */
final class HostRecipe {
    static final Path FAKES = Path.of("src/test/resources/fakes").toAbsolutePath();

    /** What the recipe printed on stdout (its one result line, stripped) and its exit status. */
    record Result(int exit, String stdout) {
    }

    private HostRecipe() {
    }

    /**
     * {@code containers/recipes/<recipe>.sh} for {@code python} (X.Y[.Z]t) with the fakes of {@code fakeBins}
     * (directories under the fakes) on PATH in that order, the fakes in {@code fakeMode}, and the given parameters.
     */
    static Result run(Path tmp, String recipe, String python, String fakeMode, Map<String, String> params,
            String... fakeBins) throws Exception {
        return run(tmp, recipe, python, fakeMode, params, Map.of(), fakeBins);
    }

    /** As {@link #run(Path, String, String, String, Map, String...)}, with more variables in the environment. */
    static Result run(Path tmp, String recipe, String python, String fakeMode, Map<String, String> params,
            Map<String, String> extraEnv, String... fakeBins) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        String version = python.substring(0, python.length() - 1);
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("containers/recipes", recipe + ".sh").toString());
        Map<String, String> env = pb.environment();
        env.clear();
        StringBuilder path = new StringBuilder();
        for (String bin : fakeBins) {
            path.append(FAKES.resolve(bin)).append(':');
        }
        env.put("PATH", path + "/usr/bin:/bin");
        env.put("HOME", tmp.toString());
        env.put("FTMATRIX_WORK", work.toString());
        env.put("FTMATRIX_PYTHON", python);
        env.put("FTMATRIX_PYTHON_VERSION", version);
        env.put("FTMATRIX_PYTHON_MINOR", version.replaceAll("^(\\d+\\.\\d+).*", "$1"));
        env.put("FTMATRIX_FAKE_MODE", fakeMode);
        env.put("FTMATRIX_FAKES_LIB", FAKES.resolve("lib/ftmatrix-fakes/fake-tool.sh").toString());
        params.forEach((k, v) -> env.put("FTMATRIX_PARAM_" + k.toUpperCase(Locale.ROOT), v));
        env.putAll(extraEnv);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(recipe + " ran within a minute").isTrue();
        return new Result(p.exitValue(), out.strip());
    }
}
