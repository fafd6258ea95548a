package dev.ftmatrix.recipe;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the result lines of the recipe contract (docs/recipes.md) from a recipe's standard output: the
 * interpreter or the failure, and the GIL twin installed next to it or why there is none.
 */
public final class RecipeOutput {
    private static final Pattern SUCCESS = Pattern.compile("(?m)^FTMATRIX-PYTHON: (\\S.*?)\\s*$");
    private static final Pattern TWIN = Pattern.compile("(?m)^FTMATRIX-TWIN: (\\S.*?)\\s*$");
    private static final Pattern TWIN_FAILED = Pattern.compile("(?m)^FTMATRIX-TWIN-FAILED: (.*?)\\s*$");
    private static final Pattern FAILURE = Pattern.compile("(?m)^FTMATRIX-FAILURE: ([a-z][a-z0-9-]*): ?(.*?)\\s*$");

    private RecipeOutput() {
    }

    /** The interpreter path a successful recipe reported; the last such line counts. */
    public static Optional<String> interpreter(String stdout) {
        return last(SUCCESS.matcher(stdout)).map(m -> m.group(1));
    }

    /** The GIL twin's interpreter a recipe reported ({@code smoke.baseline: twin}); the last such line counts. */
    public static Optional<String> twin(String stdout) {
        return last(TWIN.matcher(stdout)).map(m -> m.group(1));
    }

    /** Why the recipe could not install the twin; the cell's own result is unaffected. */
    public static Optional<String> twinFailure(String stdout) {
        return last(TWIN_FAILED.matcher(stdout)).map(m -> m.group(1));
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
