package dev.ftmatrix.cli;

import dev.ftmatrix.engine.PullPolicy;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.matrix.Matrix;
import dev.ftmatrix.matrix.Shard;
import dev.ftmatrix.recipe.RecipeCatalog;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.ResultsReader;
import dev.ftmatrix.results.RunInfo;
import dev.ftmatrix.results.RunJournal;
import dev.ftmatrix.results.RunStatus;
import dev.ftmatrix.run.ResumePlan;
import dev.ftmatrix.run.RunRequest;
import dev.ftmatrix.run.RunService;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs every cell of a matrix in its own container: install with the recipe, then the smoke"
            + " probe. Each finished cell is appended to DIR/cells.jsonl at once, with its log in DIR/logs/;"
            + " DIR/run.json describes the run. Exit 0 when every cell was executed, whatever its outcome.",
            "SIGINT/SIGTERM stop the run: running cells are recorded as interrupted and"
            + " their containers removed; 'run --resume DIR' finishes it. Containers of runs"
            + " whose process is gone are removed first."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "Matrix file (YAML); not with --resume.")
    Path file;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Finish the run in DIR (interrupted or killed): run its cells that have no result or whose"
                    + " last attempt is INFRA_ERROR, appending to DIR/cells.jsonl. The matrix file, --only, --skip,"
                    + " --repeats and --shard come from DIR/run.json; --parallel and --pull default to the run's.")
    Path resume;

    @Option(names = "--allow-changed-matrix",
            description = "With --resume: resume even though the matrix file changed since the run started.")
    boolean allowChangedMatrix;

    @Option(names = "--out", paramLabel = "DIR", description = "Result directory (default: results/<run-id>/). Never overwritten.")
    Path out;

    @Option(names = "--parallel", paramLabel = "N", description = "Cells at once (default: the matrix's 'parallel').")
    Integer parallel;

    @Mixin
    CellSelection selection = new CellSelection();

    @Option(names = "--pull", paramLabel = "POLICY",
            description = "never, missing or always: when to pull a cell's image. Default: missing (with --resume: the run's).")
    PullPolicy pull;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "STYLE",
            description = "auto, bar or plain. auto draws a bar on a terminal and plain lines otherwise.")
    ConsoleProgress.Style progress;

    @Option(names = "--reuse-installs",
            description = {"Start each cell from a cached install where one matches (same image digest, recipe content,"
                + " parameters and Python version), and cache every successful install as a local image. Off by default:"
                + " a reliability run measures the install itself. Results mark reused installs. Remove the cache with"
                + " 'ftmatrix images prune'."})
    boolean reuseInstalls;

    @Option(names = "--retries", paramLabel = "N",
            description = {"More attempts for a cell the machine failed (INFRA_ERROR: daemon, image, oom,"
                + " missing-exit-code), 2 s, 4 s, 8 s... apart. Default: the matrix's 'retries' (2). 0: no retries."})
    Integer retries;

    @Mixin
    ContainersOption containers = new ContainersOption();

    @Override
    public Integer call() {
        if (parallel != null && parallel < 1) {
            throw new UsageException("--parallel must be at least 1, got " + parallel);
        }
        if (retries != null && (retries < 0 || retries > Matrices.MAX_RETRIES)) {
            throw new UsageException("--retries must be from 0 to " + Matrices.MAX_RETRIES + ", got " + retries);
        }
        RecipeCatalog catalog = containers.catalog();
        if (resume != null) {
            return resume(catalog);
        }
        if (file == null) {
            throw new UsageException("ftmatrix run: give a matrix FILE, or --resume DIR to finish an interrupted run");
        }
        if (allowChangedMatrix) {
            throw new UsageException("--allow-changed-matrix goes with --resume DIR");
        }
        Matrix matrix = selection.apply(Matrices.load(file, catalog.platforms()));
        List<Cell> cells = Matrices.withSecrets(selection.cells(matrix), System.getenv());
        String runId = RunService.newRunId();
        Path dir = out != null ? out : Path.of("results", runId);
        int n = parallel != null ? parallel : matrix.parallel();
        PrintWriter stdout = spec.commandLine().getOut();
        String shard = selection.shard == null ? "" : " (shard " + selection.shard + ")";
        stdout.println("ftmatrix run " + runId + ": " + cells.size() + " cells of " + matrix.name() + shard + ", parallel "
                + n + ", results in " + dir);
        return execute(new RunRequest(matrix, cells, runId, dir, n, pull == null ? PullPolicy.MISSING : pull,
                selection.onlyText(), selection.skipText(), selection.shard, catalog, retries != null ? retries : matrix.retries(), reuseInstalls,
                null));
    }

    /** Re-derives the run's cells exactly as it chose them, from its run.json, and runs what is left. */
    private int resume(RecipeCatalog catalog) {
        if (file != null || out != null || !selection.only.isEmpty() || !selection.skip.isEmpty()
                || selection.repeats != null || selection.shard != null) {
            throw new UsageException("--resume " + resume + " takes the matrix file, --out, --only, --skip, --repeats and"
                    + " --shard from " + resume.resolve(RunJournal.RUN) + "; leave them out");
        }
        RunInfo info = RunJournal.readRunInfo(resume);
        PrintWriter stdout = spec.commandLine().getOut();
        if (info.status() == RunStatus.COMPLETE) {
            stdout.println("run " + info.runId() + " in " + resume + " is complete (" + info.cellsFinished()
                    + " cells): nothing to resume");
            return ExitCodes.OK;
        }
        Path matrixFile = Path.of(info.matrixFile());
        if (!Files.isRegularFile(matrixFile)) {
            throw new UsageException(resume.resolve(RunJournal.RUN) + ": matrix_file '" + info.matrixFile()
                    + "' does not exist here; run --resume from the directory the run was started in");
        }
        String sha = RunService.sha256(matrixFile);
        if (!sha.equals(info.matrixSha256()) && !allowChangedMatrix) {
            throw new UsageException(matrixFile + " changed since run " + info.runId() + " started (SHA-256 "
                    + info.matrixSha256() + " in " + resume.resolve(RunJournal.RUN) + ", now " + sha
                    + "): its cells could differ from the run's. Restore the file, start a new run, or pass"
                    + " --allow-changed-matrix to resume with the file as it is");
        }
        CellSelection recorded = new CellSelection();
        recorded.only = CellSelection.recorded(info.only());
        recorded.skip = CellSelection.recorded(info.skip());
        recorded.repeats = info.repeats();
        recorded.shard = info.shard() == null ? null : Shard.parse(info.shard());
        // run.json does not record --executor: the resume names it again, and the plan's size must match.
        recorded.executor = selection.executor;
        Matrix matrix = recorded.apply(Matrices.load(matrixFile, catalog.platforms()));
        List<Cell> cells = recorded.cells(matrix);
        if (sha.equals(info.matrixSha256()) && cells.size() != info.cellsPlanned()) {
            throw new UsageException("run " + info.runId() + " planned " + info.cellsPlanned() + " cells, but "
                    + "the unchanged " + matrixFile + " gives " + cells.size() + (selection.executor == null ? ""
                    : " with --executor " + selection.executor) + "; a run started with --executor is resumed with"
                    + " the same --executor");
        }
        List<CellResult> results = new ArrayList<>();
        ResultsReader.read(resume, results::add);
        ResumePlan plan = ResumePlan.of(info, cells, results);
        int n = parallel != null ? parallel : info.parallel();
        PullPolicy policy = pull != null ? pull : PullPolicy.valueOf(info.pull().toUpperCase(Locale.ROOT));
        stdout.println("ftmatrix run --resume " + info.runId() + ": " + plan.remaining().size() + " of "
                + plan.planned().size() + " cells of " + matrix.name() + " to run, parallel " + n + ", results in "
                + resume);
        return execute(new RunRequest(matrix, plan.remaining(), info.runId(), resume, n, policy, info.only(), info.skip(),
                recorded.shard, catalog, retries != null ? retries : matrix.retries(), reuseInstalls, plan));
    }

    private int execute(RunRequest request) {
        PrintWriter stdout = spec.commandLine().getOut();
        ConsoleProgress console = new ConsoleProgress(stdout, progress.resolve(), request.cells().size());
        RunService.RunReport report = RunService.run(request, console);
        console.finish();
        if (report.info().status() == RunStatus.INTERRUPTED) {
            return ExitCodes.INTERRUPTED;
        }
        printSummary(stdout, report);
        return ExitCodes.OK;
    }

    private static void printSummary(PrintWriter out, RunService.RunReport report) {
        Table t = new Table("CELL", "TIER", "OUTCOME", "TIME", "DETAIL");
        Table notApplicable = new Table("CELL", "TIER", "WHY");
        for (CellResult r : report.results()) {
            if (r.verdict().outcome() == Outcome.NOT_APPLICABLE) {
                notApplicable.row(r.identity().cell(), r.identity().tier(), r.verdict().failure() == null ? ""
                        : r.verdict().failure().detail());
                continue;
            }
            String detail = r.verdict().failure() == null ? passDetail(r) : r.verdict().failure().category() + ": "
                    + r.verdict().failure().detail();
            t.row(r.identity().cell(), r.identity().tier(), r.verdict().outcome().name(),
                    Formats.seconds(r.execution().durations().totalS()), Formats.clip(detail));
        }
        out.println();
        t.print(out);
        if (notApplicable.rows() > 0) {
            out.println();
            out.println("Not applicable on this machine (not run, no trial of any method):");
            notApplicable.print(out);
        }
        out.println();
        out.println("outcomes: " + report.info().outcomes());
        out.println("results:  " + report.journal().dir().resolve("cells.jsonl"));
        out.println("logs:     " + report.journal().dir().resolve("logs"));
    }

    private static String passDetail(CellResult r) {
        if (r.probe() == null || r.probe().threads() == null) {
            return "";
        }
        return String.format("Py_GIL_DISABLED=%s, %d threads: %.2fx", r.probe().pyGilDisabled(),
                r.probe().threads().n(), r.probe().threads().speedup());
    }
}
