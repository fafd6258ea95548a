package dev.ftmatrix.cli;

import static dev.ftmatrix.report.Figures.plural;

import dev.ftmatrix.report.Reports;
import dev.ftmatrix.results.history.HistoryLocation;
import dev.ftmatrix.results.history.HistoryStore;
import dev.ftmatrix.stats.Statistics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
                    + " never count as trials of a method."},
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

    @Override
    public Integer call() {
        Reports.Written written;
        if (history == null) {
            written = Reports.write(inputs, out, title);
        } else {
            try (HistoryStore store = HistoryStore.open(HistoryLocation.resolve(history, System.getenv()),
                    HistoryStore.Access.EXISTING)) {
                written = Reports.write(inputs, out, title, store);
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
        return ExitCodes.OK;
    }
}
