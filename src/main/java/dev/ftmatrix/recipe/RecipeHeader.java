package dev.ftmatrix.recipe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a recipe declares in its leading comment block (docs/recipes.md, "Recipe headers"): the platforms it
 * supports, the versions it pins, its parameters and the failure categories it emits. The block is every line from
 * the top that starts with {@code #}, a shebang included.
 */
record RecipeHeader(List<String> platforms, List<String> parameters, List<Recipe.Pin> pins, List<String> categories,
        List<Recipe.Verification> verified) {
    static final String PLATFORMS = "# Platforms:";
    static final String PIN = "# Pin:";
    static final String VERIFIED = "# Verified:";
    private static final Pattern VERIFIED_LINE = Pattern.compile("# Verified: ([a-z-]+) \\((.+)\\)\\s*");
    private static final Pattern PLATFORM = Pattern.compile("host:(linux|macos|windows)|[a-z0-9][a-z0-9._-]*");
    private static final Pattern PIN_LINE = Pattern.compile("# Pin: (\\S+) (\\S+) \\(source: ([^)]+)\\)\\s*");
    private static final Pattern CATEGORIES = Pattern.compile("# Emits FTMATRIX-FAILURE categories: ([a-z0-9, -]+?)\\.?\\s*");
    /** A parameter is named at three spaces' indent, then a space or a colon: {@code #   tool  conda | mamba}. */
    private static final Pattern PARAMETER = Pattern.compile("#   ([a-z][a-z0-9_]*(?:, [a-z][a-z0-9_]*)*)(?: +|:)");

    RecipeHeader {
        platforms = List.copyOf(platforms);
        parameters = List.copyOf(parameters);
        pins = List.copyOf(pins);
        categories = List.copyOf(categories);
        verified = List.copyOf(verified);
    }

    /** @throws RecipeCatalogException naming the file and line of a missing or malformed declaration */
    static RecipeHeader read(Path script) {
        List<String> block = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
                if (!line.startsWith("#")) {
                    break;
                }
                block.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> platforms = null;
        List<String> parameters = new ArrayList<>();
        List<Recipe.Pin> pins = new ArrayList<>();
        List<String> categories = List.of();
        List<Recipe.Verification> verified = new ArrayList<>();
        boolean inParameters = false;
        for (int i = 0; i < block.size(); i++) {
            String line = block.get(i);
            int number = i + 1;
            if (line.startsWith(PLATFORMS)) {
                if (platforms != null) {
                    throw problem(script, number, "a second '# Platforms:' line; keep one, listing every platform");
                }
                platforms = platforms(script, number, line.substring(PLATFORMS.length()));
            } else if (line.startsWith(PIN)) {
                Matcher m = PIN_LINE.matcher(line);
                if (!m.matches()) {
                    throw problem(script, number, "'" + line + "' is not a pin; write it as"
                            + " '# Pin: <tool> <version> (source: <where the version was confirmed>)'");
                }
                pins.add(new Recipe.Pin(m.group(1), m.group(2), m.group(3).strip()));
            } else if (line.startsWith(VERIFIED)) {
                verified.add(verification(script, number, line));
            } else if (line.startsWith("# Emits FTMATRIX-FAILURE categories:")) {
                Matcher m = CATEGORIES.matcher(line);
                categories = m.matches() ? List.of(m.group(1).strip().split(",\\s*")) : List.of();
            }
            if (line.startsWith("# Parameters")) {
                inParameters = !line.startsWith("# Parameters: none");
            } else if (inParameters) {
                Matcher m = PARAMETER.matcher(line);
                if (m.lookingAt()) {
                    parameters.addAll(List.of(m.group(1).split(", ")));
                } else if (!line.startsWith("#    ")) {
                    inParameters = false;
                }
            }
        }
        if (platforms == null) {
            int after = block.isEmpty() || !block.get(0).startsWith("#!") ? 1 : 2;
            throw problem(script, after + 1, "no '# Platforms:' line in the recipe's leading comment block; add one"
                    + " after the description line, e.g. '# Platforms: debian ubuntu' (container image families by"
                    + " os-release ID, or host:linux, host:macos, host:windows for host recipes)");
        }
        return new RecipeHeader(platforms, parameters, pins, categories, verified);
    }

    private static Recipe.Verification verification(Path script, int line, String text) {
        Matcher m = VERIFIED_LINE.matcher(text);
        String kinds = String.join(", ", Recipe.Verification.KINDS);
        if (!m.matches()) {
            throw problem(script, line, "'" + text + "' is not a verification; write it as '# Verified: <kind>"
                    + " (<the test or machine that showed it>)', kind one of " + kinds);
        }
        if (!Recipe.Verification.KINDS.contains(m.group(1))) {
            throw problem(script, line, "'" + m.group(1) + "' is not a kind of verification; use one of " + kinds);
        }
        return new Recipe.Verification(m.group(1), m.group(2).strip());
    }

    private static List<String> platforms(Path script, int line, String text) {
        List<String> result = new ArrayList<>();
        for (String token : text.strip().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!PLATFORM.matcher(token).matches()) {
                throw problem(script, line, "'" + token + "' is not a platform; write an os-release ID such as"
                        + " 'fedora', or host:linux, host:macos or host:windows");
            }
            result.add(token);
        }
        if (result.isEmpty()) {
            throw problem(script, line, "'# Platforms:' lists nothing; name at least one platform, e.g."
                    + " '# Platforms: debian ubuntu'");
        }
        return result;
    }

    private static RecipeCatalogException problem(Path script, int line, String message) {
        return new RecipeCatalogException(script + ":" + line + ": " + message);
    }
}
