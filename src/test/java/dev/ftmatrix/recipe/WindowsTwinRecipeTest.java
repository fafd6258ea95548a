package dev.ftmatrix.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Windows recipes' GIL twin, read as text since no PowerShell runs where ftmatrix is developed (as
 * WindowsRecipeTablesTest reads their tables): the twin is asked for only with FTMATRIX_BASELINE=twin, after the
 * free-threaded interpreter passed and before the result line; nothing on the twin's path can end the recipe; and
 * the lines it prints are the ones the engine reads.
 */
class WindowsTwinRecipeTest {
    private static String read(String file) throws Exception {
        return Files.readString(Path.of("containers/recipes", file));
    }

    /** The body of a PowerShell function defined at the start of a line, up to its closing brace on a line alone. */
    private static String function(String text, String name) {
        Matcher m = Pattern.compile("(?ms)^function " + Pattern.quote(name) + "\\b.*?^}$").matcher(text);
        assertThat(m.find()).as("function " + name).isTrue();
        return m.group();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"windows-nuget.ps1", "windows-python-org.ps1", "windows-install-manager.ps1"})
    void theTwinIsAskedForOnlyWhenWantedBetweenTheInterpretersCheckAndTheResult(String recipe) throws Exception {
        List<String> lines = read(recipe).lines().map(String::strip).toList();
        int success = lines.indexOf("Exit-FtmSuccess $python");
        assertThat(success).isPositive();
        assertThat(lines.get(success - 1)).startsWith("if (Test-FtmTwinWanted) { ").endsWith(" }");
        assertThat(lines.get(success - 2)).startsWith("Test-FtmInterpreter $python ");
        assertThat(lines.stream().filter(l -> l.contains("Test-FtmTwinWanted"))).hasSize(1);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "windows-nuget.ps1, Install-Twin",
        "windows-nuget.ps1, Install-NugetPackage",
        "windows-install-manager.ps1, Install-Twin",
        "windows-install-manager.ps1, Invoke-Pymanager",
        "windows-install-manager.ps1, Get-PymanagerErrors",
        "lib/common.ps1, Get-FtmDownloadFailure",
        "lib/common.ps1, Test-FtmTwin",
        "lib/common.ps1, Write-FtmTwinFailed",
    })
    void nothingOnTheTwinsPathEndsTheRecipe(String file, String name) throws Exception {
        String body = function(read(file), name);
        assertThat(body).doesNotContain("Exit-Ftm").doesNotContainPattern("\\bexit \\d").doesNotContain("throw");
    }

    @Test
    void theTwinsLinesAreTheOnesTheEngineReads() throws Exception {
        String common = read("lib/common.ps1");
        Matcher twin = Pattern.compile("WriteLine\\(\"(FTMATRIX-TWIN: )\\$Interpreter\"\\)").matcher(function(common, "Test-FtmTwin"));
        assertThat(twin.find()).isTrue();
        assertThat(RecipeOutput.twin(twin.group(1) + "C:\\w\\python.exe\n")).contains("C:\\w\\python.exe");
        Matcher failed = Pattern.compile("WriteLine\\(\"(FTMATRIX-TWIN-FAILED: )\\$text\"\\)")
                .matcher(function(common, "Write-FtmTwinFailed"));
        assertThat(failed.find()).isTrue();
        assertThat(RecipeOutput.twinFailure(failed.group(1) + "no python.exe\n")).contains("no python.exe");
        assertThat(function(common, "Test-FtmTwin")).contains("sys._is_gil_enabled()")
                .contains("$release -ne $script:FtmInstalledRelease");
        assertThat(function(common, "Test-FtmInterpreter")).contains("$script:FtmInstalledRelease = $release");
    }

    @Test
    void nugetsTwinIsTheGilPackageOfEachArchitecture() throws Exception {
        Matcher m = Pattern.compile("'(\\w+)' \\{ \\$packageId = '([\\w-]+)'; \\$gilPackageId = '([\\w-]+)' }")
                .matcher(read("windows-nuget.ps1"));
        int architectures = 0;
        while (m.find()) {
            architectures++;
            assertThat(m.group(2)).as(m.group(1)).isEqualTo(m.group(3) + "-freethreaded");
        }
        assertThat(architectures).isEqualTo(3);
        assertThat(function(read("windows-nuget.ps1"), "Install-Twin")).contains("'tools') 'python.exe'");
    }

    @Test
    void theInstallManagersTwinIsTheInstalledReleaseWithoutTheT() throws Exception {
        String twin = function(read("windows-install-manager.ps1"), "Install-Twin");
        assertThat(twin).contains("$tag = $script:FtmInstalledRelease")
                .contains("Invoke-Pymanager $tag \"$Target-gil\"").contains("'python.exe'");
    }

    @Test
    void thePythonOrgInstallersTwinIsItsPythonExe() throws Exception {
        assertThat(read("windows-python-org.ps1")).contains(
                "if (Test-FtmTwinWanted) { Test-FtmTwin (Join-Path $target 'python.exe') 'the python.org installer (python.exe)' }");
    }
}
