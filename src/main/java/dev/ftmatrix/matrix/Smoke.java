package dev.ftmatrix.matrix;

import java.util.List;
import java.util.Objects;

/**
 * What the smoke probe does after the install: create a venv, how many threads the scaling test uses, which
 * packages it installs and checks, and where it gets them.
 *
 * @param indexUrl replaces the default package index; null for the default
 * @param extraIndexUrl an index searched besides the main one; null for none
 * @param findLinks a URL or absolute path with wheels to consider; null for none
 * @param allowSdist whether a package may be built from a source distribution when no wheel fits
 * @param timing whether the timing phase runs, and against which baseline
 */
public record Smoke(
        boolean venv,
        int threads,
        List<PackageSpec> packages,
        String indexUrl,
        String extraIndexUrl,
        String findLinks,
        boolean allowSdist,
        Timing timing) {
    public static final Smoke DEFAULT = of(true, 4);

    public Smoke {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        packages = List.copyOf(packages);
        Objects.requireNonNull(timing, "timing");
    }

    /** Only the venv step and the threads: no packages, the default index, wheels only. */
    public static Smoke of(boolean venv, int threads) {
        return new Smoke(venv, threads, List.of(), null, null, null, false, Timing.DEFAULT);
    }

    public Smoke withTiming(Timing newTiming) {
        return new Smoke(venv, threads, packages, indexUrl, extraIndexUrl, findLinks, allowSdist, newTiming);
    }

    /**
     * The timing phase (thread scaling, the benchmark suite, memory), matrix-wide: {@code smoke.timing} and
     * {@code smoke.baseline}.
     *
     * @param enabled false for reliability-only runs: no timing phase, no timing lock
     * @param baseline {@code twin}: recipes that can install the method's GIL twin next to the free-threaded build
     */
    public record Timing(boolean enabled, Baseline baseline) {
        public static final Timing DEFAULT = new Timing(true, Baseline.TWIN);

        public Timing {
            Objects.requireNonNull(baseline, "baseline");
        }
    }

    /** What the free-threaded build's speed and memory are compared with. */
    public enum Baseline {
        /** The same vendor's GIL build, installed next to it by the recipe. */
        TWIN,
        /** Nothing installed for comparison; only unlike builds of other cells remain. */
        NONE;

        /** As written in a matrix and passed to recipes. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
