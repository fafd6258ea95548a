package dev.ftmatrix.stats;

import java.util.Arrays;

/** A growable list of doubles with order statistics; compact, so a million samples stay a few megabytes. */
final class Samples {
    private double[] values = new double[8];
    private int size;
    private boolean sorted = true;

    void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        if (size > 0 && v < values[size - 1]) {
            sorted = false;
        }
        values[size++] = v;
    }

    /** Adds every sample of {@code other}. */
    void addAll(Samples other) {
        if (size + other.size > values.length) {
            values = Arrays.copyOf(values, Math.max(size + other.size, values.length * 2));
        }
        if (other.size > 0 && (!other.sorted || size > 0 && other.values[0] < values[size - 1])) {
            sorted = false;
        }
        System.arraycopy(other.values, 0, values, size, other.size);
        size += other.size;
    }

    int size() {
        return size;
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
    }

    /** The median (mean of the two middle values for an even count); null when empty. */
    Double median() {
        if (size == 0) {
            return null;
        }
        sort();
        return size % 2 == 1 ? values[size / 2] : (values[size / 2 - 1] + values[size / 2]) / 2;
    }

    /** The nearest-rank percentile: the smallest value with at least q of the samples at or below it. */
    Double percentile(double q) {
        if (size == 0) {
            return null;
        }
        sort();
        int rank = (int) Math.ceil(q * size);
        return values[Math.max(rank, 1) - 1];
    }

    Double min() {
        return size == 0 ? null : percentile(0);
    }

    Double max() {
        if (size == 0) {
            return null;
        }
        sort();
        return values[size - 1];
    }
}
