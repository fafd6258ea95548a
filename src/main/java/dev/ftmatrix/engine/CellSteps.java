package dev.ftmatrix.engine;

import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.recipe.Recipe;
import dev.ftmatrix.recipe.RecipeOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;

/** The steps of one attempt of a cell, the same on every executor: prepare, install, probe, clean up. */
final class CellSteps {
    private CellSteps() {
    }

    static CellExecution run(CellExecutor executor, Cell cell, String slot, Recipe recipe, ResolvedImage image,
            EngineListener listener) {
        CellExecutor.Workspace ws = executor.workspace(cell, slot, recipe, image);
        Instant started = Instant.now();
        String unsupported = ws.unsupported();
        if (unsupported != null) {
            return new CellExecution(cell, recipe, ws.image(), started, started, null, null, null,
                    new InfraFailure(InfraFailure.UNSUPPORTED, unsupported), null, false, null);
        }
        Instant deadline = started.plus(cell.timeout());
        StepResult install = null;
        StepResult probe = null;
        String interpreter = null;
        InfraFailure infraError = null;
        String cacheError = null;
        CellExecutor.Twin twin = CellExecutor.Twin.NONE;
        Long installPeak = null;
        Long probePeak = null;
        CellExecution.Timing timing = null;
        try {
            ws.prepare();
            interpreter = ws.cachedInterpreter();
            if (interpreter == null) {
                install = ws.exec("install", ws.installCommand(), ws.installEnvironment(), deadline);
                listener.stepFinished(cell, install);
                infraError = ws.machineFailure(install);
                installPeak = ws.peakMemory();
                if (infraError == null && install.succeeded()) {
                    interpreter = RecipeOutput.interpreter(install.stdout()).orElse(null);
                    twin = new CellExecutor.Twin(RecipeOutput.twin(install.stdout()).orElse(null),
                            RecipeOutput.twinFailure(install.stdout()).orElse(null));
                }
                if (interpreter != null) {
                    cacheError = ws.installed(interpreter, twin);
                }
            } else {
                twin = ws.cachedTwin();
            }
            if (interpreter != null) {
                probe = ws.exec("probe", ws.probeCommand(interpreter), ws.probeEnvironment(), deadline);
                listener.stepFinished(cell, probe);
                infraError = ws.machineFailure(probe);
                probePeak = ws.peakMemory();
                if (infraError == null && probe.succeeded() && cell.smoke().timing().enabled()) {
                    timing = timingPhase(ws, cell, interpreter, twin, deadline, listener);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            infraError = new InfraFailure(InfraFailure.INTERRUPTED, "the run was interrupted");
        } catch (IOException | RuntimeException e) {
            infraError = tooLargeToExec(e) ? new InfraFailure(InfraFailure.INPUT, "the cell's parameters or"
                    + " environment are too large to start a process with (" + Docker.rootMessage(e) + "); shorten"
                    + " the matrix's with: values") : ws.failure(e);
            if (infraError == null) {
                ws.close();
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
        }
        if (infraError == null) {
            try {
                ws.afterSteps();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Cleaned up with the interrupt cleared: the Docker client gives up on an interrupted thread.
        boolean interrupted = Thread.interrupted()
                || infraError != null && InfraFailure.INTERRUPTED.equals(infraError.category());
        String cleanupError = ws.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new CellExecution(cell, recipe, ws.image(), started, Instant.now(), install, interpreter, probe,
                infraError, cleanupError, ws.cachedInterpreter() != null, cacheError, timing,
                installPeak == null && probePeak == null ? null : new CellExecution.PeakMemory(installPeak, probePeak));
    }

    /**
     * The timing phase, alone on the host (see {@link TimingLock}); null when the lock did not come free before
     * the cell's deadline.
     */
    private static CellExecution.Timing timingPhase(CellExecutor.Workspace ws, Cell cell, String interpreter,
            CellExecutor.Twin twin, Instant deadline, EngineListener listener)
            throws IOException, InterruptedException {
        try (TimingLock.Held held = TimingLock.HOST.acquire(deadline)) {
            if (held == null) {
                return null;
            }
            Instant start = Instant.now();
            StepResult step = ws.exec("timing", ws.timingCommand(interpreter), ws.timingEnvironment(twin), deadline);
            Instant end = Instant.now();
            listener.stepFinished(cell, step);
            return new CellExecution.Timing(step, start, end, twin.interpreter(), twin.error());
        }
    }

    /** The kernel's E2BIG as Java's process launcher words it (error=7), in any case, anywhere in the causes. */
    static boolean tooLargeToExec(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("argument list too long")) {
                return true;
            }
        }
        return false;
    }
}
