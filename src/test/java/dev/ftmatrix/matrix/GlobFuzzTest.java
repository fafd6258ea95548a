package dev.ftmatrix.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.regex.Pattern;

/**
 * Fuzz target for the glob matcher: it agrees with the regular expression it replaced wherever that one answers
 * quickly (short inputs: the regular expression itself backtracks exponentially on many stars), and never throws.
 */
class GlobFuzzTest {
    @FuzzTest
    void globMatcher(FuzzedDataProvider data) {
        String glob = data.consumeString(64);
        String text = data.consumeRemainingAsString();
        boolean matched = Globs.matches(glob, text);
        if (glob.length() <= 8 && text.length() <= 16) {
            assertThat(matched).as("'%s' against '%s'", glob, text).isEqualTo(regex(glob).matcher(text).matches());
        }
    }

    private static Pattern regex(String glob) {
        StringBuilder re = new StringBuilder();
        // By code point, as the regular expression matches: '.' is one character even outside the BMP.
        glob.codePoints().forEach(c -> re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(Character.toString(c))));
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
