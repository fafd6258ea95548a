package dev.ftmatrix.engine;

import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.recipe.Recipe;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a cell's steps run: a container ({@code engine.docker}) or this machine ({@code engine.host}). The engine
 * picks one per cell and runs the same steps through it (see {@link CellSteps}): prepare a fresh workspace,
 * install, read the interpreter, probe, clean up. A new executor implements this in a package of its own.
 */
public interface CellExecutor {
    /**
     * A workspace for one attempt of a cell, made without touching the machine; {@link Workspace#prepare} does the
     * work. {@code slot} names the attempt (see {@link Engine#containerName}).
     */
    Workspace workspace(Cell cell, String slot, Recipe recipe, ResolvedImage image);

    /**
     * The GIL twin a recipe installed next to the interpreter ({@code interpreter}), or why it did not
     * ({@code error}, in the recipe's words); both null when none was asked for.
     */
    record Twin(String interpreter, String error) {
        public static final Twin NONE = new Twin(null, null);
    }

    /** One attempt's place to run commands in, from {@link #prepare} to {@link #close}. */
    interface Workspace {
        /** What the result records as the cell's image: the resolved image, or the host's operating system. */
        ResolvedImage image();

        /** Why this executor cannot run the recipe at all; null when it can. Asked before {@link #prepare}. */
        String unsupported();

        /** Makes the workspace ready for commands (a started container, a fresh directory with the recipes). */
        void prepare() throws IOException, InterruptedException;

        /** The interpreter of a cached install the workspace started from; null when the install must run. */
        String cachedInterpreter();

        /** The GIL twin the cached install holds (or why it has none). */
        default Twin cachedTwin() {
            return Twin.NONE;
        }

        List<String> installCommand();

        Map<String, String> installEnvironment();

        List<String> probeCommand(String interpreter);

        Map<String, String> probeEnvironment();

        List<String> timingCommand(String interpreter);

        Map<String, String> timingEnvironment(Twin twin);

        /** Runs one command with the cell's deadline; output bounded, exit code null when it did not finish. */
        StepResult exec(String name, List<String> command, Map<String, String> env, Instant deadline)
                throws IOException, InterruptedException;

        /** A failed step the machine caused rather than the method (a daemon restart, an OOM kill); null if none. */
        default InfraFailure machineFailure(StepResult step) throws InterruptedException {
            return null;
        }

        /** Called once the install gave an interpreter; returns why the install could not be cached, or null. */
        default String installed(String interpreter, Twin twin) {
            return null;
        }

        /** The workspace's peak memory so far, as its memory cgroup counts it; null where it cannot tell. */
        default Long peakMemory() throws InterruptedException {
            return null;
        }

        /** Called after steps that ended without an infrastructure error (repro's shell). */
        default void afterSteps() throws InterruptedException {
        }

        /** The infrastructure failure an exception from this workspace means; null for an error of ftmatrix itself. */
        InfraFailure failure(Exception e);

        /** Removes what {@link #prepare} made; returns why it could not, or null. */
        String close();
    }
}
