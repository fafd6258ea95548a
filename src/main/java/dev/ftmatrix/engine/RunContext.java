package dev.ftmatrix.engine;

import dev.ftmatrix.matrix.Cell;
import java.util.Map;
import java.util.TreeMap;

/** What every cell of one run shares: its id, labels, the archive to copy in, the listener. */
record RunContext(String runId, byte[] containersArchive, EngineListener listener,
        InstallCache cache) {
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
        return labels;
    }
}
