package dev.ftmatrix.run;

import dev.ftmatrix.engine.CellExecution;
import dev.ftmatrix.engine.InfraFailure;
import dev.ftmatrix.engine.StepResult;
import dev.ftmatrix.probe.ProbeOutputException;
import dev.ftmatrix.probe.ProbeReport;
import dev.ftmatrix.probe.ProbeReports;
import dev.ftmatrix.probe.TimingReport;
import dev.ftmatrix.recipe.RecipeOutput;
import dev.ftmatrix.results.Failure;
import dev.ftmatrix.results.Outcome;
import java.util.List;
import java.util.Set;

/**
 * Turns what happened in a container into an outcome. The order matters: the machine's failures first (they
 * say nothing about the method), then the install, then what the probe saw.
 */
public final class Classifier {
    /** The probe's category for a package whose import turned the GIL on (never on a GIL build). */
    static final String GIL_REENABLED_BY_PACKAGE = "gil-reenabled";
    /** The category of a cell cut short because the run was stopped: it says nothing about the method. */
    public static final String INTERRUPTED = InfraFailure.INTERRUPTED;
    private static final Set<String> NOT_RETRIED = Set.of(InfraFailure.INTERRUPTED, InfraFailure.UNSUPPORTED,
            InfraFailure.INTERNAL, InfraFailure.INPUT);

    private Classifier() {
    }

    /** The verdict and, unless it passed, why; plus the probe report where one was printed. */
    public record Verdict(Outcome outcome, Failure failure, ProbeReport probe) {
        static Verdict of(Outcome outcome, String category, String detail) {
            return new Verdict(outcome, new Failure(category, detail), null);
        }
    }

    /**
     * Whether a result is worth another attempt: the machine failed it, and not because the run is stopping,
     * because the cell cannot run on its executor at all, or because ftmatrix itself failed.
     */
    public static boolean retryable(Outcome outcome, Failure failure) {
        return outcome == Outcome.INFRA_ERROR && failure != null && !NOT_RETRIED.contains(failure.category());
    }

    public static Verdict classify(CellExecution e) {
        if (e.infrastructureError() != null && InfraFailure.NOT_APPLICABLE.equals(e.infrastructureError().category())) {
            return Verdict.of(Outcome.NOT_APPLICABLE, InfraFailure.NOT_APPLICABLE, e.infrastructureError().detail());
        }
        if (e.infrastructureError() != null && INTERRUPTED.equals(e.infrastructureError().category())) {
            return Verdict.of(Outcome.INFRA_ERROR, INTERRUPTED, "the run was stopped (SIGINT or SIGTERM) while this cell"
                    + " ran; 'ftmatrix run --resume' runs it again");
        }
        if (e.infrastructureError() != null) {
            return Verdict.of(Outcome.INFRA_ERROR, e.infrastructureError().category(), e.infrastructureError().detail());
        }
        if (e.installReused()) {
            return classifyProbe(e);
        }
        StepResult install = e.install();
        Verdict unfinished = unfinished(e, install, "install");
        if (unfinished != null) {
            return unfinished;
        }
        if (install.exitCode() != 0) {
            return RecipeOutput.failure(install.stdout())
                    .map(f -> Verdict.of(Outcome.INSTALL_FAILED, f.category(), f.detail()))
                    .orElse(Verdict.of(Outcome.INSTALL_FAILED, "unknown", "the recipe exited with "
                            + install.exitCode() + " and printed no FTMATRIX-FAILURE line"));
        }
        if (e.interpreter() == null) {
            return Verdict.of(Outcome.INSTALL_FAILED, "contract",
                    "the recipe exited 0 but printed no FTMATRIX-PYTHON line naming the interpreter");
        }
        return classifyProbe(e);
    }

    /** A step that never ran, ran out of time, or has no exit code: the verdict, else null. */
    private static Verdict unfinished(CellExecution e, StepResult step, String name) {
        if (step == null) {
            return Verdict.of(Outcome.INFRA_ERROR, "never-ran", "the " + name + " step never ran");
        }
        if (step.timedOut()) {
            return Verdict.of(Outcome.TIMEOUT, name, "the " + name + " step was still running when the cell's "
                    + e.cell().timeout().toSeconds() + " s timeout ran out");
        }
        if (step.exitCode() == null) {
            return Verdict.of(Outcome.INFRA_ERROR, "missing-exit-code",
                    "the daemon reported no exit code for the " + name + " step");
        }
        return null;
    }

