package dev.ftmatrix.matrix;

import dev.ftmatrix.matrix.MatrixSpec.Field;
import dev.ftmatrix.matrix.MatrixSpec.LimitsEntry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rules for a container's resource limits: memory, CPUs and processes. */
final class LimitRules {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,7})(KiB|MiB|GiB|TiB)");
    private static final Pattern CPUS = Pattern.compile("\\d{1,4}(?:\\.\\d{1,2})?");
    private static final long MIB = 1024L * 1024;
    // Below this not even apt-get update runs; above it no machine we know of.
    private static final long MIN_MEMORY = 64 * MIB;
    private static final long MAX_MEMORY = 1024L * 1024 * MIB;
    private static final int MAX_CPUS = 1024;
    private static final int MIN_PIDS = 64;

    private final Problems problems;
    private final FieldRules fields;

    LimitRules(Problems problems, FieldRules fields) {
        this.problems = problems;
        this.fields = fields;
    }

    /** {@code base} with the limits given in {@code entry} in their place; null after reporting a bad one. */
    ResourceLimits limits(LimitsEntry entry, ResourceLimits base) {
        if (entry == null) {
            return base;
        }
        Long memory = entry.memory() == null ? null : memory(entry.memory());
        Double cpus = entry.cpus() == null ? null : cpus(entry.cpus());
        Integer pids = entry.pids() == null ? null : pids(entry.pids());
        boolean valid = (entry.memory() == null || memory != null) && (entry.cpus() == null || cpus != null)
                && (entry.pids() == null || pids != null);
        return valid ? base.with(memory, cpus, pids == null ? null : Long.valueOf(pids)) : null;
    }

    private Long memory(Field f) {
        Matcher m = f.text() == null ? null : SIZE.matcher(f.text());
        if (m == null || !m.matches()) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is not a size; write a whole number with a binary"
                    + " unit, e.g. 512MiB or 4GiB");
            return null;
        }
        long unit = switch (m.group(2)) {
            case "KiB" -> 1024L;
            case "MiB" -> MIB;
            case "GiB" -> 1024 * MIB;
            default -> 1024 * 1024 * MIB;
        };
        long number = Long.parseLong(m.group(1));
        // Compared before multiplying: 9999999TiB does not fit in a long and would wrap round to "too small".
        if (number > MAX_MEMORY / unit) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is too large; use at most 1TiB");
            return null;
        }
        long bytes = number * unit;
        if (bytes < MIN_MEMORY) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is too small; a cell needs at least 64MiB");
            return null;
        }
        return bytes;
    }

    private Double cpus(Field f) {
        if (f.text() == null || !CPUS.matcher(f.text()).matches()) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is not a number of CPUs; write it like 2 or 1.5");
            return null;
        }
        double cpus = Double.parseDouble(f.text());
        if (cpus < 0.01 || cpus > MAX_CPUS) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is out of range; use from 0.01 to " + MAX_CPUS
                    + ", or leave 'cpus' out for no CPU limit");
            return null;
        }
        return cpus;
    }

    private Integer pids(Field f) {
        Integer n = fields.positive(f);
        if (n != null && n < MIN_PIDS) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is too low; package managers and builds need at least "
                    + MIN_PIDS + " processes");
            return null;
        }
        return n;
    }
}
