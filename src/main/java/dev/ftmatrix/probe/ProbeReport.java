package dev.ftmatrix.probe;

import java.util.List;

/**
 * What {@code containers/probe/smoke.py} reports, field for field (snake_case in JSON). Nullable fields are
 * null where the probe could not tell, for example {@code gilEnabledAtStart} on an interpreter without
 * {@code sys._is_gil_enabled}.
 */
public record ProbeReport(
        int probeVersion,
        String executable,
        String version,
        String implementation,
        Integer pyGilDisabled,
        Boolean gilEnabledAtStart,
        Boolean gilEnabledAtEnd,
        Venv venv,
        Threads threads,
        Boolean pipTooOld,
        List<PackageResult> packages,
        List<String> errors) {

    public ProbeReport {
        packages = packages == null ? List.of() : List.copyOf(packages);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** True when the interpreter was built with {@code --disable-gil}. */
    public boolean freeThreadedBuild() {
        return pyGilDisabled != null && pyGilDisabled == 1;
    }

    /** The venv step: created with {@code -m venv}, its interpreter re-checked, {@code pip --version} inside. */
    public record Venv(
            boolean requested,
            Boolean created,
            String python,
            Integer pyGilDisabled,
            Boolean gilEnabled,
            String pipVersion,
            String error) {

        /** The venv exists, its interpreter is still a free-threaded build with the GIL off, and pip runs. */
        public boolean healthy() {
            return Boolean.TRUE.equals(created) && pyGilDisabled != null && pyGilDisabled == 1
                    && Boolean.FALSE.equals(gilEnabled) && pipVersion != null;
        }
    }

    /**
     * One smoke-tested package: how it installed (the wheel file and its tags, or an sdist build), whether it
     * imports in a fresh interpreter, whether the GIL stayed off after the import, and its check. {@code category}
     * is null when all of that went well.
     */
    public record PackageResult(
            String requirement,
            String name,
            @com.fasterxml.jackson.annotation.JsonProperty("import") String importName,
            boolean installed,
            String source,
            String file,
            List<String> tags,
            String version,
            Double installS,
            Boolean imported,
            String importError,
            Boolean gilEnabledAfterImport,
            String gilWarning,
            String check,
            Boolean checkOk,
            String checkError,
            String category,
            String detail) {
        public PackageResult {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /** The same CPU-bound function on one thread and on n threads; speedup = n * one / n_threads. */
    public record Threads(int n, double oneThreadS, double nThreadsS, double speedup, double singleThreadS) {
    }
}
