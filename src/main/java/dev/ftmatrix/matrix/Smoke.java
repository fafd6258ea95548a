package dev.ftmatrix.matrix;

import java.util.List;

/**
 * What the smoke probe does after the install: create a venv, how many threads the scaling test uses, which
 * packages it installs and checks, and where it gets them.
 *
 * @param indexUrl replaces the default package index; null for the default
 * @param extraIndexUrl an index searched besides the main one; null for none
 * @param findLinks a URL or absolute path with wheels to consider; null for none
 * @param allowSdist whether a package may be built from a source distribution when no wheel fits
 */
public record Smoke(
        boolean venv,
        int threads,
        List<PackageSpec> packages,
        String indexUrl,
        String extraIndexUrl,
        String findLinks,
        boolean allowSdist) {
    public static final Smoke DEFAULT = of(true, 4);

    public Smoke {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        packages = List.copyOf(packages);
    }

    /** Only the venv step and the threads: no packages, the default index, wheels only. */
    public static Smoke of(boolean venv, int threads) {
        return new Smoke(venv, threads, List.of(), null, null, null, false);
    }
}
