package dev.ftmatrix.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How much slower (or bigger) one build is than another, with a percentile bootstrap interval.
 *
 * <p>The figure is the geometric mean, over cells, of each cell's geometric mean, over its comparisons (the
 * benchmark workloads, or the one memory workload), of {@code median(subject) / median(baseline)}. A geometric mean
 * weighs a workload that is twice as slow and one that is twice as fast equally, which an arithmetic mean of ratios
 * does not. The interval resamples cells with replacement, then every comparison's repeats with replacement, within
 * each build separately, so it holds both the cells' spread and each measurement's noise. The seed is fixed, so the
 * same results always give the same report.
 */
final class Bootstrap {
    static final long SEED = 20_261_202L;
    static final int RESAMPLES = 2_000;
    private static final double ALPHA = 0.05;

    private Bootstrap() {
    }

    /** One comparison in one cell: the repeats of the subject (free-threaded) and of the baseline (its twin). */
    record Comparison(double[] subject, double[] baseline) {
        Comparison {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(baseline, "baseline");
            if (subject.length == 0 || baseline.length == 0) {
                throw new IllegalArgumentException("a comparison needs repeats on both builds");
            }
            subject = subject.clone();
            baseline = baseline.clone();
        }

        double ratio() {
            return median(subject) / median(baseline);
        }
    }

    /** The figure itself; the cells' lists must not be empty. */
    static double ratio(List<List<Comparison>> cells) {
        double logSum = 0;
        for (List<Comparison> cell : cells) {
            logSum += logGeometricMean(cell);
        }
        return Math.exp(logSum / cells.size());
    }

    static Bounds interval95(List<List<Comparison>> cells) {
        return interval95(cells, SEED, RESAMPLES);
    }

    /** The percentile interval ({@code 2.5%} and {@code 97.5%}, linearly interpolated) of {@code resamples} draws. */
    static Bounds interval95(List<List<Comparison>> cells, long seed, int resamples) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] draws = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            List<List<Comparison>> drawn = new ArrayList<>(cells.size());
            for (int c = 0; c < cells.size(); c++) {
                List<Comparison> cell = cells.get(random.nextInt(cells.size()));
                List<Comparison> resampled = new ArrayList<>(cell.size());
                for (Comparison k : cell) {
                    resampled.add(new Comparison(resample(k.subject(), random), resample(k.baseline(), random)));
                }
                drawn.add(resampled);
            }
            draws[b] = ratio(drawn);
        }
        Arrays.sort(draws);
        return new Bounds(quantile(draws, ALPHA / 2), quantile(draws, 1 - ALPHA / 2));
    }

    private static double logGeometricMean(List<Comparison> cell) {
        double logSum = 0;
        for (Comparison k : cell) {
            logSum += Math.log(k.ratio());
        }
        return logSum / cell.size();
    }

    private static double[] resample(double[] values, SplittableRandom random) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[random.nextInt(values.length)];
        }
        return out;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** numpy's default (linear) quantile of sorted values, as scipy's percentile bootstrap uses. */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
