package dev.ftmatrix.matrix;

import dev.ftmatrix.matrix.MatrixSpec.Field;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rules for one scalar value each: ids, counts, durations, switches, versions, images and executors. */
final class FieldRules {
    // More than a few retries would hide a machine that is broken rather than unlucky.
    static final int MAX_RETRIES = 10;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String ID_RULE = "use letters, digits, '.', '_' and '-', starting with a letter or digit";
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    // Far beyond any sensible count, and safe to multiply: the cell limit catches the silly ones.
    private static final int MAX_INTEGER = 1_000_000_000;
    private static final int MAX_INTEGER_DIGITS = 18;
    // Four digits a part keeps the numbers small enough to parse; no CPython comes near.
    private static final Pattern VERSION = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})(?:\\.\\d{1,4})?(t?)");
    /**
     * Docker's image reference grammar (distribution/reference, regexp.go): an optional registry host, lowercase path
     * components joined by '.', '_', '__' or dashes, then an optional tag and digest. Anything else, an uppercase
     * letter or a ';', is refused by the daemon, and should be refused here rather than counted against a method.
     */
    private static final Pattern IMAGE = Pattern.compile(
            "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*"
                    + "[a-zA-Z0-9]))*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)"
                    + "[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z]"
                    + "[A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");
    // Docker's limit on a repository name; checked first so the pattern never sees a long text.
    private static final int MAX_IMAGE_LENGTH = 255;
    // Ids make up cell ids, file names and report rows; globs select them.
    static final int MAX_ID_LENGTH = 64;
    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "off");
    private static final int FIRST_FREE_THREADED_MINOR = 13;

    private final Problems problems;

    FieldRules(Problems problems) {
        this.problems = problems;
    }

    String id(Field f, String noun) {
        if (f.text() == null) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        if (!ID.matcher(f.text()).matches()) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is not a valid " + noun + "; " + ID_RULE);
            return null;
        }
        if (f.text().length() > MAX_ID_LENGTH) {
            problems.add(f.at(), f.path() + ": is " + f.text().length() + " characters long; a " + noun
                    + " has at most " + MAX_ID_LENGTH);
            return null;
        }
        return f.text();
    }

    Integer positive(Field f) {
        Integer n = positiveOrNull(f.text());
        if (n != null) {
            return n;
        }
        if (f.text() != null && DIGITS.matcher(f.text()).matches() && !f.text().matches("0+")) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is too large; use at most " + MAX_INTEGER);
        } else {
            problems.add(f.at(), f.wrong());
        }
        return null;
    }

    static Integer positiveOrNull(String text) {
        if (text == null || !DIGITS.matcher(text).matches()) {
            return null;
        }
        long n = text.length() > MAX_INTEGER_DIGITS ? Long.MAX_VALUE : Long.parseLong(text);
        return n > 0 && n <= MAX_INTEGER ? Integer.valueOf((int) n) : null;
    }

    Integer retries(Field f) {
        Integer n = f.text() != null && f.text().matches("0|[1-9][0-9]?") ? Integer.valueOf(f.text()) : null;
        if (n == null || n > MAX_RETRIES) {
            problems.add(f.at(), f.wrong() + "; 0 turns retries off");
            return null;
        }
        return n;
    }

    Duration duration(Field f) {
        if (f.text() == null) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        try {
            return Durations.parse(f.text());
        } catch (IllegalArgumentException e) {
            problems.add(f.at(), f.path() + ": " + e.getMessage());
            return null;
        }
    }

    NetworkMode network(Field f) {
        for (NetworkMode mode : NetworkMode.values()) {
            if (mode.dockerName().equals(f.text())) {
                return mode;
            }
        }
        problems.add(f.at(), f.wrong());
        return null;
    }

    Boolean bool(Field f) {
        String text = f.text() == null ? "" : f.text().toLowerCase(Locale.ROOT);
        if (TRUE.contains(text)) {
            return Boolean.TRUE;
        }
        if (FALSE.contains(text)) {
            return Boolean.FALSE;
        }
        problems.add(f.at(), f.wrong());
        return null;
    }

    PythonVersion version(Field f) {
        if (f.text() == null) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        String text = f.text();
        Matcher m = VERSION.matcher(text);
        if (!m.matches()) {
            problems.add(f.at(), f.path() + ": " + f.shown()
                    + " is not a Python version; write a free-threaded version such as '3.13t' or '3.13.5t'");
            return null;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < 3 || (major == 3 && minor < FIRST_FREE_THREADED_MINOR)) {
            problems.add(f.at(), f.path() + ": " + f.shown()
                    + " is not a free-threaded version; free threading starts with CPython 3.13, e.g. '3.13t'");
            return null;
        }
        if (m.group(3).isEmpty()) {
            problems.add(f.at(), f.path() + ": " + f.shown()
                    + " is not a free-threaded version; write it with a 't' suffix, e.g. '" + text + "t'");
            return null;
        }
        return PythonVersion.parseOrNull(text);
    }

    /** Absent means a container; null after reporting a bad value. */
    Executor executor(Field f) {
        if (f == null) {
            return Executor.CONTAINER;
        }
        for (Executor e : Executor.values()) {
            if (e.label().equals(f.text())) {
                return e;
            }
        }
        problems.add(f.at(), f.path() + ": " + f.shown()
                + " is not an executor; write 'container' (the default) or 'host'");
        return null;
    }

    String image(Field f) {
        if (f.text() == null || f.text().isEmpty()) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        if (f.text().length() > MAX_IMAGE_LENGTH || !IMAGE.matcher(f.text()).matches()) {
            problems.add(f.at(), f.path() + ": " + f.shown()
                    + " is not an image reference; write it like 'debian:trixie' (a lowercase name, optionally a"
                    + " registry host before it, ':tag' or '@sha256:digest' after it)");
            return null;
        }
        return f.text();
    }
}
