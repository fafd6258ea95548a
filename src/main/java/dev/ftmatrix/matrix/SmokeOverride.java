package dev.ftmatrix.matrix;

import java.util.List;

/**
 * A method's own smoke settings. A null member was not given: its cells take the matrix's value. The venv step,
 * the threads and the timing phase are matrix-wide, so they cannot be overridden.
 */
public record SmokeOverride(
        List<PackageSpec> packages, String indexUrl, String extraIndexUrl, String findLinks, Boolean allowSdist) {
    public static final SmokeOverride NONE = new SmokeOverride(null, null, null, null, null);

    public SmokeOverride {
        packages = packages == null ? null : List.copyOf(packages);
    }

    /** The matrix's smoke with every member given here replaced. */
    public Smoke applyTo(Smoke matrixSmoke) {
        return new Smoke(
                matrixSmoke.venv(),
                matrixSmoke.threads(),
                packages != null ? packages : matrixSmoke.packages(),
                indexUrl != null ? indexUrl : matrixSmoke.indexUrl(),
                extraIndexUrl != null ? extraIndexUrl : matrixSmoke.extraIndexUrl(),
                findLinks != null ? findLinks : matrixSmoke.findLinks(),
                allowSdist != null ? allowSdist : matrixSmoke.allowSdist(),
                matrixSmoke.timing());
    }
}
