package dev.ftmatrix.run;

import dev.ftmatrix.BadInputException;
import dev.ftmatrix.engine.Engine;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.matrix.Matrix;
import dev.ftmatrix.matrix.MethodSpec;
import dev.ftmatrix.matrix.OsSpec;
import dev.ftmatrix.matrix.PythonVersion;
import dev.ftmatrix.recipe.RecipeCatalog;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.results.ResultsReader;
import dev.ftmatrix.results.RunInfo;
import dev.ftmatrix.results.RunJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Replaying one cell ({@code ftmatrix repro}): a recorded cell rebuilt from its result and the matrix named in the
 * run's {@code run.json}, with its image pinned by the recorded digest; and the verdict on whether a replay gave the
 * same failure.
 */
public final class Repro {
    private Repro() {
    }

    /** A recorded cell: its last attempt (the trial), the run it came from, and where that run's files are. */
    public record Recorded(CellResult result, RunInfo run, Path dir) {
    }

    /** The cell to run again, and what differs from when it was recorded. */
    public record Replay(Matrix matrix, Cell cell, List<String> warnings) {
        public Replay {
            warnings = List.copyOf(warnings);
        }
    }

    /** Whether a replay gave the expected failure, with one reason per thing compared. */
    public record Verdict(boolean reproduced, List<String> reasons) {
        public Verdict {
            reasons = List.copyOf(reasons);
        }
    }

    /** The last attempt of a cell in a result directory (or its cells.jsonl). */
    public static Recorded find(Path results, String cellId) {
        List<CellResult> attempts = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>();
        ResultsReader.read(results, r -> {
            ids.add(r.identity().cell());
            if (r.identity().cell().equals(cellId)) {
                attempts.add(r);
            }
        });
        CellResult last = attempts.stream().max(java.util.Comparator.comparingInt(r -> r.identity().attempt()))
                .orElseThrow(() -> new ReproException("no cell '" + cellId + "' in "
                        + ResultsReader.cellsFile(results) + "; its cells are "
                        + (ids.isEmpty() ? "none" : String.join(", ", ids))));
        Path dir = ResultsReader.baseDir(results);
        Path runJson = dir.resolve(RunJournal.RUN);
        try {
            return new Recorded(last, Json.MAPPER.readValue(runJson.toFile(), RunInfo.class), dir);
        } catch (IOException e) {
            throw new ReproException("cannot read " + runJson + " (" + e.getMessage() + "); repro needs the run's"
                    + " run.json beside its cells.jsonl to find the matrix");
        }
    }

