package dev.ftmatrix.cli;

import static dev.ftmatrix.report.Figures.plural;

import dev.ftmatrix.report.JunitReport;
import dev.ftmatrix.report.PlannedCells;
import dev.ftmatrix.report.Reports;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.results.RunInfo;
import dev.ftmatrix.results.RunJournal;
import dev.ftmatrix.results.RunStatus;
import dev.ftmatrix.results.history.HistoryInvalidException;
import dev.ftmatrix.results.history.HistoryLocation;
import dev.ftmatrix.results.history.HistoryStore;
import dev.ftmatrix.results.history.HistoryUnavailableException;
import dev.ftmatrix.stats.BuildVerdict;
import dev.ftmatrix.stats.Statistics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Reliability per method and installation tier, the claimed tier ranking checked against the"
                + " results, and reports for Jenkins and people.",
            "",
            "Reads RESULTS (result directories of run or merge, or their cells.jsonl files) and writes into --out:",
            "  report.json  every statistic, stable snake_case field names (docs/reports.md)",
            "  junit.xml    one testcase per trial for Jenkins' junit step",
            "  report.md    a summary for a build description or a pull-request comment",
            "  report.html  one self-contained page with charts (opens from disk, no network)",
            "Same input, byte-identical output. Infrastructure errors, simulated results, reused installs and controls"
                    + " never count as trials of a method.",
            "",
            "With --fail-on, the exit code is the build's colour: 0 SUCCESS, " + ExitCodes.VERDICT_UNSTABLE
                    + " UNSTABLE, " + ExitCodes.VERDICT_FAILURE + " FAILURE, with the reasons in verdict.txt and on"
                    + " the output. The reports are written either way."},
        footer = {"", "Example: ftmatrix report results/merged --out reports"})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RESULTS", description = "Result directories or cells.jsonl files.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory for the reports; created if missing, earlier reports in it are replaced.")
    Path out;

    @Option(names = "--title", paramLabel = "TEXT",
            description = "Heading of report.md and report.html. Default: 'ftmatrix report: <matrix names>'.")
    String title;

    @Option(names = "--history", paramLabel = "PATH_OR_URL",
            description = {"Add the tier trend of these matrices' runs from the history (a SQLite file or a JDBC URL;"
                    + " see 'ftmatrix history'): a history section in report.json, a table in report.md,"
                    + " a chart and a table in report.html.",
                "Import the results first for this run to appear in it."})
    String history;

    @Option(names = "--history-from-env",
            description = "As --history, with the location read from $" + HistoryLocation.ENV + ", so that a"
                    + " URL with a password stays off the command line.")
    boolean historyFromEnv;

    @Option(names = "--planned", arity = "1..*", paramLabel = "PLAN.json",
            description = "Plans (ftmatrix plan MATRIX --format json [--shard I/N]) of the cells the results should"
                    + " hold: a planned cell with no result is a skipped testcase in junit.xml naming its shard.")
    List<Path> planned = List.of();

    @Option(names = "--fail-on", split = ",", paramLabel = "CONDITION",
            description = {"Decide the build's colour from the results (exit code, verdict.txt). UNSTABLE: control (a"
                    + " negative control not caught), ranking (a claimed tier ranking contradicted), regression (a"
                    + " method worse than in the history's earlier runs, P >= 0.95; needs a history), history (the"
                    + " history could not be read: the reports are written without it). FAILURE: infra (more"
                    + " infrastructure errors than --max-infra-errors), incomplete (a shard missing or a run not"
                    + " finished, from run.json)."})
    Set<BuildVerdict.Condition> failOn = EnumSet.noneOf(BuildVerdict.Condition.class);

    @Option(names = "--max-infra-errors", paramLabel = "PERCENT", defaultValue = "10",
            description = "With --fail-on infra: the largest share of results that may be infrastructure errors."
                    + " Default: ${DEFAULT-VALUE}.")
    double maxInfraErrors;

    @Option(names = "--junit-log-tails", paramLabel = "N", defaultValue = "" + JunitReport.DEFAULT_TAILS_PER_METHOD,
            description = {"How many failures of each method carry the last 4 KiB of their log in junit.xml: the"
                    + " latest N in input order (default: ${DEFAULT-VALUE}); the others name their log file. 0: none."})
    int junitLogTails;

    @Option(names = "--junit-group-repeats",
            description = {"In junit.xml, one testcase per os, method and python with the count of its repeats"
                    + " (e.g. 'debian-trixie/3.13t (5 repeats)'), failed when any repeat failed, listing which and"
                    + " their logs; tests= then counts these groups, and each suite's properties count the cells."
                    + " Default: one testcase per cell."})
    boolean junitGroupRepeats;

    @Override
    public Integer call() {
        if (junitLogTails < 0) {
            throw new UsageException("--junit-log-tails must be 0 or more (got " + junitLogTails + ")");
        }
        JunitReport.Limits limits = new JunitReport.Limits(junitLogTails, junitGroupRepeats);
        if (!(maxInfraErrors >= 0 && maxInfraErrors <= 100)) {
            throw new UsageException("--max-infra-errors must be a percentage from 0 to 100, got " + maxInfraErrors);
        }
        if (history != null && historyFromEnv) {
            throw new UsageException("give --history or --history-from-env, not both");
        }
        List<PlannedCells.Planned> plan = PlannedCells.read(planned);
        Reports.Written written = null;
        String historyProblem = null;
        if (history == null && !historyFromEnv) {
            written = Reports.write(inputs, out, title, null, plan, limits);
        } else {
            try (HistoryStore store = HistoryStore.open(HistoryLocation.resolve(historyFromEnv ? null : history,
                    System.getenv()), HistoryStore.Access.EXISTING)) {
                written = Reports.write(inputs, out, title, store, plan, limits);
            } catch (HistoryUnavailableException | HistoryInvalidException e) {
                if (!failOn.contains(BuildVerdict.Condition.history)) {
                    throw e;
                }
                historyProblem = e.getMessage();
                written = Reports.write(inputs, out, title, null, plan, limits);
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        for (Reports.Input in : written.inputs()) {
            o.println("read     " + in.path() + ": " + in.results() + " results"
                    + (in.tornLastLine() ? " (skipped a torn last line: the run was killed while writing it)" : ""));
        }
        Statistics.Totals t = written.statistics().totals();
        o.println(String.format(Locale.ROOT, "trials   %d (%d passed); not counted: %d infra errors, %d simulated,"
                + " %d reused installs, %d control trials", t.trials(), t.passes(), t.infraErrors(), t.simulated(),
                t.reusedInstalls(), t.controlTrials()));
        for (Statistics.RankingCheck r : written.statistics().ranking()) {
            o.println("ranking  tier " + r.higherTier() + " > tier " + r.lowerTier() + ": "
                    + r.verdict().replace('_', ' ')
                    + (r.probability() == null ? "" : String.format(Locale.ROOT, " (P = %.3f)", r.probability())));
        }
        if (written.history() != null) {
            int runs = written.history().periods().size();
            o.println("history  " + plural(runs, "run") + " of "
                    + String.join(", ", written.statistics().totals().matrices()) + " in the trend");
        }
        written.files().forEach(f -> o.println("wrote    " + f));
        if (failOn.isEmpty()) {
            return ExitCodes.OK;
        }
        BuildVerdict verdict = BuildVerdict.judge(written.statistics(), written.history(), historyProblem,
                incompleteRuns(), maxInfraErrors / 100, failOn);
        Path file = out.resolve(VERDICT);
        try {
            Files.writeString(file, verdict.status() + "\n" + String.join("\n", verdict.reasons())
                    + (verdict.reasons().isEmpty() ? "" : "\n"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        o.println("verdict  " + verdict.status());
        verdict.reasons().forEach(r -> o.println("         " + r));
        o.println("wrote    " + file);
        return switch (verdict.status()) {
            case SUCCESS -> ExitCodes.OK;
            case UNSTABLE -> ExitCodes.VERDICT_UNSTABLE;
            case FAILURE -> ExitCodes.VERDICT_FAILURE;
        };
    }

    /** The build's verdict with --fail-on: its status on the first line, then one reason a line. */
    static final String VERDICT = "verdict.txt";

    /** The input result directories whose run.json is not complete, each with why. */
    private List<String> incompleteRuns() {
        List<String> incomplete = new ArrayList<>();
        for (Path input : inputs) {
            Path runJson = input.resolve(RunJournal.RUN);
            if (!Files.isRegularFile(runJson)) {
                continue;
            }
            RunInfo info;
            try {
                info = Json.MAPPER.readValue(runJson.toFile(), RunInfo.class);
            } catch (IOException e) {
                throw new UsageException(runJson + ": not a run description: " + e.getMessage().lines().findFirst()
                        .orElse(""));
            }
            if (info.status() == RunStatus.COMPLETE) {
                continue;
            }
            List<String> why = new ArrayList<>();
            if (info.mergedFrom().isEmpty()) {
                why.add("it is " + info.status());
            }
            info.mergedFrom().stream().filter(r -> r.status() != RunStatus.COMPLETE)
                    .forEach(r -> why.add("run " + r.runId() + (r.shard() == null ? "" : " (shard " + r.shard() + ")")
                            + " is " + r.status()));
            if (why.isEmpty()) {
                why.add("a shard is missing (ftmatrix merge names it)");
            }
            incomplete.add(input + ": run " + info.runId() + " is " + info.status() + ": " + String.join("; ", why));
        }
        return incomplete;
    }
}