    private static Verdict classifyProbe(CellExecution e) {
        StepResult probe = e.probe();
        Verdict unfinished = unfinished(e, probe, "probe");
        if (unfinished != null) {
            return unfinished;
        }
        ProbeReport report;
        try {
            report = withTiming(ProbeReports.parse(probe.stdout()), e.timing());
        } catch (ProbeOutputException ex) {
            return Verdict.of(Outcome.CRASHED, crashCategory(probe.exitCode()),
                    "the probe exited with " + describeExit(probe.exitCode()) + "; " + ex.getMessage());
        }
        if (probe.exitCode() != 0) {
            return new Verdict(Outcome.CRASHED, new Failure(crashCategory(probe.exitCode()),
                    "the probe exited with " + describeExit(probe.exitCode()) + " after printing its report"), report);
        }
        if (!report.freeThreadedBuild()) {
            return new Verdict(Outcome.NOT_FREE_THREADED, new Failure("gil-build",
                    "Py_GIL_DISABLED=" + report.pyGilDisabled() + " for " + firstLine(report.version())), report);
        }
        if (Boolean.TRUE.equals(report.gilEnabledAtStart())) {
            return new Verdict(Outcome.GIL_REENABLED, new Failure("gil-at-start",
                    "sys._is_gil_enabled() was True at interpreter start"), report);
        }
        if (Boolean.TRUE.equals(report.gilEnabledAtEnd())) {
            return new Verdict(Outcome.GIL_REENABLED, new Failure("gil-during-smoke",
                    "sys._is_gil_enabled() became True during the smoke steps"), report);
        }
        ProbeReport.Venv venv = report.venv();
        if (venv != null && venv.requested() && !venv.healthy()) {
            return new Verdict(Outcome.VENV_FAILED, new Failure(venvCategory(venv), venvDetail(venv)), report);
        }
        return classifyPackages(report);
    }

    /**
     * The functional report with the timing phase's figures. Timing never decides an outcome: a timing phase that
     * broke leaves its figures unmeasured and says why in the report's errors.
     */
    private static ProbeReport withTiming(ProbeReport report, CellExecution.Timing timing) {
        if (timing == null) {
            return report;
        }
        StepResult step = timing.step();
        if (step.timedOut()) {
            return report.withTimingError("the timing phase was still running when the cell's timeout ran out");
        }
        String exit = step.exitCode() == null ? "no exit code" : describeExit(step.exitCode());
        try {
            TimingReport measured = ProbeReports.parseTiming(step.stdout());
            return step.succeeded() ? report.withTiming(measured)
                    : report.withTiming(measured).withTimingError("timing.py exited with " + exit);
        } catch (ProbeOutputException ex) {
            return report.withTimingError("timing.py exited with " + exit + "; " + ex.getMessage());
        }
    }

    /**
     * A package that turned the GIL back on is the sharper finding, so it wins over one that failed outright;
     * among failures the first in the matrix's order names the cell's category.
     */
    private static Verdict classifyPackages(ProbeReport report) {
        for (ProbeReport.PackageResult p : report.packages()) {
            if (GIL_REENABLED_BY_PACKAGE.equals(p.category())) {
                String warning = p.gilWarning() == null ? "" : ": " + firstLine(p.gilWarning());
                return new Verdict(Outcome.GIL_REENABLED, new Failure("package:" + p.importName(),
                        "importing " + p.importName() + " re-enabled the GIL" + warning), report);
            }
        }
        for (ProbeReport.PackageResult p : report.packages()) {
            if (p.category() != null) {
                String detail = p.requirement() + ": " + (p.detail() == null ? p.category() : firstLine(p.detail()));
                return new Verdict(Outcome.PACKAGE_FAILED, new Failure(p.category(), detail), report);
            }
        }
        return new Verdict(Outcome.PASS, null, report);
    }

    /**
     * Findings that do not change the outcome but qualify it: pip older than 24.1 selects cp313 (GIL ABI) wheels
     * over cp313t ones, so package results from such a venv say more about pip than about the packages.
     */
    public static List<String> warnings(ProbeReport report) {
        if (report == null || !Boolean.TRUE.equals(report.pipTooOld())) {
            return List.of();
        }
        String version = report.venv() == null ? "unknown" : report.venv().pipVersion();
        return List.of("old-pip: pip " + version + " is older than 24.1 and may pick cp313 (GIL ABI) wheels over cp313t");
    }

    private static String venvCategory(ProbeReport.Venv v) {
        if (!Boolean.TRUE.equals(v.created())) {
            return "venv-create";
        }
        if (v.pyGilDisabled() == null || v.pyGilDisabled() != 1 || !Boolean.FALSE.equals(v.gilEnabled())) {
            return "venv-not-free-threaded";
        }
        return "pip";
    }

    private static String venvDetail(ProbeReport.Venv v) {
        String base = switch (venvCategory(v)) {
            case "venv-create" -> "python -m venv failed";
            case "venv-not-free-threaded" -> "the venv's interpreter is not free-threaded (Py_GIL_DISABLED="
                    + v.pyGilDisabled() + ", GIL enabled=" + v.gilEnabled() + ")";
            default -> "pip --version failed inside the venv";
        };
        return v.error() == null || v.error().isBlank() ? base : base + ": " + firstLine(v.error());
    }

    private static String crashCategory(int exitCode) {
        return exitCode > 128 ? "signal-" + (exitCode - 128) : "exit-" + exitCode;
    }

    private static String describeExit(int exitCode) {
        return exitCode > 128 ? exitCode + " (killed by signal " + (exitCode - 128) + ")" : Integer.toString(exitCode);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