    /**
     * The recorded cell, ready to run: image pinned by its recorded digest, the recorded recipe parameters, and the
     * timeout, network and smoke settings of the matrix file named in run.json, whose secrets are read from
     * {@code environment}.
     *
     * @throws ReproException when the matrix file is gone or no longer has the cell's os or method
     */
    public static Replay replay(Recorded recorded, RecipeCatalog catalog, Map<String, String> environment) {
        CellResult r = recorded.result();
        RunInfo run = recorded.run();
        if (run.matrixFile() == null || !Files.isRegularFile(Path.of(run.matrixFile()))) {
            throw new ReproException("the matrix file " + run.matrixFile() + " of run " + run.runId() + " is gone"
                    + " (paths in run.json are relative to where the run started); run repro from there, restore the"
                    + " file (SHA-256 " + run.matrixSha256() + "), or replay with 'ftmatrix repro --report FILE.yaml'");
        }
        Path file = Path.of(run.matrixFile());
        List<String> warnings = new ArrayList<>();
        String sha = RunService.sha256(file);
        if (!sha.equals(run.matrixSha256())) {
            warnings.add("matrix file " + file + " changed since run " + run.runId() + " (SHA-256 "
                    + run.matrixSha256() + ", now " + sha + "): timeout, network and smoke settings come from the"
                    + " file as it is now");
        }
        Matrix matrix = Matrices.load(file, catalog.platforms());
        OsSpec os = matrix.os().stream().filter(o -> o.id().equals(r.setup().os())).findFirst().orElseThrow(
                () -> new ReproException(file + " no longer has the os '" + r.setup().os() + "' of cell "
                        + r.identity().cell() + "; restore it in the file, or replay with"
                        + " 'ftmatrix repro --report FILE.yaml'"));
        MethodSpec method = matrix.methods().stream().filter(m -> m.id().equals(r.setup().method())).findFirst()
                .orElseThrow(() -> new ReproException(file + " no longer has the method '" + r.setup().method()
                        + "' of cell " + r.identity().cell() + "; restore it in the file, or replay with"
                        + " 'ftmatrix repro --report FILE.yaml'"));
        if (!method.recipe().equals(r.setup().recipe())) {
            throw new ReproException("method '" + r.setup().method() + "' in " + file + " now runs recipe '"
                    + method.recipe() + "', but cell " + r.identity().cell() + " ran '" + r.setup().recipe()
                    + "'; restore the method, or replay with"
                    + " 'ftmatrix repro --report FILE.yaml'");
        }
        String now = catalog.require(r.setup().recipe()).contentSha256();
        if (r.setup().recipeSha256() != null && !r.setup().recipeSha256().equals(now)) {
            warnings.add("recipe " + r.setup().recipe() + " changed since the cell ran (SHA-256 "
                    + r.setup().recipeSha256() + ", now " + now + "): the replay runs the recipe as it is now");
        }
        OsSpec pinned = Engine.inContainer(os) ? new OsSpec(os.id(), pinnedImage(r), os.executor(), os.family()) : os;
        Cell cell = new Cell(matrix.name(), pinned, method.withParameters(r.setup().parameters()),
                PythonVersion.parseOrNull(r.identity().python()), r.identity().repeat(), matrix.timeout(),
                matrix.network(), method.smoke().applyTo(matrix.smoke()));
        return new Replay(matrix, Matrices.withSecrets(List.of(cell), environment).get(0), warnings);
    }

    /** The recorded digest: {@code repo@sha256:...} from a registry, or the image id {@code sha256:...}. */
    private static String pinnedImage(CellResult r) {
        if (r.setup().imageDigest() == null) {
            throw new ReproException("cell " + r.identity().cell()
                    + " recorded no image digest (its image was never resolved);"
                    + " there is no exact image to replay it on; replay with 'ftmatrix repro --report FILE.yaml'");
        }
        return r.setup().imageDigest();
    }

    /**
     * Whether {@code actual} is the expected failure: the same outcome, the same category when one is expected,
     * and the expected text (when given) in the output of the cell's steps (its log after the inputs).
     */
    public static Verdict compare(String outcome, String category, String text, CellResult actual, Path runDir) {
        Objects.requireNonNull(outcome, "outcome");
        List<String> reasons = new ArrayList<>();
        boolean same = actual.verdict().outcome().name().equals(outcome);
        reasons.add(same ? "outcome " + outcome + ", as expected"
                : "outcome " + actual.verdict().outcome() + ", expected " + outcome);
        String actualCategory = actual.verdict().failure() == null ? null : actual.verdict().failure().category();
        if (category != null) {
            boolean sameCategory = category.equals(actualCategory);
            reasons.add(sameCategory ? "category " + category + ", as expected"
                    : "category " + (actualCategory == null ? "none" : actualCategory) + ", expected " + category);
            same &= sameCategory;
        }
        if (text != null) {
            boolean found = stepOutput(actual, runDir).contains(text);
            reasons.add("text \"" + text + "\" " + (found ? "found" : "not found") + " in the step output of "
                    + (actual.execution().log() == null ? "(none was written)"
                            : runDir.resolve(actual.execution().log())));
            same &= found;
        }
        return new Verdict(same, reasons);
    }

    /** The log after its header of inputs, which would match any text taken from a parameter. */
    private static String stepOutput(CellResult r, Path runDir) {
        if (r.execution().log() == null) {
            return "";
        }
        try {
            String log = Files.readString(runDir.resolve(r.execution().log()), StandardCharsets.UTF_8);
            int steps = log.indexOf("\n== ");
            return steps < 0 ? "" : log.substring(steps);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log " + runDir.resolve(r.execution().log()), e);
        }
    }

    /** The recorded cell cannot be rebuilt as given: a usage problem whose message says what to do. */
    public static class ReproException extends BadInputException {
        private static final long serialVersionUID = 1L;

        public ReproException(String message) {
            super(message);
        }
    }
}
