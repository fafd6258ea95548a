package dev.ftmatrix.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> KEYS = List.of("name", "python", "repeats", "os", "methods");

    @Test
    void suggestsTheNearestNameWithinTwoEdits() {
        assertThat(Suggestions.closest("repeat", KEYS)).contains("repeats");
        assertThat(Suggestions.closest("pyhton", KEYS)).contains("python");
        assertThat(Suggestions.closest("Name", KEYS)).contains("name");
    }

    @Test
    void suggestsANameThatTheTypedWordStartsOrIsStartOf() {
        assertThat(Suggestions.closest("meth", KEYS)).contains("methods");
        assertThat(Suggestions.closest("python_versions", KEYS)).contains("python");
    }

    @Test
    void suggestsNothingForShortWordsThatAreMostlyDifferent() {
        assertThat(Suggestions.closest("foo", KEYS)).isEmpty();
        assertThat(Suggestions.closest("image", KEYS)).isEmpty();
    }
}
