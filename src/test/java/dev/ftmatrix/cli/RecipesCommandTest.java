package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.results.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipesCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void twoRecipes() throws Exception {
        Files.createDirectories(dir.resolve("recipes"));
        Files.createDirectories(dir.resolve("probe"));
        Files.writeString(dir.resolve("probe/smoke.py"), "print(1)\n");
        Files.writeString(dir.resolve("recipes/uv.sh"), """
                #!/usr/bin/env bash
                # uv: a free-threaded CPython installed by uv.
                # Platforms: debian fedora host:linux
                # Pin: uv 0.12.5 (source: astral-sh/uv GitHub releases page, 2026-11-30)
                #
                # Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
                #   uv_version     uv release to install.
                #   installer_url  the installer script.
                #
                # Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, internal.
                """);
        Files.writeString(dir.resolve("recipes/windows-nuget.ps1"), """
                # windows-nuget: the python-freethreaded NuGet package.
                # Platforms: host:windows
                # Parameters: none.
                # Emits FTMATRIX-FAILURE categories: network, not-found.
                """);
    }

    @Test
    void listsEachRecipeWithPlatformsParametersPinsAndCategories() {
        Cli r = Cli.run("recipes", "--containers", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                RECIPE         PLATFORMS                 PARAMETERS                 PINS       FAILURE CATEGORIES
                uv             debian fedora host:linux  uv_version, installer_url  uv 0.12.5  unsupported, network, not-found, internal
                windows-nuget  host:windows              -                          -          network, not-found
                2 recipes in %s; pin sources: ftmatrix recipes --json
                """.formatted(dir.resolve("recipes")));
    }

    @Test
    void jsonCarriesWhereEachPinWasConfirmed() throws Exception {
        Cli r = Cli.run("recipes", "uv", "--json", "--containers", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode uv = Json.MAPPER.readTree(r.out()).get(0);
        assertThat(uv.get("name").asText()).isEqualTo("uv");
        assertThat(uv.get("script").asText()).isEqualTo("recipes/uv.sh");
        assertThat(uv.get("platforms").toString()).isEqualTo("[\"debian\",\"fedora\",\"host:linux\"]");
        assertThat(uv.get("pins").toString()).isEqualTo("[{\"tool\":\"uv\",\"version\":\"0.12.5\","
                + "\"source\":\"astral-sh/uv GitHub releases page, 2026-11-30\"}]");
        assertThat(uv.get("parameters").toString()).isEqualTo("[\"uv_version\",\"installer_url\"]");
        assertThat(uv.get("categories").toString()).isEqualTo("[\"unsupported\",\"network\",\"not-found\",\"internal\"]");
        assertThat(Json.MAPPER.readTree(r.out()).size()).isEqualTo(1);
    }

    @Test
    void anUnknownRecipeIsBadInputNamingTheKnownOnes() {
        Cli r = Cli.run("recipes", "conda", "--containers", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("unknown recipe 'conda'; recipes in " + dir.resolve("recipes")
                + ": [uv, windows-nuget]\n");
    }

    @Test
    void aRecipeWithoutPlatformsIsBadInputNamingFileAndLine() throws Exception {
        Files.writeString(dir.resolve("recipes/conda.sh"), "#!/usr/bin/env bash\n# conda: installs.\nexit 0\n");
        Cli r = Cli.run("recipes", "--containers", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith(dir.resolve("recipes/conda.sh") + ":3: no '# Platforms:' line");
        assertThat(r.err()).doesNotContain("Exception");
    }
}
