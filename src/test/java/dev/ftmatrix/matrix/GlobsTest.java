package dev.ftmatrix.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GlobsTest {

    @Test
    void matchesStarsAndQuestionMarksAgainstWholeIds() {
        assertThat(Globs.matches("debian-*", "debian-trixie")).isTrue();
        assertThat(Globs.matches("debian-s?d", "debian-sid")).isTrue();
        assertThat(Globs.matches("debian-s?d", "debian-sd")).isFalse();
        assertThat(Globs.matches("*", "")).isTrue();
        assertThat(Globs.matches("", "x")).isFalse();
        assertThat(Globs.matches("a*b*c", "aXbYbZc")).isTrue();
        assertThat(Globs.matches("a*b*c", "aXbYbZ")).isFalse();
        assertThat(Globs.matches("ubuntu-24.04", "ubuntu-24x04")).isFalse();
    }

    @Test
    void aQuestionMarkIsOneCharacterOutsideTheBmpToo() {
        // U+1F40D is two UTF-16 chars and one character, as the fuzzer found (corpus entry crash-bfbf1e...).
        String snake = new String(Character.toChars(0x1F40D));
        assertThat(Globs.matches("a?b", "a" + snake + "b")).isTrue();
        assertThat(Globs.matches("a??b", "a" + snake + "b")).isFalse();
        assertThat(Globs.matches("*??", "x" + snake)).isTrue();
        assertThat(Globs.matches("*???", "x" + snake)).isFalse();
        assertThat(Globs.matches(snake + "*", snake + "-trixie")).isTrue();
    }

    @Test
    void manyStarsAgainstALongIdThatDoesNotMatchAnswerAtOnce() {
        // Issue 15's hang: 25 stars became '.*' 25 times for java.util.regex, which backtracks exponentially.
        String glob = "*a".repeat(25) + "b";
        String text = "a".repeat(50);
        // A guard against the hang, not a speed target: the old matcher took hours here.
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Globs.matches(glob, text));
        assertThat(matched).isFalse();
        assertThat(Globs.matches(glob, text + "b")).isTrue();
    }

    @Test
    void agreesWithTheRegularExpressionItReplacesOnSmallInputs() {
        Random random = new Random(15);
        String alphabet = "ab*?";
        for (int i = 0; i < 20_000; i++) {
            String glob = randomText(random, alphabet, 6);
            String text = randomText(random, "ab*?", 7);
            assertThat(Globs.matches(glob, text)).as("'%s' against '%s'", glob, text)
                    .isEqualTo(regex(glob).matcher(text).matches());
        }
    }

    private static String randomText(Random random, String alphabet, int maxLength) {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static Pattern regex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
