package dev.ftmatrix.probe;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code containers/probe/smoke.py} reports, field for field (snake_case in JSON), with what the timing phase
 * ({@code containers/probe/timing.py}) measured afterwards: {@code cpus}, {@code threads}, {@code benchmarks} and
 * {@code memory}, null when timing was off or did not run. Nullable fields are null where the probe could not tell,
 * for example {@code gilEnabledAtStart} on an interpreter without {@code sys._is_gil_enabled}.
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
        List<String> errors,
        Cpus cpus,
        Benchmarks benchmarks,
        Memory memory) {

    public ProbeReport {
        packages = packages == null ? List.of() : List.copyOf(packages);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** This report with the timing phase's figures, its errors after the probe's own as {@code timing: ...}. */
    public ProbeReport withTiming(TimingReport timing) {
        List<String> all = new java.util.ArrayList<>(errors);
        timing.errors().forEach(e -> all.add("timing: " + e));
        return new ProbeReport(probeVersion, executable, version, implementation, pyGilDisabled, gilEnabledAtStart,
                gilEnabledAtEnd, venv, timing.threads(), pipTooOld, packages, all, timing.cpus(), timing.benchmarks(),
                timing.memory());
    }

    /** This report with the timing phase's failure recorded as an error; its figures stay unmeasured. */
    public ProbeReport withTimingError(String error) {
        List<String> all = new java.util.ArrayList<>(errors);
        all.add("timing: " + error);
        return new ProbeReport(probeVersion, executable, version, implementation, pyGilDisabled, gilEnabledAtStart,
                gilEnabledAtEnd, venv, threads, pipTooOld, packages, all, cpus, benchmarks, memory);
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

    /**
     * The same CPU-bound function on one started thread and on {@code n} threads at once, {@code repeats} times
     * each: medians, spreads ([min, max]), {@code speedup = n * oneThreadS / nThreadsS},
     * {@code efficiency = speedup / min(n, cpus.available)}. {@code noisy}: the speedup exceeded
     * {@code min(n, cpus.available)} by more than 10% even when measured again ({@code remeasured}), so it is kept
     * out of every claim. {@code singleThreadS} is only in results of probe version 1, whose timings were taken
     * while other cells worked. {@code oneThreadRepeatsS} and {@code nThreadsRepeatsS}: every repeat's wall seconds,
     * in the order taken, for the speedup's bootstrap interval (empty, and then not written, in results written
     * before they were recorded, so those lines are written again as they were).
     */
    public record Threads(int n, Integer repeats, Double oneThreadS, Double nThreadsS, List<Double> oneThreadSpreadS,
            List<Double> nThreadsSpreadS, Double speedup, Double efficiency, boolean noisy, boolean remeasured,
            Double singleThreadS, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Double> oneThreadRepeatsS,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Double> nThreadsRepeatsS) {
        public Threads {
            oneThreadSpreadS = oneThreadSpreadS == null ? List.of() : List.copyOf(oneThreadSpreadS);
            nThreadsSpreadS = nThreadsSpreadS == null ? List.of() : List.copyOf(nThreadsSpreadS);
            oneThreadRepeatsS = oneThreadRepeatsS == null ? List.of() : List.copyOf(oneThreadRepeatsS);
            nThreadsRepeatsS = nThreadsRepeatsS == null ? List.of() : List.copyOf(nThreadsRepeatsS);
        }

        /** Thread scaling as results written before every repeat was recorded hold it. */
        public Threads(int n, Integer repeats, Double oneThreadS, Double nThreadsS, List<Double> oneThreadSpreadS,
                List<Double> nThreadsSpreadS, Double speedup, Double efficiency, boolean noisy, boolean remeasured,
                Double singleThreadS) {
            this(n, repeats, oneThreadS, nThreadsS, oneThreadSpreadS, nThreadsSpreadS, speedup, efficiency, noisy,
                    remeasured, singleThreadS, null, null);
        }
    }

    /**
     * The CPUs the cell had. {@code available}: the affinity mask capped by the cgroup's CPU quota (rounded down,
     * at least 1); {@code online}: the machine's; {@code quota}: CPUs the quota allows, null when unlimited.
     */
    public record Cpus(Integer available, Integer online, Integer affinity, Double quota, String model) {
    }

    /**
     * The benchmark suite: each workload's wall seconds per repeat on this interpreter and on its GIL twin
     * ({@code twin}, null when there is none; {@code twinError} says why when the recipe could not install it).
     */
    public record Benchmarks(int repeats, String twin, String twinError, List<Workload> workloads) {
        public Benchmarks {
            workloads = workloads == null ? List.of() : List.copyOf(workloads);
        }
    }

    /** One workload's repeats; {@code twinS} null without a twin or when the twin failed to run it. */
    public record Workload(String name, List<Double> interpreterS, List<Double> twinS) {
        public Workload {
            interpreterS = interpreterS == null ? null : List.copyOf(interpreterS);
            twinS = twinS == null ? null : List.copyOf(twinS);
        }
    }

    /** Peak RSS in KiB of the fixed object-heavy workload, each run in a fresh process, on both builds. */
    public record Memory(String workload, List<Long> interpreterPeakKib, List<Long> twinPeakKib) {
        public Memory {
            interpreterPeakKib = interpreterPeakKib == null ? List.of() : List.copyOf(interpreterPeakKib);
            twinPeakKib = twinPeakKib == null ? null : List.copyOf(twinPeakKib);
        }
    }
}
