package dev.ftmatrix.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.engine.CellExecution;
import dev.ftmatrix.engine.InfraFailure;
import dev.ftmatrix.engine.StepResult;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.MethodSpec;
import dev.ftmatrix.matrix.NetworkMode;
import dev.ftmatrix.matrix.OsSpec;
import dev.ftmatrix.matrix.PythonVersion;
import dev.ftmatrix.matrix.Smoke;
import dev.ftmatrix.matrix.Tier;
import dev.ftmatrix.probe.ProbeReport;
import dev.ftmatrix.results.Failure;
import dev.ftmatrix.results.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    private static final Cell CELL = new Cell("m", new OsSpec("debian-trixie", "debian:trixie"),
            new MethodSpec("src", "source-build", Tier.of(4), Map.of(), List.of()), PythonVersion.parseOrNull("3.13t"),
            1, Duration.ofMinutes(30), NetworkMode.HOST, Smoke.DEFAULT);
    private static final String INSTALLED = "building...\nFTMATRIX-PYTHON: /opt/ftmatrix/python3.13t/bin/python3.13t\n";
    private static final String VENV_OK = "{\"requested\":true,\"created\":true,\"python\":\"/w/venv/bin/python\","
            + "\"py_gil_disabled\":1,\"gil_enabled\":false,\"pip_version\":\"25.1\",\"error\":null}";
    private static final String THREADS = "{\"n\":4,\"one_thread_s\":0.4,\"n_threads_s\":0.8,\"speedup\":2.0,\"single_thread_s\":0.4}";

    private static StepResult step(String name, Integer exit, boolean timedOut, String stdout) {
        return new StepResult(name, exit, timedOut, Duration.ofSeconds(2), stdout, "", stdout.length());
    }

    private static CellExecution execution(StepResult install, String interpreter, StepResult probe,
            InfraFailure infra) {
        return new CellExecution(CELL, null, null, Instant.EPOCH, Instant.EPOCH.plusSeconds(5), install, interpreter,
                probe, infra, null, false, null);
    }

    private static String report(Integer gilDisabled, Boolean atStart, Boolean atEnd, String venv) {
        return report(gilDisabled, atStart, atEnd, venv, "false", "[]");
    }

    private static String report(Integer gilDisabled, Boolean atStart, Boolean atEnd, String venv, String pipTooOld,
            String packages) {
        return "{\"probe_version\":1,\"executable\":\"/x\",\"version\":\"3.13.5 (main)\",\"implementation\":\"cpython\","
                + "\"py_gil_disabled\":" + gilDisabled + ",\"gil_enabled_at_start\":" + atStart
                + ",\"gil_enabled_at_end\":" + atEnd + ",\"venv\":" + venv + ",\"threads\":" + THREADS
                + ",\"pip_too_old\":" + pipTooOld + ",\"packages\":" + packages + ",\"errors\":[]}";
    }

    private static String pkg(String name, Boolean gilAfter, String category, String detail) {
        return "{\"requirement\":\"" + name + "\",\"name\":\"" + name + "\",\"import\":\"" + name.replace('-', '_')
                + "\",\"installed\":" + (category == null || !category.equals("no-ft-wheel")) + ",\"source\":\"wheel\","
                + "\"file\":\"" + name + "-1.0-cp313-cp313t-linux_x86_64.whl\",\"tags\":[\"cp313-cp313t-linux_x86_64\"],"
                + "\"version\":\"1.0\",\"install_s\":0.4,\"imported\":true,\"import_error\":null,"
                + "\"gil_enabled_after_import\":" + gilAfter + ",\"gil_warning\":"
                + (Boolean.TRUE.equals(gilAfter) ? "\"The global interpreter lock (GIL) has been enabled to load module '"
                        + name.replace('-', '_') + "'\"" : "null")
                + ",\"check\":null,\"check_ok\":null,\"check_error\":null,\"category\":"
                + (category == null ? "null" : "\"" + category + "\"") + ",\"detail\":"
                + (detail == null ? "null" : "\"" + detail + "\"") + "}";
    }

    @Test
    void packagesThatWorkKeepThePass() {
        Classifier.Verdict v = probeSays(report(1, false, false, VENV_OK, "false",
                "[" + pkg("ftm-pure", false, null, null) + "," + pkg("ftm-ext-ft", false, null, null) + "]"));
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.probe().packages()).extracting(p -> p.file()).containsExactly(
                "ftm-pure-1.0-cp313-cp313t-linux_x86_64.whl", "ftm-ext-ft-1.0-cp313-cp313t-linux_x86_64.whl");
        assertThat(v.probe().packages().get(1).importName()).isEqualTo("ftm_ext_ft");
    }

    @Test
    void aPackageThatReenablesTheGilNamesTheModuleAndWinsOverFailures() {
        Classifier.Verdict v = probeSays(report(1, false, false, VENV_OK, "false",
                "[" + pkg("ftm-gil-abi-only", null, "no-ft-wheel", "no wheel for cp313t") + ","
                        + pkg("ftm-ext-gil", true, "gil-reenabled", "GIL re-enabled") + "]"));
        assertThat(v.outcome()).isEqualTo(Outcome.GIL_REENABLED);
        assertThat(v.failure()).isEqualTo(new Failure("package:ftm_ext_gil",
                "importing ftm_ext_gil re-enabled the GIL: The global interpreter lock (GIL) has been enabled to load module 'ftm_ext_gil'"));
    }

    @Test
    void theFirstFailedPackageNamesTheCategory() {
        Classifier.Verdict v = probeSays(report(1, false, false, VENV_OK, "false",
                "[" + pkg("ftm-pure", false, null, null) + "," + pkg("ftm-gil-abi-only", null, "no-ft-wheel",
                        "no wheel for cp313t; the index has: ftm_gil_abi_only-1.0-cp313-cp313-linux_x86_64.whl") + ","
                        + pkg("ftm-checked", false, "check-failed", "check was False") + "]"));
        assertThat(v.outcome()).isEqualTo(Outcome.PACKAGE_FAILED);
        assertThat(v.failure()).isEqualTo(new Failure("no-ft-wheel",
                "ftm-gil-abi-only: no wheel for cp313t; the index has: ftm_gil_abi_only-1.0-cp313-cp313-linux_x86_64.whl"));
    }

    @Test
    void anOldPipIsAWarningNotAnOutcome() {
        Classifier.Verdict v = probeSays(report(1, false, false, VENV_OK.replace("25.1", "23.0"), "true",
                "[" + pkg("ftm-pure", false, null, null) + "]"));
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(Classifier.warnings(v.probe())).containsExactly(
                "old-pip: pip 23.0 is older than 24.1 and may pick cp313 (GIL ABI) wheels over cp313t");
        assertThat(Classifier.warnings(probeSays(report(1, false, false, VENV_OK)).probe())).isEmpty();
    }

    private static Classifier.Verdict probeSays(String json) {
        return Classifier.classify(execution(step("install", 0, false, INSTALLED), "/opt/x/bin/python3.13t",
                step("probe", 0, false, json + "\n"), null));
    }

    @Test
    void passesAFreeThreadedInterpreterWithWorkingVenv() {
        Classifier.Verdict v = probeSays(report(1, false, false, VENV_OK));
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.failure()).isNull();
        assertThat(v.probe().threads().speedup()).isEqualTo(2.0);
    }

    @Test
    void aGilBuildIsNotFreeThreaded() {
        Classifier.Verdict v = probeSays(report(0, true, true, VENV_OK));
        assertThat(v.outcome()).isEqualTo(Outcome.NOT_FREE_THREADED);
        assertThat(v.failure()).isEqualTo(new Failure("gil-build", "Py_GIL_DISABLED=0 for 3.13.5 (main)"));
    }

    @Test
    void aGilOnAtStartOrLaterIsReenabled() {
        assertThat(probeSays(report(1, true, true, VENV_OK)).failure().category()).isEqualTo("gil-at-start");
        Classifier.Verdict later = probeSays(report(1, false, true, VENV_OK));
        assertThat(later.outcome()).isEqualTo(Outcome.GIL_REENABLED);
        assertThat(later.failure().category()).isEqualTo("gil-during-smoke");
    }

    @Test
    void aVenvWithoutPipFails() {
        String noPip = VENV_OK.replace("\"25.1\"", "null").replace("\"error\":null", "\"error\":\"No module named pip\"");
        Classifier.Verdict v = probeSays(report(1, false, false, noPip));
        assertThat(v.outcome()).isEqualTo(Outcome.VENV_FAILED);
        assertThat(v.failure()).isEqualTo(new Failure("pip", "pip --version failed inside the venv: No module named pip"));
    }

    @Test
    void aVenvThatLostFreeThreadingFails() {
        String gilVenv = VENV_OK.replace("\"py_gil_disabled\":1", "\"py_gil_disabled\":0");
        assertThat(probeSays(report(1, false, false, gilVenv)).failure().category()).isEqualTo("venv-not-free-threaded");
    }

    @Test
    void aCellStoppedWithItsRunIsAnInterruptedInfraError() {
        Classifier.Verdict v = Classifier.classify(execution(null, null, null,
                new InfraFailure(InfraFailure.INTERRUPTED, "the run was interrupted")));
        assertThat(v.outcome()).isEqualTo(Outcome.INFRA_ERROR);
        assertThat(v.failure()).isEqualTo(new Failure("interrupted", "the run was stopped (SIGINT or SIGTERM) while"
                + " this cell ran; 'ftmatrix run --resume' runs it again"));
    }

    @Test
    void recipeFailureCarriesItsCategory() {
        Classifier.Verdict v = Classifier.classify(execution(
                step("install", 3, false, "x\nFTMATRIX-FAILURE: network: apt-get update could not fetch\n"), null, null, null));
        assertThat(v.outcome()).isEqualTo(Outcome.INSTALL_FAILED);
        assertThat(v.failure()).isEqualTo(new Failure("network", "apt-get update could not fetch"));
    }

    @Test
    void recipeFailureWithoutAFailureLineIsUnknown() {
        Classifier.Verdict v = Classifier.classify(execution(step("install", 2, false, "oops\n"), null, null, null));
        assertThat(v.failure()).isEqualTo(new Failure("unknown", "the recipe exited with 2 and printed no FTMATRIX-FAILURE line"));
    }

    @Test
    void recipeThatReportsNoInterpreterBreaksTheContract() {
        Classifier.Verdict v = Classifier.classify(execution(step("install", 0, false, "done\n"), null, null, null));
        assertThat(v.outcome()).isEqualTo(Outcome.INSTALL_FAILED);
        assertThat(v.failure().category()).isEqualTo("contract");
    }

    @Test
    void aTimedOutStepIsTimeout() {
        Classifier.Verdict v = Classifier.classify(execution(step("install", null, true, ""), null, null, null));
        assertThat(v.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(v.failure()).isEqualTo(new Failure("install",
                "the install step was still running when the cell's 1800 s timeout ran out"));
    }

    @Test
    void aMissingExitCodeIsNeverAPass() {
        Classifier.Verdict install = Classifier.classify(execution(step("install", null, false, INSTALLED), null, null, null));
        assertThat(install.outcome()).isEqualTo(Outcome.INFRA_ERROR);
        Classifier.Verdict probe = Classifier.classify(execution(step("install", 0, false, INSTALLED), "/x",
                step("probe", null, false, report(1, false, false, VENV_OK)), null));
        assertThat(probe.outcome()).isEqualTo(Outcome.INFRA_ERROR);
        assertThat(probe.failure().category()).isEqualTo("missing-exit-code");
    }

    @Test
    void aProbeKilledBySignalIsCrashed() {
        Classifier.Verdict v = Classifier.classify(execution(step("install", 0, false, INSTALLED), "/x",
                step("probe", 139, false, "Segmentation fault\n"), null));
        assertThat(v.outcome()).isEqualTo(Outcome.CRASHED);
        assertThat(v.failure()).isEqualTo(new Failure("signal-11",
                "the probe exited with 139 (killed by signal 11); the probe printed no JSON report"));
    }

    @Test
    void aReusedInstallIsJudgedByItsProbe() {
        CellExecution reused = new CellExecution(CELL, null, null, Instant.EPOCH, Instant.EPOCH, null, "/opt/x/bin/python3.13t",
                step("probe", 0, false, report(1, false, false, VENV_OK)), null, null, true, null);
        assertThat(Classifier.classify(reused).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void infrastructureErrorsComeFirstWithTheirCategory() {
        Classifier.Verdict v = Classifier.classify(execution(step("install", 1, false, "FTMATRIX-FAILURE: network down\n"),
                null, null, new InfraFailure(InfraFailure.DAEMON, "docker: connection refused")));
        assertThat(v.outcome()).isEqualTo(Outcome.INFRA_ERROR);
        assertThat(v.failure()).isEqualTo(new Failure("daemon", "docker: connection refused"));
    }

    @Test
    void anOomKillDuringTheInstallIsTheMachinesFaultNotTheMethods() {
        Classifier.Verdict v = Classifier.classify(execution(step("install", 137, false, "building...\n"), null, null,
                new InfraFailure(InfraFailure.OOM, "the install step was killed at the container's memory limit")));
        assertThat(v.outcome()).isEqualTo(Outcome.INFRA_ERROR);
        assertThat(v.failure().category()).isEqualTo("oom");
    }

    @Test
    void retriesMachineFailuresButNotAStoppingRunOrAnImpossibleCell() {
        assertThat(Classifier.retryable(Outcome.INFRA_ERROR, new Failure("daemon", "gone"))).isTrue();
        assertThat(Classifier.retryable(Outcome.INFRA_ERROR, new Failure("oom", "killed"))).isTrue();
        assertThat(Classifier.retryable(Outcome.INFRA_ERROR, new Failure("missing-exit-code", "none"))).isTrue();
        assertThat(Classifier.retryable(Outcome.INFRA_ERROR, new Failure("interrupted", "stopping"))).isFalse();
        assertThat(Classifier.retryable(Outcome.INFRA_ERROR, new Failure("unsupported", "ps1"))).isFalse();
        assertThat(Classifier.retryable(Outcome.INFRA_ERROR, new Failure("internal", "a bug"))).isFalse();
        assertThat(Classifier.retryable(Outcome.INFRA_ERROR, new Failure("input", "Argument list too long"))).isFalse();
        assertThat(Classifier.retryable(Outcome.INSTALL_FAILED, new Failure("network", "down"))).isFalse();
    }

    @Test
    void aCellThatCannotApplyIsNotApplicableWithItsReasonAndIsNeverRetried() {
        Classifier.Verdict v = Classifier.classify(execution(null, null, null, new InfraFailure(
                InfraFailure.NOT_APPLICABLE, "os 'macos-15' is a host:macos host row and this machine is host:linux")));
        assertThat(v.outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
        assertThat(v.failure()).isEqualTo(new Failure("not-applicable",
                "os 'macos-15' is a host:macos host row and this machine is host:linux"));
        assertThat(Classifier.retryable(v.outcome(), v.failure())).isFalse();
    }

    private static Classifier.Verdict withTiming(StepResult timing) {
        CellExecution e = new CellExecution(CELL, null, null, Instant.EPOCH, Instant.EPOCH.plusSeconds(5),
                step("install", 0, false, INSTALLED), "/opt/ftmatrix/python3.13t/bin/python3.13t",
                step("probe", 0, false, report(1, false, false, VENV_OK)), null, null, false, null,
                new CellExecution.Timing(timing, Instant.EPOCH.plusSeconds(3), Instant.EPOCH.plusSeconds(4), "/twin",
                        null), null);
        return Classifier.classify(e);
    }

    @Test
    void theTimingPhaseFillsTheProbesFiguresWithoutChangingTheOutcome() {
        Classifier.Verdict v = withTiming(step("timing", 0, false, "{\"cpus\":{\"available\":2,\"online\":2,"
                + "\"affinity\":2,\"quota\":null,\"model\":\"m\"},\"threads\":{\"n\":4,\"repeats\":5,"
                + "\"speedup\":1.9,\"efficiency\":0.95,\"noisy\":false,\"remeasured\":false},\"benchmarks\":"
                + "{\"repeats\":5,\"twin\":\"/twin\",\"twin_error\":null,\"workloads\":[{\"name\":\"calls\","
                + "\"interpreter_s\":[0.2],\"twin_s\":[0.1]}]},\"memory\":null,\"errors\":[\"memory: boom\"]}"));
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.probe().cpus().available()).isEqualTo(2);
        assertThat(v.probe().threads().efficiency()).isEqualTo(0.95);
        assertThat(v.probe().benchmarks().workloads()).singleElement().extracting(ProbeReport.Workload::twinS)
                .isEqualTo(List.of(0.1));
        assertThat(v.probe().errors()).containsExactly("timing: memory: boom");
    }

    @Test
    void aBrokenTimingPhaseIsAnErrorOfTheReportNotOfTheCell() {
        Classifier.Verdict v = withTiming(step("timing", 139, false, ""));
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.probe().benchmarks()).isNull();
        assertThat(v.probe().errors()).containsExactly(
                "timing: timing.py exited with 139 (killed by signal 11); the timing phase printed no JSON report");
        assertThat(withTiming(step("timing", null, true, "")).probe().errors())
                .containsExactly("timing: the timing phase was still running when the cell's timeout ran out");
    }
}
