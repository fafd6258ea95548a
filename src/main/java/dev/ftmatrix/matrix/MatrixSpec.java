package dev.ftmatrix.matrix;

import java.util.List;

/**
 * A matrix file as written, before its values are checked: every value is still text, with the property's path
 * as the user would write it and its position. A null member was absent or of the wrong shape, which
 * {@link SpecReader} has already reported.
 */
record MatrixSpec(
        Field name,
        Seq<Field> python,
        Field repeats,
        Field timeout,
        Field parallel,
        Field network,
        Field retries,
        LimitsEntry limits,
        Seq<OsEntry> os,
        Seq<MethodEntry> methods,
        Seq<ExcludeEntry> exclude,
        SmokeEntry smoke) {

    private static final int SHOWN_LENGTH = 60;

    /**
     * One scalar value. {@code text} is null for YAML's null (nothing, {@code ~} or {@code null});
     * {@code expected} says what belongs here, in the user's words.
     */
    record Field(String path, String text, Pos at, String expected) {
        /** {@code repeats: expected a positive integer, got 'two'}. */
        String wrong() {
            return path + ": expected " + expected + ", got " + shown();
        }

        String shown() {
            return text == null ? "nothing" : quoted(text);
        }
    }

    /** A list: its path, where its key is, how many items were written, and those that had the right shape. */
    record Seq<T>(String path, Pos at, int written, List<T> items) {
        Seq {
            items = List.copyOf(items);
        }
    }

    /** {@code family} is null when not given. */
    record OsEntry(Field id, Field image, Field executor, Field family) {}

    /** {@code smoke} and {@code limits} are null when the method has no settings of its own. */
    record MethodEntry(Field id, Field recipe, Field tier, List<Param> with, Seq<Field> os, SmokeSettings smoke,
            LimitsEntry limits, List<Param> secrets) {
        MethodEntry {
            with = List.copyOf(with);
            secrets = List.copyOf(secrets);
        }
    }

    /** Container limits as written; a null member was not given. */
    record LimitsEntry(Field memory, Field cpus, Field pids) {}

    /** One recipe parameter: the key (its path is the {@code with} mapping's) and its value. */
    record Param(Field key, Field value) {}

    /** {@code empty} when the entry was written as a mapping with no keys at all. */
    record ExcludeEntry(String path, Pos at, boolean empty, Field os, Field method, Field python) {}

    record SmokeEntry(Field venv, Field threads, Field timing, Field baseline, SmokeSettings settings) {}

    /** The smoke settings a method may also give; a null member was not given. */
    record SmokeSettings(Seq<PackageEntry> packages, Field indexUrl, Field extraIndexUrl, Field findLinks,
            Field allowSdist) {}

    /**
     * One smoke package, written as a requirement or as a mapping. {@code requirement}'s path is the entry's in
     * the first form and ends in {@code .requirement} in the second, where it may be missing; {@code importName}
     * and {@code check} are null when not given.
     */
    record PackageEntry(String path, Field requirement, Field importName, Field check) {}

    /** Text as shown in a message: quoted, on one line, and cut short when long. */
    static String quoted(String text) {
        String oneLine = text.replace("\n", "\\n");
        String shown = oneLine.length() > SHOWN_LENGTH ? oneLine.substring(0, SHOWN_LENGTH) + "..." : oneLine;
        // A NUL or escape character would reach the terminal as it is: shown as Java would write it instead.
        StringBuilder out = new StringBuilder("'");
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('\'').toString();
    }
}
