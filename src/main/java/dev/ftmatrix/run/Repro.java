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
            ids.add(r.cell());
            if (r.cell().equals(cellId)) {
                attempts.add(r);
            }
        });
        CellResult last = attempts.stream().max(java.util.Comparator.comparingInt(CellResult::attempt)).orElseThrow(
                () -> new ReproException("no cell '" + cellId + "' in " + ResultsReader.cellsFile(results)
                        + "; its cells are " + (ids.isEmpty() ? "none" : String.join(", ", ids))));
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
        OsSpec os = matrix.os().stream().filter(o -> o.id().equals(r.os())).findFirst().orElseThrow(
                () -> new ReproException(file + " no longer has the os '" + r.os() + "' of cell " + r.cell()
                        + "; restore it in the file, or replay with 'ftmatrix repro --report FILE.yaml'"));
        MethodSpec method = matrix.methods().stream().filter(m -> m.id().equals(r.method())).findFirst().orElseThrow(
                () -> new ReproException(file + " no longer has the method '" + r.method() + "' of cell " + r.cell()
                        + "; restore it in the file, or replay with 'ftmatrix repro --report FILE.yaml'"));
        if (!method.recipe().equals(r.recipe())) {
            throw new ReproException("method '" + r.method() + "' in " + file + " now runs recipe '" + method.recipe()
                    + "', but cell " + r.cell() + " ran '" + r.recipe() + "'; restore the method, or replay with"
                    + " 'ftmatrix repro --report FILE.yaml'");
        }
        String now = catalog.require(r.recipe()).contentSha256();
        if (r.recipeSha256() != null && !r.recipeSha256().equals(now)) {
            warnings.add("recipe " + r.recipe() + " changed since the cell ran (SHA-256 " + r.recipeSha256()
                    + ", now " + now + "): the replay runs the recipe as it is now");
        }
        OsSpec pinned = Engine.inContainer(os) ? new OsSpec(os.id(), pinnedImage(r), os.executor(), os.family()) : os;
        Cell cell = new Cell(matrix.name(), pinned, method.withParameters(r.parameters()),
                PythonVersion.parseOrNull(r.python()), r.repeat(), matrix.timeout(), matrix.network(),
                method.smoke().applyTo(matrix.smoke()));
        return new Replay(matrix, Matrices.withSecrets(List.of(cell), environment).get(0), warnings);
    }

    /** The recorded digest: {@code repo@sha256:...} from a registry, or the image id {@code sha256:...}. */
    private static String pinnedImage(CellResult r) {
        if (r.imageDigest() == null) {
            throw new ReproException("cell " + r.cell() + " recorded no image digest (its image was never resolved);"
                    + " there is no exact image to replay it on; replay with 'ftmatrix repro --report FILE.yaml'");
        }
        return r.imageDigest();
    }

    /**
     * Whether {@code actual} is the expected failure: the same outcome, the same category when one is expected,
     * and the expected text (when given) in the output of the cell's steps (its log after the inputs).
     */
    public static Verdict compare(String outcome, String category, String text, CellResult actual, Path runDir) {
        Objects.requireNonNull(outcome, "outcome");
        List<String> reasons = new ArrayList<>();
        boolean same = actual.outcome().name().equals(outcome);
        reasons.add(same ? "outcome " + outcome + ", as expected"
                : "outcome " + actual.outcome() + ", expected " + outcome);
        String actualCategory = actual.failure() == null ? null : actual.failure().category();
        if (category != null) {
            boolean sameCategory = category.equals(actualCategory);
            reasons.add(sameCategory ? "category " + category + ", as expected"
                    : "category " + (actualCategory == null ? "none" : actualCategory) + ", expected " + category);
            same &= sameCategory;
        }
        if (text != null) {
            boolean found = stepOutput(actual, runDir).contains(text);
            reasons.add("text \"" + text + "\" " + (found ? "found" : "not found") + " in the step output of "
                    + (actual.log() == null ? "(none was written)" : runDir.resolve(actual.log())));
            same &= found;
        }
        return new Verdict(same, reasons);
    }

    /** The log after its header of inputs, which would match any text taken from a parameter. */
    private static String stepOutput(CellResult r, Path runDir) {
        if (r.log() == null) {
            return "";
        }
        try {
            String log = Files.readString(runDir.resolve(r.log()), StandardCharsets.UTF_8);
            int steps = log.indexOf("\n== ");
            return steps < 0 ? "" : log.substring(steps);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log " + runDir.resolve(r.log()), e);
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
