package dev.ftmatrix.engine;

import dev.ftmatrix.matrix.Cell;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every cell of one run shares: its id, labels, the archive to copy in, the listener, and what happens to a
 * container after its steps.
 */
public record RunContext(String runId, byte[] containersArchive, EngineListener listener, InstallCache cache,
        Inspection inspection) {
    static final String LABEL_RUN = "dev.ftmatrix.run";
    static final String LABEL_CELL = "dev.ftmatrix.cell";
    static final String LABEL_PID = "dev.ftmatrix.pid";
    /** With the pid and its start time, names the owning process even when pids are reused or hosts share a daemon. */
    static final String LABEL_HOST = "dev.ftmatrix.host";
    static final String LABEL_STARTED = "dev.ftmatrix.started";
    /** This process, the owner of every container it makes: read once, not per cell. */
    private static final Map<String, String> OWNER_LABELS = ContainerGc.Owner.current().labels();

    public boolean reuseInstalls() {
        return cache != null;
    }

    public Map<String, String> labelsFor(Cell cell) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(LABEL_RUN, runId);
        labels.put(LABEL_CELL, cell.id());
        labels.putAll(OWNER_LABELS);
        if (inspection.keep()) {
            labels.put(Inspection.LABEL_KEEP, "true");
        }
        return labels;
    }
}
