package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gc decision, judged against real processes of this machine: this test's JVM and one that has ended. */
class ContainerGcTest {
    private static final String HOST = "agent-1";

    private static Map<String, String> labels(String host, long pid, Instant started) {
        Map<String, String> labels = new HashMap<>();
        labels.put(RunContext.LABEL_RUN, "20261126-010000-abcd");
        labels.put(RunContext.LABEL_HOST, host);
        labels.put(RunContext.LABEL_PID, Long.toString(pid));
        labels.put(RunContext.LABEL_STARTED, started.toString());
        return labels;
    }

    private static ContainerGc.Owner self() {
        ContainerGc.Owner me = ContainerGc.Owner.current();
        return new ContainerGc.Owner(HOST, me.pid(), me.started());
    }

    @Test
    void keepsContainersOfALiveRun() {
        ContainerGc.Owner me = self();
        assertThat(ContainerGc.judge(labels(HOST, me.pid(), me.started()), HOST))
                .isEqualTo(new ContainerGc.Decision(false, "its run's process " + me.pid() + " is still running"));
    }

    @Test
    void removesContainersOfAProcessThatHasEnded() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Instant started = Instant.now();
        assertThat(ContainerGc.judge(labels(HOST, p.pid(), started), HOST))
                .isEqualTo(new ContainerGc.Decision(true, "its run's process " + p.pid() + " has ended"));
    }

    @Test
    void removesContainersWhosePidNowBelongsToAnotherProcess() {
        ContainerGc.Owner me = self();
        Instant earlier = me.started().minusSeconds(3600);
        assertThat(ContainerGc.judge(labels(HOST, me.pid(), earlier), HOST))
                .isEqualTo(new ContainerGc.Decision(true, "its run's process " + me.pid() + " has ended (pid "
                        + me.pid() + " now belongs to a process started at " + me.started() + ")"));
    }

    @Test
    void neverJudgesContainersOfAnotherHost() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ContainerGc.judge(labels("agent-2", p.pid(), Instant.now()), HOST))
                .isEqualTo(new ContainerGc.Decision(false,
                        "made on host agent-2: only a gc there can tell whether its run is over"));
    }

    @Test
    void neverRemovesAContainerKeptForInspectionEvenOnceItsProcessHasEnded() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Map<String, String> kept = labels(HOST, p.pid(), Instant.now());
        kept.put(Inspection.LABEL_KEEP, "true");
        assertThat(ContainerGc.judge(kept, HOST)).isEqualTo(new ContainerGc.Decision(false,
                "kept for inspection by 'repro --keep': remove it with 'docker rm -f' when done"));
    }

    @Test
    void keepsContainersWithoutOwnerLabels() {
        Map<String, String> old = Map.of(RunContext.LABEL_RUN, "r", RunContext.LABEL_PID, "1");
        assertThat(ContainerGc.judge(old, HOST)).isEqualTo(new ContainerGc.Decision(false,
                "no owner labels (made by an older ftmatrix): remove it with 'docker rm -f' once its run is over"));
    }

    @Test
    void labelsNameThisProcess() {
        ContainerGc.Owner me = ContainerGc.Owner.current();
        assertThat(me.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(me.host()).isEqualTo(ContainerGc.hostName()).isNotBlank();
        assertThat(me.labels()).containsEntry(RunContext.LABEL_PID, Long.toString(me.pid()))
                .containsEntry(RunContext.LABEL_STARTED, me.started().toString());
    }
}
