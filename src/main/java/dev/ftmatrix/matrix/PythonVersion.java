package dev.ftmatrix.matrix;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A free-threaded CPython version as written in a matrix: {@code 3.13t}, or with a patch level {@code 3.13.5t}.
 */
public record PythonVersion(int major, int minor, Integer patch) implements Comparable<PythonVersion> {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?t");

    public PythonVersion {
        if (major < 3 || minor < 0 || (patch != null && patch < 0)) {
            throw new IllegalArgumentException("not a CPython version: " + major + "." + minor);
        }
    }

    /** Parses {@code 3.13t} / {@code 3.13.5t}; returns null when the text is not of that form. */
    public static PythonVersion parseOrNull(String text) {
        Matcher m = FORM.matcher(Objects.requireNonNull(text));
        if (!m.matches()) {
            return null;
        }
        Integer patch = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        return new PythonVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch);
    }

    /** {@code 3.13}: the minor series, which names packages and executables ({@code python3.13t}). */
    public String minorVersion() {
        return major + "." + minor;
    }

    /** The version without the free-threading suffix: {@code 3.13} or {@code 3.13.5}. */
    public String numeric() {
        return patch == null ? minorVersion() : minorVersion() + "." + patch;
    }

    @Override
    public String toString() {
        return numeric() + "t";
    }

    @Override
    public int compareTo(PythonVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch == null ? -1 : patch, o.patch == null ? -1 : o.patch);
        }
        return c;
    }
}
