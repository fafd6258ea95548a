package dev.ftmatrix.cli;

import dev.ftmatrix.engine.Engine;
import dev.ftmatrix.engine.Inspection;
import dev.ftmatrix.engine.PullPolicy;
import dev.ftmatrix.engine.Shell;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.matrix.Matrix;
import dev.ftmatrix.matrix.ReproReport;
import dev.ftmatrix.matrix.ReproReports;
import dev.ftmatrix.recipe.RecipeCatalog;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.run.Repro;
import dev.ftmatrix.run.RunRequest;
import dev.ftmatrix.run.RunService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "repro", mixinStandardHelpOptions = true,
        description = {"Runs one cell again to reproduce its failure: a recorded cell"
            + " (RESULTS CELL-ID) on the exact image it ran on, or a failure someone"
            + " reported (--report FILE.yaml). Prints the new outcome beside the expected"
            + " one. Exit 0 when it reproduced, 4 when it did not."})
final class ReproCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..2", paramLabel = "RESULTS CELL-ID",
            description = "A result directory (or its cells.jsonl) and the id of one of its cells.")
    List<String> recorded = List.of();

    @Option(names = "--report", paramLabel = "FILE",
            description = "A reported failure to replay (YAML: image, method, python, expected).")
    Path report;

    @Option(names = "--keep", description = "Leave the container for inspection, labelled dev.ftmatrix.keep=true,"
            + " and print the command to enter it.")
    boolean keep;

    @Option(names = "--shell", description = "Open bash in the container after the last step (a failing step is the"
            + " last); stdin is piped to it when not a terminal. The container is removed afterwards unless --keep.")
    boolean shell;

    @Option(names = "--out", paramLabel = "DIR", description = "Result directory (default: results/<run-id>/).")
    Path out;

    @Option(names = "--pull", defaultValue = "missing", paramLabel = "POLICY",
            description = "For --report: never, missing or always. A recorded cell's pinned image is never pulled"
                    + " by id. Default: ${DEFAULT-VALUE}.")
    PullPolicy pull;

    @Mixin
    ContainersOption containers = new ContainersOption();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        RecipeCatalog catalog = containers.catalog();
        Expected expected;
        Matrix matrix;
        Cell cell;
        if (report != null) {
            if (!recorded.isEmpty()) {
                throw new UsageException("give either RESULTS CELL-ID or --report FILE, not both");
            }
            ReproReport r = ReproReports.load(report, catalog.names(), Arrays.stream(Outcome.values())
                    .map(Outcome::name).collect(Collectors.toCollection(TreeSet::new)));
            matrix = r.matrix();
            cell = Matrices.withSecrets(List.of(r.cell()), System.getenv()).get(0);
            expected = new Expected(r.outcome(), r.category(), r.text(), "reported");
        } else {
            if (recorded.size() != 2) {
                throw new UsageException("repro needs RESULTS CELL-ID (a result directory and a cell id) or --report"
                        + " FILE; run 'ftmatrix repro --help' for usage");
            }
            Repro.Recorded rec = Repro.find(Path.of(recorded.get(0)), recorded.get(1));
            Repro.Replay replay = Repro.replay(rec, catalog, System.getenv());
            replay.warnings().forEach(w -> stderr.println("warning: " + w));
            matrix = replay.matrix();
            cell = replay.cell();
            CellResult r = rec.result();
            expected = new Expected(r.verdict().outcome().name(), r.verdict().failure() == null ? null
                    : r.verdict().failure().category(), null,
                    "recorded (run " + r.identity().runId() + ", attempt " + r.identity().attempt() + ")");
        }
        return replay(matrix, cell, expected, catalog, stdout, stderr);
    }

    /** What the replay is compared with, and where that came from. */
    private record Expected(String outcome, String category, String text, String source) {
    }

    private int replay(Matrix matrix, Cell cell, Expected expected, RecipeCatalog catalog, PrintWriter stdout,
            PrintWriter stderr) {
        String runId = RunService.newRunId();
        Path dir = out != null ? out : Path.of("results", runId);
        boolean terminal = System.console() != null;
        Inspection inspection = new Inspection(keep, shell ? new Shell(System.in, stdout, stderr, terminal) : null);
        stdout.println("ftmatrix repro " + runId + ": " + cell.id() + " on "
                + (Engine.inContainer(cell.os()) ? cell.os().image() : "this host") + ", results in " + dir);
        ConsoleProgress console = new ConsoleProgress(stdout, ConsoleProgress.Style.plain, 1);
        RunService.RunReport run = RunService.run(new RunRequest(matrix, List.of(cell), runId, dir, 1, pull, null, null, null,
                catalog, matrix.retries(), false, null), console, inspection);
        CellResult result = run.results().get(0);
        Repro.Verdict verdict = Repro.compare(expected.outcome(), expected.category(), expected.text(), result,
                run.journal().dir());
        stdout.println();
        stdout.println(expected.source() + ": " + outcome(expected.outcome(), expected.category()));
        stdout.println("now: " + outcome(result.verdict().outcome().name(),
                result.verdict().failure() == null ? null : result.verdict().failure().category())
                + (result.verdict().failure() == null ? "" : " " + Formats.clip(result.verdict().failure().detail())));
        stdout.println("reproduced: " + (verdict.reproduced() ? "yes" : "no") + " (" + String.join("; ",
                verdict.reasons()) + ")");
        stdout.println("log: " + run.journal().dir().resolve(result.execution().log() == null ? "logs"
                : result.execution().log()));
        if (keep && Engine.inContainer(cell.os())) {
            String name = Engine.containerName(runId, "1");
            stdout.println("container kept: " + String.join(" ", Shell.command(name, true))
                    + "   (remove it with: docker rm -f " + name + ")");
        }
        return verdict.reproduced() ? ExitCodes.OK : ExitCodes.NOT_REPRODUCED;
    }

    private static String outcome(String outcome, String category) {
        return category == null ? outcome : outcome + " (" + category + ")";
    }
}
