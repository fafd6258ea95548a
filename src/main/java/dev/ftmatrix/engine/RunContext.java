package dev.ftmatrix.engine;

import dev.ftmatrix.matrix.Cell;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every cell of one run shares: its id, labels, limits, the archive to copy in, the listener, and what happens
 * to a container after its steps.
 */
record RunContext(String runId, byte[] containersArchive, ContainerLimits limits, EngineListener listener,
        InstallCache cache, Inspection inspection) {
    static final String LABEL_RUN = "dev.ftmatrix.run";
    static final String LABEL_CELL = "dev.ftmatrix.cell";
    static final String LABEL_PID = "dev.ftmatrix.pid";

    boolean reuseInstalls() {
        return cache != null;
    }

    Map<String, String> labelsFor(Cell cell) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(LABEL_RUN, runId);
        labels.put(LABEL_CELL, cell.id());
        labels.put(LABEL_PID, Long.toString(ProcessHandle.current().pid()));
        if (inspection.keep()) {
            labels.put(Inspection.LABEL_KEEP, "true");
        }
        return labels;
    }
}
