package dev.ftmatrix.recipe;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the two result lines of the recipe contract (docs/recipes.md) from a recipe's standard output. */
public final class RecipeOutput {
    private static final Pattern SUCCESS = Pattern.compile("(?m)^FTMATRIX-PYTHON: (\\S.*?)\\s*$");
    private static final Pattern FAILURE = Pattern.compile("(?m)^FTMATRIX-FAILURE: ([a-z][a-z0-9-]*): ?(.*?)\\s*$");

    private RecipeOutput() {
    }

    /** The interpreter path a successful recipe reported; the last such line counts. */
    public static Optional<String> interpreter(String stdout) {
        return last(SUCCESS.matcher(stdout)).map(m -> m.group(1));
    }

    /** The failure a recipe reported; the last such line counts. */
    public static Optional<RecipeFailure> failure(String stdout) {
        return last(FAILURE.matcher(stdout)).map(m -> new RecipeFailure(m.group(1), m.group(2)));
    }

    private static Optional<java.util.regex.MatchResult> last(Matcher m) {
        java.util.regex.MatchResult found = null;
        while (m.find()) {
            found = m.toMatchResult();
        }
        return Optional.ofNullable(found);
    }

    /** A {@code FTMATRIX-FAILURE: <category>: <detail>} line. */
    public record RecipeFailure(String category, String detail) {
    }
}
