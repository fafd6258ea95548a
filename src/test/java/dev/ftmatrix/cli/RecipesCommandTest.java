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
                # Verified: fake-only (RecipeContractIT against a fake uv)
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
                RECIPE         PLATFORMS                 PARAMETERS                 PINS       FAILURE CATEGORIES                         VERIFIED
                uv             debian fedora host:linux  uv_version, installer_url  uv 0.12.5  unsupported, network, not-found, internal  fake-only
                windows-nuget  host:windows              -                          -          network, not-found                         -
                2 recipes in %s; pin sources and how each was verified: ftmatrix recipes --json
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
        assertThat(uv.get("verified").toString()).isEqualTo("[{\"kind\":\"fake-only\","
                + "\"how\":\"RecipeContractIT against a fake uv\"}]");
        assertThat(Json.MAPPER.readTree(r.out()).size()).isEqualTo(1);
    }

    @Test
    void aVerificationOfAnUnknownKindIsBadInputNamingFileAndLine() throws Exception {
        Files.writeString(dir.resolve("recipes/conda.sh"), """
                #!/usr/bin/env bash
                # conda: installs.
                # Platforms: debian
                # Verified: tested (by hand)
                """);
        Cli r = Cli.run("recipes", "--containers", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(dir.resolve("recipes/conda.sh") + ":4: 'tested' is not a kind of verification;"
                + " use one of real-upstream, real-tool-local-repository, fake-only, not-run-here\n");
    }

    @Test
    void everyShippedRecipeSaysHowItWasVerifiedAndTheDocsTablesAgreeWithItsHeader() throws Exception {
        Cli r = Cli.run("recipes", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        for (String file : new String[] {"docs/recipes.md", "README.md"}) {
            String page = Files.readString(Path.of(file));
            for (JsonNode recipe : Json.MAPPER.readTree(r.out())) {
                String name = recipe.get("name").asText();
                assertThat(recipe.get("verified")).as(name + " declares no '# Verified:' line").isNotEmpty();
                // The methods tables word each kind for people: 'fake only', 'real tool, local repository', ...
                String row = page.lines().filter(l -> l.startsWith("| `" + name + "` ")).findFirst()
                        .orElseThrow(() -> new AssertionError(file + " has no row for " + name));
                for (JsonNode v : recipe.get("verified")) {
                    String words = v.get("kind").asText()
                            .replace("real-tool-local-repository", "real tool, local repository").replace('-', ' ');
                    assertThat(row).as(name + "'s row in " + file).contains(words);
                }
                // README.md's table lists every pin; the recipes page words some of them ("release per minor").
                for (JsonNode pin : file.equals("README.md") ? recipe.get("pins") : Json.MAPPER.createArrayNode()) {
                    assertThat(row).as(name + "'s row in " + file)
                            .contains(pin.get("version").asText().replaceFirst("^v", ""));
                }
            }
        }
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
