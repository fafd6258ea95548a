package dev.ftmatrix.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The headers of the Windows recipes, in the format docs/recipes.md ("Adding a method") gives: the one-line
 * description, {@code # Platforms: host:windows} as line 2, where the commands come from, a {@code # Parameters}
 * block naming exactly the keys the script accepts (Assert-FtmParamsAllowed) and reads (Get-FtmParam, in the
 * recipe or lib/common.ps1), {@code # Pin:} lines just before the {@code # Emits FTMATRIX-FAILURE categories:}
 * line, which names only the five categories. PowerShell does not run here, so this reads the files.
 */
class WindowsRecipeHeadersTest {
    private static final Path RECIPES = Path.of("containers/recipes");
    private static final Set<String> CATEGORIES = Set.of("network", "not-found", "build", "unsupported", "internal");
    private static final Pattern PARAMETER = Pattern.compile("^#   ([a-z][a-z0-9_]*)\\s.*");
    private static final Pattern PIN = Pattern.compile("^# Pin: \\S+ \\S+ \\(source: .+\\)$");
    private static final Pattern QUOTED = Pattern.compile("'([a-z][a-z0-9_]*)'");

    @ParameterizedTest
    @ValueSource(strings = {"windows-install-manager", "windows-python-org", "windows-nuget"})
    void theHeaderHasTheDocumentedShape(String recipe) throws Exception {
        List<String> lines = Files.readAllLines(RECIPES.resolve(recipe + ".ps1"));
        assertThat(lines.get(0)).startsWith("# " + recipe + ": ");
        assertThat(lines.get(1)).isEqualTo("# Platforms: host:windows");
        List<String> header = lines.subList(0, lines.indexOf(""));
        assertThat(header).as("the header's lines all comments").allMatch(l -> l.startsWith("#"));
        assertThat(header).anyMatch(l -> l.startsWith("# Where the commands come from"));

        int emits = indexOfPrefix(header, "# Emits FTMATRIX-FAILURE categories: ");
        assertThat(emits).isNotNegative();
        String list = header.get(emits).substring("# Emits FTMATRIX-FAILURE categories: ".length());
        assertThat(list).endsWith(".");
        assertThat(List.of(list.substring(0, list.length() - 1).split(", "))).isSubsetOf(CATEGORIES);
        int pins = emits;
        while (header.get(pins - 1).startsWith("# Pin:")) {
            pins--;
        }
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).startsWith("# Pin:")) {
                assertThat(i).as("a # Pin: line just before # Emits: " + header.get(i)).isBetween(pins, emits - 1);
                assertThat(header.get(i)).matches(PIN);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"windows-install-manager", "windows-python-org", "windows-nuget"})
    void everyParameterTheHeaderListsIsOneTheScriptAcceptsAndReads(String recipe) throws Exception {
        List<String> lines = Files.readAllLines(RECIPES.resolve(recipe + ".ps1"));
        List<String> header = lines.subList(0, lines.indexOf(""));
        int start = indexOfPrefix(header, "# Parameters");
        assertThat(start).isNotNegative();
        Set<String> listed = new LinkedHashSet<>();
        for (String line : header.subList(start + 1, header.size())) {
            if (line.equals("#")) {
                break;
            }
            Matcher m = PARAMETER.matcher(line);
            if (m.matches()) {
                listed.add(m.group(1));
            }
        }
        String script = String.join("\n", lines);
        String allowed = lines.stream().filter(l -> l.contains("Assert-FtmParamsAllowed @(")).findFirst().orElseThrow();
        List<String> accepted = new ArrayList<>();
        QUOTED.matcher(allowed).results().forEach(r -> accepted.add(r.group(1)));
        assertThat(listed).as("the # Parameters block of " + recipe).containsExactlyInAnyOrderElementsOf(accepted);
        String common = Files.readString(RECIPES.resolve("lib/common.ps1"));
        for (String key : listed) {
            assertThat(script.contains("Get-FtmParam '" + key + "'") || common.contains("Get-FtmParam '" + key + "'"))
                    .as(recipe + " reads parameter " + key).isTrue();
        }
    }

    private static int indexOfPrefix(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
