package dev.ftmatrix.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Windows recipes' tables of a tool's messages ({@code $Name = @( , @('<category>', '<regex>') ... )}, read by
 * lib/common.ps1's Get-FtmCategory, first match winning), checked against the tools' exact messages. No PowerShell
 * runs where ftmatrix is developed, so the recipes themselves run only on Windows agents; what is checked here is
 * the rows as the recipe file holds them, with PowerShell's -match semantics (case-insensitive; the patterns use
 * nothing where .NET and Java regular expressions differ).
 */
class WindowsRecipeTablesTest {
    private static final Pattern ROW = Pattern.compile("^\\s*, @\\('([a-z-]+)', (?:'((?:[^']|'')*)'|\"([^\"$`]*)\")\\)\\s*$");

    private record Row(String category, Pattern regex) {
    }

    private static List<Row> table(String recipe, String name) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("containers/recipes", recipe));
        int start = lines.indexOf("$" + name + " = @(");
        assertThat(start).as("$" + name + " in " + recipe).isNotNegative();
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.equals(")")) {
                return rows;
            }
            Matcher m = ROW.matcher(line);
            assertThat(m.matches()).as("a row of $" + name + ": " + line).isTrue();
            String regex = m.group(2) != null ? m.group(2).replace("''", "'") : m.group(3);
            rows.add(new Row(m.group(1), Pattern.compile(regex, Pattern.CASE_INSENSITIVE)));
        }
        throw new AssertionError("$" + name + " in " + recipe + " has no closing ')' line");
    }

    private static String category(List<Row> table, String text) {
        return table.stream().filter(r -> r.regex().matcher(text).find()).map(Row::category).findFirst()
                .orElse("none");
    }

    @ParameterizedTest(name = "Install-Package saying \"{0}\" is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // PowerShell/PowerShell#21204: the NuGet provider could not be bootstrapped.
        "No match was found for the specified search criteria for the provider 'NuGet'. The package provider requires"
                + " 'PackageManagement' and 'Provider' tags. Please check if the specified package has the tags."
                + " | network",
        // DrJohnT/AzureDevOpsExtensionsForSqlServer#54: the warning before it.
        "Unable to download the list of available providers. Check your internet connection. | network",
        // OneGet/oneget#172: the package is not in the source.
        "No match was found for the specified search criteria and package name 'python-freethreaded'. Try"
                + " Get-PackageSource to see all available registered package sources. | not-found",
    })
    void nugetsProviderBootstrapFailureIsNetworkAndAMissingPackageIsNotFound(String message, String expected)
            throws Exception {
        assertThat(category(table("windows-nuget.ps1", "InstallPackageFailures"), message)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "an installer log line \"{0}\" is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // adang1345/PythonWindows#6: a python.org installer's log when a package download fails.
        "[6310:2A84][2022-04-19T18:54:06]e000: Error 0x80070002: Failed attempt to download URL:"
                + " 'https://www.python.org/ftp/python/3.8.13/amd64/core_pdb.msi' to:"
                + " 'C:\\Users\\u\\AppData\\Local\\Temp\\{49C13A7C-C70B-470C-9AD3-47D20676A978}\\core_JustForMe_pdb' | network",
        "[6310:2A84][2022-04-19T18:54:06]e000: Error 0x80070002: Failed to acquire payload from:"
                + " 'https://www.python.org/ftp/python/3.8.13/amd64/core_pdb.msi' to working path:"
                + " 'C:\\Users\\u\\AppData\\Local\\Temp\\{49C13A7C}\\core_JustForMe_pdb' | network",
        // Not a download: the MSI itself failed (1603), which stays a build failure.
        "[1A2C:0D14][2026-11-02T10:00:00]e000: Error 0x80070643: Failed to install MSI package. | none",
    })
    void theInstallersDownloadFailuresAreNetworkAndItsOtherErrorsAreNot(String line, String expected) throws Exception {
        assertThat(category(table("windows-python-org.ps1", "InstallerLogFailures"), line)).isEqualTo(expected);
    }

    // The install manager's messages, python/pymanager @ 31b79ba99fd02b990d2c4486ba38667c0619ccb8, as its console
    // prints them to a redirected stderr ("[ERROR] " + message, colours stripped: src/manage/logging.py) or its
    // --log file writes them (traceback lines of the exception).
    @ParameterizedTest(name = "pymanager saying \"{0}\" is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // src/manage/urlutils.py, urlopen: WinHTTP found no internet connection (NoInternetError).
        "[ERROR] Failed to download. Please connect to the internet and try again. | network",
        // src/manage/urlutils.py, IndexDownloader.__next__: the same RuntimeError, logged again for the index.
        "[ERROR] An unexpected error occurred while downloading the index: Failed to download. Please connect to the"
                + " internet and try again. | network",
        // src/manage/urlutils.py, IndexDownloader.urlopen_index: an OSError fetching index.json (its strerror).
        "[ERROR] Unable to access runtimes index at https://mirror.example/python/index-windows.json: A connection"
                + " with the server could not be established | network",
        // src/manage/urlutils.py, IndexDownloader.urlopen_index: index.json answered 404 (the source is wrong).
        "[ERROR] Unable to find runtimes index at https://mirror.example/python/index-windows.json | network",
        // src/manage/exceptions.py, HashMismatchError, in the --log file's traceback.
        "manage.exceptions.HashMismatchError: The downloaded file could not be verified and has been deleted."
                + " Please try again. | network",
        // src/manage/install_command.py, _multihash.
        "manage.exceptions.HashMismatchError: Hash mismatch: sha256:00ff (expected 11ee) | network",
        // src/manage/urlutils.py, IndexDownloader.verify.
        "[ERROR] The signature for https://www.python.org/ftp/python/index-windows.json could not be verified."
                + " | network",
        // src/manage/exceptions.py, InvalidFeedError.
        "[ERROR] There is an issue with the feed at https://mirror.example/index.json. Please check your settings"
                + " and try again. | network",
        // A runtime's download failing in WinHTTP: the OSError in the log's traceback (CPython's WinError format).
        "OSError: [WinError 12002] The operation timed out | network",
        // src/manage/install_command.py, execute: the index has no runtime with that tag.
        "[ERROR] Failed to find a suitable install for '3.13.99t'. | not-found",
        // src/manage/install_command.py, select_package (--by-id).
        "Could not find a runtime matching 'pythoncore-3.13.99t-64' at 'https://www.python.org/ftp/python/"
                + "index-windows.json' | not-found",
        // src/manage/install_command.py, _fatal_install_error: alone it says nothing about the cause (build).
        "[ERROR] An error occurred. Please check any output above, or the log file, and try again. | none",
        // src/manage/install_command.py, _remove_existing: a previous runtime in the target still running.
        "[ERROR] Unable to remove previous install because files are still in use. Please ensure Python is not"
                + " currently running. | none",
        // src/manage/__init__.py, main: an exception nothing handled (here: access denied, not WinHTTP).
        "[ERROR] INTERNAL ERROR: PermissionError: [WinError 5] Access is denied | none",
    })
    void theInstallManagersMessagesAreClassified(String message, String expected) throws Exception {
        assertThat(category(table("windows-install-manager.ps1", "InstallManagerFailures"), message))
                .isEqualTo(expected);
    }

    // Offline with the default configuration: python.org's index cannot be fetched, the manager then reads its
    // bundled fallback index (src/pymanager.json, fallback_source), which has no such runtime, and says so too
    // (src/manage/install_command.py, execute). The recipe matches its table against the whole output.
    private static final String OFFLINE = String.join("\n",
            "[ERROR] Failed to download. Please connect to the internet and try again.",
            "[ERROR] An unexpected error occurred while downloading the index: Failed to download. Please connect"
                    + " to the internet and try again.",
            "[ERROR] Failed to find a suitable install for '3.14t'.",
            "[ERROR] An error occurred. Please check any output above, or the log file, and try again.");

    @Test
    void offlineTheInstallManagerIsNetworkThoughItsFallbackIndexAlsoSaysNotFound() throws Exception {
        List<Row> rows = table("windows-install-manager.ps1", "InstallManagerFailures");
        assertThat(category(rows, OFFLINE)).isEqualTo("network");
        // The order is what decides it: with the not-found row first the same output would read as not-found.
        List<Row> reversed = new ArrayList<>(rows);
        Collections.reverse(reversed);
        assertThat(category(reversed, OFFLINE)).isEqualTo("not-found");
    }
}
