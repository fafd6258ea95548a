package dev.ftmatrix.cli;

import dev.ftmatrix.engine.PullPolicy;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.matrix.Matrix;
import dev.ftmatrix.recipe.RecipeCatalog;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.RunRequest;
import dev.ftmatrix.results.RunService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs every cell of a matrix in its own container: install with the recipe, then the smoke",
            "probe. Each finished cell is appended to DIR/cells.jsonl at once, with its log in DIR/logs/;",
            "DIR/run.json describes the run. Exit 0 when every cell was executed, whatever its outcome."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Matrix file (YAML).")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Result directory (default: results/<run-id>/). Never overwritten.")
    Path out;

    @Option(names = "--parallel", paramLabel = "N", description = "Cells at once (default: the matrix's 'parallel').")
    Integer parallel;

    @Mixin
    CellSelection selection = new CellSelection();

    @Option(names = "--pull", defaultValue = "missing", paramLabel = "POLICY",
            description = "never, missing or always: when to pull a cell's image. Default: ${DEFAULT-VALUE}.")
    PullPolicy pull;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "STYLE",
            description = "auto, bar or plain. auto draws a bar on a terminal and plain lines otherwise.")
    ConsoleProgress.Style progress;

    @Option(names = "--reuse-installs",
            description = {"Start each cell from a cached install where one matches (same image digest, recipe content,",
                "parameters and Python version), and cache every successful install as a local image. Off by default:",
                "a reliability run measures the install itself. Results mark reused installs. Remove the cache with",
                "'ftmatrix images prune'."})
    boolean reuseInstalls;

    @Option(names = "--retries", paramLabel = "N",
            description = {"More attempts for a cell the machine failed (INFRA_ERROR: daemon, image, oom,",
                "missing-exit-code), 2 s, 4 s, 8 s... apart. Default: the matrix's 'retries' (2). 0: no retries."})
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
        Matrix matrix = selection.apply(Matrices.load(file, catalog.names()));
        List<Cell> cells = selection.cells(matrix);
        String runId = RunService.newRunId();
        Path dir = out != null ? out : Path.of("results", runId);
        int n = parallel != null ? parallel : matrix.parallel();
        PrintWriter stdout = spec.commandLine().getOut();
        String shard = selection.shard == null ? "" : " (shard " + selection.shard + ")";
        stdout.println("ftmatrix run " + runId + ": " + cells.size() + " cells of " + matrix.name() + shard + ", parallel "
                + n + ", results in " + dir);
        ConsoleProgress console = new ConsoleProgress(stdout, progress.resolve(), cells.size());
        RunService.RunReport report = RunService.run(
                new RunRequest(matrix, cells, runId, dir, n, pull, selection.only, selection.shard, catalog,
                        retries != null ? retries : matrix.retries(), reuseInstalls),
                console);
        console.finish();
        printSummary(stdout, report);
        return ExitCodes.OK;
    }

    private static void printSummary(PrintWriter out, RunService.RunReport report) {
        Table t = new Table("CELL", "TIER", "OUTCOME", "TIME", "DETAIL");
        for (CellResult r : report.results()) {
            String detail = r.failure() == null ? passDetail(r) : r.failure().category() + ": " + r.failure().detail();
            t.row(r.cell(), r.tier(), r.outcome().name(), Formats.seconds(r.durations().totalS()), Formats.clip(detail));
        }
        out.println();
        t.print(out);
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
