package dev.ftmatrix.run;

import dev.ftmatrix.engine.CellExecution;
import dev.ftmatrix.engine.Engine;
import dev.ftmatrix.engine.StepResult;
import java.util.Map;

/** The full log of one attempt of a cell, as the journal stores it under {@code logs/}. */
final class CellLog {
    private CellLog() {
    }

    static String of(CellExecution e, Map<String, String> environment) {
        StringBuilder s = new StringBuilder();
        s.append("cell: ").append(e.cell().id()).append('\n');
        s.append("image: ").append(Engine.placeOf(e.cell().os()));
        if (e.image() != null) {
            s.append(" (").append(e.image().digest()).append(')');
        }
        s.append('\n');
        s.append("recipe: ").append(e.cell().method().recipe()).append('\n');
        environment.forEach((k, v) -> s.append("env: ").append(k).append('=').append(v).append('\n'));
        if (e.installReused()) {
            s.append("\n== install: reused from the install cache (run --reuse-installs) ==\n");
        }
        if (e.cacheError() != null) {
            s.append("\n== install cache ==\n").append(e.cacheError()).append('\n');
        }
        appendStep(s, e.install());
        appendStep(s, e.probe());
        appendStep(s, e.timing() == null ? null : e.timing().step());
        if (e.infrastructureError() != null) {
            s.append("\n== infrastructure error ==\n").append(e.infrastructureError().category()).append(": ")
                    .append(e.infrastructureError().detail()).append('\n');
        }
        if (e.cleanupError() != null) {
            s.append("\n== cleanup error ==\n").append(e.cleanupError()).append('\n');
        }
        return s.toString();
    }

    private static void appendStep(StringBuilder s, StepResult step) {
        if (step == null) {
            return;
        }
        s.append("\n== ").append(step.name()).append(": ");
        if (step.timedOut()) {
            s.append("timed out");
        } else {
            s.append("exit ").append(step.exitCode() == null ? "unknown" : step.exitCode());
        }
        s.append(String.format(" after %.1f s ==%n", step.duration().toMillis() / 1000.0));
        s.append("-- stdout --\n").append(step.stdout());
        if (!step.stdout().endsWith("\n")) {
            s.append('\n');
        }
        s.append("-- stderr --\n").append(step.stderr());
        if (!step.stderr().endsWith("\n")) {
            s.append('\n');
        }
    }
}
