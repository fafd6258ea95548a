package dev.ftmatrix.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.MethodSpec;
import dev.ftmatrix.matrix.NetworkMode;
import dev.ftmatrix.matrix.OsSpec;
import dev.ftmatrix.matrix.PackageSpec;
import dev.ftmatrix.matrix.PythonVersion;
import dev.ftmatrix.matrix.Smoke;
import dev.ftmatrix.matrix.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeCatalogTest {
    @TempDir
    Path dir;

    private void layout() throws Exception {
        Files.createDirectories(dir.resolve("recipes/lib"));
        Files.createDirectories(dir.resolve("probe"));
        Files.writeString(dir.resolve("recipes/source-build.sh"), "# source-build\n# Platforms: debian\necho build\n");
        Files.writeString(dir.resolve("recipes/distro-apt.sh"), "# distro-apt\n# Platforms: debian\necho apt\n");
        Files.writeString(dir.resolve("recipes/notes.txt"), "not a recipe\n");
        Files.writeString(dir.resolve("recipes/lib/common.sh"), "x=1\n");
        Files.writeString(dir.resolve("probe/smoke.py"), "print(1)\n");
    }

    @Test
    void findsEveryShellScriptAsARecipe() throws Exception {
        layout();
        RecipeCatalog catalog = RecipeCatalog.scan(dir);
        assertThat(catalog.names()).containsExactly("distro-apt", "source-build");
        assertThat(catalog.require("source-build").pathInContainer()).isEqualTo("/ftmatrix/recipes/source-build.sh");
    }

    @Test
    void theContentHashCoversTheSharedShell() throws Exception {
        layout();
        String before = RecipeCatalog.scan(dir).require("source-build").contentSha256();
        Files.writeString(dir.resolve("recipes/lib/common.sh"), "x=2\n");
        String after = RecipeCatalog.scan(dir).require("source-build").contentSha256();
        assertThat(after).hasSize(64).isNotEqualTo(before);
    }

    @Test
    void passesTheCellAsEnvironmentVariables() {
        Cell cell = new Cell("m", new OsSpec("debian-trixie", "debian:trixie"),
                new MethodSpec("src", "source-build", Tier.of(4), Map.of("source", "debian", "base_url", "http://127.0.0.1:8000"),
                        List.of()),
                PythonVersion.parseOrNull("3.13.5t"), 1, Duration.ofMinutes(5), NetworkMode.HOST, Smoke.of(false, 8));
        assertThat(RecipeCatalog.environment(cell)).containsExactly(
                Map.entry("FTMATRIX_PYTHON", "3.13.5t"),
                Map.entry("FTMATRIX_PYTHON_VERSION", "3.13.5"),
                Map.entry("FTMATRIX_PYTHON_MINOR", "3.13"),
                Map.entry("FTMATRIX_PARAM_BASE_URL", "http://127.0.0.1:8000"),
                Map.entry("FTMATRIX_PARAM_SOURCE", "debian"),
                Map.entry("FTMATRIX_BASELINE", "twin"));
        assertThat(RecipeCatalog.probeEnvironment(cell)).containsEntry("FTMATRIX_SMOKE_VENV", "0")
                .doesNotContainKey("FTMATRIX_SMOKE_THREADS");
        assertThat(RecipeCatalog.timingEnvironment(cell, "/opt/ftmatrix/python3.13.5-gil/bin/python3.13", null))
                .containsExactly(Map.entry("FTMATRIX_SMOKE_THREADS", "8"),
                        Map.entry("FTMATRIX_TWIN", "/opt/ftmatrix/python3.13.5-gil/bin/python3.13"));
    }

    @Test
    void asksForATwinOnlyWhenTimingWithATwinBaseline() {
        Cell none = cellWith(Smoke.of(true, 4).withTiming(new Smoke.Timing(true, Smoke.Baseline.NONE)));
        Cell off = cellWith(Smoke.of(true, 4).withTiming(new Smoke.Timing(false, Smoke.Baseline.TWIN)));
        assertThat(RecipeCatalog.environment(none)).containsEntry("FTMATRIX_BASELINE", "none");
        assertThat(RecipeCatalog.environment(off)).doesNotContainKey("FTMATRIX_BASELINE");
        assertThat(RecipeCatalog.timingEnvironment(none, null, "make failed (exit 2): error"))
                .containsEntry("FTMATRIX_TWIN_ERROR", "make failed (exit 2): error").doesNotContainKey("FTMATRIX_TWIN");
    }

    private static Cell cellWith(Smoke smoke) {
        return new Cell("m", new OsSpec("debian-trixie", "debian:trixie"),
                new MethodSpec("src", "source-build", Tier.of(4), Map.of(), List.of()),
                PythonVersion.parseOrNull("3.13t"), 1, Duration.ofMinutes(5), NetworkMode.HOST, smoke);
    }

    @Test
    void passesPackageSettingsToTheProbeAsJsonAndUrls() {
        Smoke smoke = new Smoke(true, 4, List.of(
                new PackageSpec("requests[socks] >= 2, < 3", "requests", "requests", null),
                new PackageSpec("ftm-pure", "ftm-pure", "ftm_pure", "ftm_pure.answer() == 42")),
                "http://127.0.0.1:8765/simple/", null, "/srv/wheels", true, Smoke.Timing.DEFAULT);
        Cell cell = new Cell("m", new OsSpec("debian-trixie", "debian:trixie"),
                new MethodSpec("src", "source-build", Tier.of(4), Map.of(), List.of()), PythonVersion.parseOrNull("3.13t"),
                1, Duration.ofMinutes(5), NetworkMode.HOST, smoke);
        assertThat(RecipeCatalog.probeEnvironment(cell))
                .containsEntry("FTMATRIX_SMOKE_PACKAGES", "[{\"requirement\":\"requests[socks] >= 2, < 3\",\"name\":\"requests\","
                        + "\"import\":\"requests\",\"check\":null},{\"requirement\":\"ftm-pure\",\"name\":\"ftm-pure\","
                        + "\"import\":\"ftm_pure\",\"check\":\"ftm_pure.answer() == 42\"}]")
                .containsEntry("FTMATRIX_SMOKE_ALLOW_SDIST", "1")
                .containsEntry("FTMATRIX_SMOKE_INDEX_URL", "http://127.0.0.1:8765/simple/")
                .containsEntry("FTMATRIX_SMOKE_FIND_LINKS", "/srv/wheels")
                .doesNotContainKey("FTMATRIX_SMOKE_EXTRA_INDEX_URL");
    }

    @Test
    void noPackagesMeansNoPackageInputs() {
        Cell cell = new Cell("m", new OsSpec("d", "debian:trixie"),
                new MethodSpec("src", "source-build", Tier.of(4), Map.of(), List.of()), PythonVersion.parseOrNull("3.13t"),
                1, Duration.ofMinutes(5), NetworkMode.HOST, Smoke.DEFAULT);
        assertThat(RecipeCatalog.probeEnvironment(cell)).containsOnlyKeys("FTMATRIX_SMOKE_VENV",
                "FTMATRIX_WORK");
    }

    @Test
    void anUnknownRecipeNamesTheKnownOnes() throws Exception {
        layout();
        assertThatThrownBy(() -> RecipeCatalog.scan(dir).require("uv"))
                .hasMessage("unknown recipe 'uv'; recipes in " + dir.resolve("recipes") + ": [distro-apt, source-build]");
    }

    @Test
    void readsPlatformsParametersPinsAndCategoriesFromTheHeader() throws Exception {
        layout();
        Files.writeString(dir.resolve("recipes/uv.sh"), """
                #!/usr/bin/env bash
                # uv: a free-threaded CPython installed by uv.
                # Platforms: debian ubuntu fedora host:linux
                # Pin: uv 0.12.5 (source: astral-sh/uv releases, 2026-11-30)
                # Pin: python-build-standalone 20261120 (source: uv's download-metadata.json)
                #
                # Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
                #   uv_version     uv release to install, default 0.12.5.
                #   installer_url  the installer script, default https://astral.sh/uv/<uv_version>/install.sh
                #                  (a mirror, or a file:// path).
                #   a, b_c: both as in lib/x.sh.
                #
                # Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, internal.
                #   not-found: "No download found for request".
                set -euo pipefail
                # Pin: not-a-header 1 (source: after the block)
                """);
        Recipe uv = RecipeCatalog.scan(dir).require("uv");
        assertThat(uv.platforms()).containsExactly("debian", "ubuntu", "fedora", "host:linux");
        assertThat(uv.parameters()).containsExactly("uv_version", "installer_url", "a", "b_c");
        assertThat(uv.pins()).containsExactly(
                new Recipe.Pin("uv", "0.12.5", "astral-sh/uv releases, 2026-11-30"),
                new Recipe.Pin("python-build-standalone", "20261120", "uv's download-metadata.json"));
        assertThat(uv.categories()).containsExactly("unsupported", "network", "not-found", "internal");
        assertThat(RecipeCatalog.scan(dir).platforms()).containsEntry("uv", java.util.Set.of("debian", "ubuntu",
                "fedora", "host:linux"));
    }

    @Test
    void aRecipeWithoutParametersHasNone() throws Exception {
        layout();
        Files.writeString(dir.resolve("recipes/manylinux.sh"),
                "#!/usr/bin/env bash\n# manylinux: bundled.\n# Platforms: manylinux\n#\n# Parameters: none.\n"
                        + "# Emits FTMATRIX-FAILURE categories: unsupported, not-found.\n#   unsupported: not one.\n");
        Recipe r = RecipeCatalog.scan(dir).require("manylinux");
        assertThat(r.parameters()).isEmpty();
        assertThat(r.pins()).isEmpty();
        assertThat(r.categories()).containsExactly("unsupported", "not-found");
    }

    @Test
    void aRecipeWithoutPlatformsIsAnErrorNamingFileAndLineAndTheFix() throws Exception {
        layout();
        Path script = dir.resolve("recipes/uv.sh");
        Files.writeString(script, "#!/usr/bin/env bash\n# uv: installs.\n#\n# Parameters: none.\nexit 0\n");
        assertThatThrownBy(() -> RecipeCatalog.scan(dir)).isInstanceOf(RecipeCatalogException.class)
                .hasMessage(script + ":3: no '# Platforms:' line in the recipe's leading comment block; add one after"
                        + " the description line, e.g. '# Platforms: debian ubuntu' (container image families by"
                        + " os-release ID, or host:linux, host:macos, host:windows for host recipes)");
    }

    @Test
    void aBadPlatformOrPinNamesItsLine() throws Exception {
        layout();
        Path script = dir.resolve("recipes/uv.ps1");
        Files.writeString(script, "# uv: installs.\n# Platforms: debian host:solaris\n");
        assertThatThrownBy(() -> RecipeCatalog.scan(dir)).hasMessage(script + ":2: 'host:solaris' is not a platform;"
                + " write an os-release ID such as 'fedora', or host:linux, host:macos or host:windows");
        Files.writeString(script, "# uv: installs.\n# Platforms: debian\n# Pin: uv 0.12.5\n");
        assertThatThrownBy(() -> RecipeCatalog.scan(dir)).hasMessage(script + ":3: '# Pin: uv 0.12.5' is not a pin;"
                + " write it as '# Pin: <tool> <version> (source: <where the version was confirmed>)'");
        Files.writeString(script, "# uv: installs.\n# Platforms: debian\n# Platforms: fedora\n");
        assertThatThrownBy(() -> RecipeCatalog.scan(dir)).hasMessage(script + ":3: a second '# Platforms:' line;"
                + " keep one, listing every platform");
    }

    @Test
    void everyRecipeOfTheCheckoutDeclaresItsPlatforms() {
        RecipeCatalog catalog = RecipeCatalog.scan(Path.of("containers"));
        assertThat(catalog.recipes()).allSatisfy(r -> assertThat(r.platforms()).isNotEmpty());
        assertThat(catalog.require("python-org").platforms()).doesNotContain("fedora");
        assertThat(catalog.require("macos-homebrew").platforms()).containsExactly("host:macos");
    }

    /** The header is documentation the recipes command shows: it must name exactly what the script accepts. */
    @Test
    void everyRecipeHeaderNamesExactlyTheParametersItsScriptAccepts() throws Exception {
        java.util.regex.Pattern allow = java.util.regex.Pattern.compile(
                "(?m)^\\s*(?:ftm_params_allow|Assert-FtmParamsAllowed)\\b(.*)$");
        for (Recipe r : RecipeCatalog.scan(Path.of("containers")).recipes()) {
            java.util.regex.Matcher m = allow.matcher(Files.readString(r.script()));
            assertThat(m.find()).as(r.name() + " checks its parameters").isTrue();
            List<String> accepted = java.util.Arrays.stream(m.group(1).replaceAll("[@(),']", " ").trim().split("\\s+"))
                    .filter(s -> !s.isEmpty()).toList();
            assertThat(r.parameters()).as(r.name()).containsExactlyInAnyOrderElementsOf(accepted);
        }
    }
}
