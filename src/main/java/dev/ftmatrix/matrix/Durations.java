package dev.ftmatrix.matrix;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as matrix authors write them: {@code 90s}, {@code 30m}, {@code 2h}, {@code 1h30m}. */
public final class Durations {
    // Units in falling order, each at most once; nine digits keep every value far inside Duration's range.
    private static final Pattern FORM = Pattern.compile("(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?");

    private Durations() {}

    /**
     * Parses a positive duration.
     *
     * @throws IllegalArgumentException with a message for the user, naming the text and how to write it
     */
    public static Duration parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = FORM.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration; write a number with a unit: 90s, 30m, 2h");
        }
        Duration d = Duration.ofHours(part(m, 1)).plusMinutes(part(m, 2)).plusSeconds(part(m, 3));
        if (d.isZero()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is zero; a duration must be longer than that, e.g. 90s, 30m, 2h");
        }
        return d;
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }
}
