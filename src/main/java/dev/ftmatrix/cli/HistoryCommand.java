package dev.ftmatrix.cli;

import static dev.ftmatrix.report.Figures.plural;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ftmatrix.report.Figures;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.results.history.HistoryStore;
import dev.ftmatrix.stats.Flakiness;
import dev.ftmatrix.stats.HistoryStatistics;
import dev.ftmatrix.stats.HistoryTrend;
import dev.ftmatrix.stats.TierLabels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Keeps every run in a history database and reads trends and flaky cells from it.",
            "",
            "The history is one SQLite file by default, or any JDBC URL (PostgreSQL) for a team. One writer at a time:"
                    + " import in the stage that merges or reports, not from every shard."},
        subcommands = {HistoryCommand.Import.class, HistoryCommand.Trend.class, HistoryCommand.Flaky.class})
final class HistoryCommand implements Callable<Integer> {
    private static final Figures FIGURES = Figures.TEXT;
    enum Format { table, json }

    enum Grouping {
        run(HistoryTrend.By.RUN), week(HistoryTrend.By.WEEK);

        final HistoryTrend.By by;

        Grouping(HistoryTrend.By by) {
            this.by = by;
        }
    }

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Adds runs to the history: every line of their cells.jsonl, with run.json's metadata.",
                "Importing a run again changes nothing; a run imported while unfinished gains its later cells."
                        + " All inputs in one transaction: all of them are imported, or on an error none.",
                "A line that differs from the stored result of its run, cell and attempt refuses the import (exit 2),"
                        + " naming it; with --keep-stored the rest is imported and the stored result stays."},
            footer = {"", "Example: ftmatrix history import results/merged --history results/history.sqlite"})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "RESULTS", description = "Result directories or cells.jsonl files.")
        List<Path> inputs;

        @Option(names = "--keep-stored", description = "Import even when lines differ from the stored results of"
                + " their run, cell and attempt: the stored results stay, and the differing lines are listed.")
        boolean keepStored;

        @Mixin
        HistoryOption history = new HistoryOption();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            HistoryStore.OnConflict onConflict = keepStored ? HistoryStore.OnConflict.KEEP_STORED
                    : HistoryStore.OnConflict.REFUSE;
            try (HistoryStore store = history.open(HistoryStore.Access.CREATE)) {
                for (HistoryStore.ImportSummary s : store.importResults(inputs, onConflict)) {
                    out.println("imported " + s.input() + ": " + s.results() + " results, " + s.added() + " new, "
                            + s.alreadyPresent() + " already present" + runs(s)
                            + (s.tornLastLine() ? " (skipped a torn last line: the run was killed while writing it)"
                                    : ""));
                    for (HistoryStore.Conflict c : s.conflicts()) {
                        out.println("  kept the stored result of " + c);
                    }
                }
                HistoryStore.Size size = store.size();
                out.println("history  " + store.location().display() + ": " + plural(size.runs(), "run") + ", "
                        + plural(size.results(), "result"));
            }
            return ExitCodes.OK;
        }

        private static String runs(HistoryStore.ImportSummary s) {
            List<String> parts = new ArrayList<>();
            if (!s.newRuns().isEmpty()) {
                parts.add(runList(s.newRuns()) + " new");
            }
            if (!s.updatedRuns().isEmpty()) {
                parts.add(runList(s.updatedRuns()) + " updated");
            }
            if (!s.unchangedRuns().isEmpty()) {
                parts.add(runList(s.unchangedRuns()) + " already present");
            }
            return parts.isEmpty() ? "" : "; " + String.join("; ", parts);
        }

        private static String runList(List<String> ids) {
            return (ids.size() == 1 ? "run " : "runs ") + String.join(", ", ids);
        }
    }

    @Command(name = "trend", mixinStandardHelpOptions = true,
            description = {"Pass rate per tier and per method in each run or ISO week, with 95%% Wilson intervals.",
                "Trials are counted as report counts them: no infrastructure errors, simulated results or reused"
                        + " installs; controls apart, with their detection rate. --method and --tier select results,"
                        + " so a tier's row pools only the selected ones."},
            footer = {"", "Example: ftmatrix history trend --tier 1 --by week --since 2026-10-01"})
    static final class Trend implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--method", paramLabel = "METHOD", description = "Only results of this method id.")
        String method;

        @Option(names = "--tier", paramLabel = "TIER", description = "Only results of this tier (1, 2, ... or control).")
        String tier;

        @Option(names = "--since", paramLabel = "DATE", description = "Only runs started on or after DATE (YYYY-MM-DD, UTC).")
        String since;

        @Option(names = "--by", defaultValue = "run", paramLabel = "run|week",
                description = "One row per run, or per ISO week of the runs' start times. Default: ${DEFAULT-VALUE}.")
        Grouping by;

        @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
                description = "table or json (docs/history.md). Default: ${DEFAULT-VALUE}.")
        Format format;

        @Mixin
        HistoryOption history = new HistoryOption();

        @Override
        public Integer call() throws JsonProcessingException {
            LocalDate from = date(since);
            HistoryTrend trend;
            String where;
            try (HistoryStore store = history.open(HistoryStore.Access.EXISTING)) {
                where = store.location().display();
                trend = HistoryStatistics.trend(store, new HistoryStore.Filter(method, tier, from, List.of()), by.by);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.json) {
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(trend));
                return ExitCodes.OK;
            }
            if (trend.periods().isEmpty()) {
                out.println("no results in the history " + where + (from == null ? "" : " from runs since " + from)
                        + "; add runs with: ftmatrix history import RESULTS");
                return ExitCodes.OK;
            }
            int runs = trend.periods().stream().mapToInt(p -> p.runs().size()).sum();
            out.println("history " + where + ": " + plural(runs, "run")
                    + (by == Grouping.week ? " in " + plural(trend.periods().size(), "week") : ""));
            Map<String, HistoryTrend.Period> periods = new HashMap<>();
            Map<String, Integer> order = new HashMap<>();
            trend.periods().forEach(p -> {
                periods.put(p.key(), p);
                order.put(p.key(), order.size());
            });
            String periodHeader = by == Grouping.run ? "RUN" : "WEEK";
            if (!trend.tiers().isEmpty()) {
                out.println();
                Table t = new Table("TIER", periodHeader, "START (UTC)", "TRIALS", "PASSED", "PASS RATE", "95% INTERVAL",
                        "NOT COUNTED");
                trend.tiers().stream()
                        .sorted(Comparator.comparing(HistoryTrend.Point::key, TierLabels.ORDER)
                                .thenComparing(p -> order.get(p.period())))
                        .forEach(p -> t.row(p.key(), p.period(), start(periods.get(p.period())), count(p.trials()),
                                count(p.passes()), FIGURES.percent(p.passRate()), FIGURES.interval(p.interval()),
                                notCounted(p)));
                t.print(out);
            }
            if (!trend.methods().isEmpty()) {
                out.println();
                Table t = new Table("METHOD", "TIER", periodHeader, "TRIALS", "PASSED", "PASS RATE", "95% INTERVAL",
                        "NOT COUNTED");
                trend.methods().stream()
                        .sorted(Comparator.comparing(HistoryTrend.Point::tier, TierLabels.ORDER)
                                .thenComparing(HistoryTrend.Point::key).thenComparing(p -> order.get(p.period())))
                        .forEach(p -> t.row(p.key(), p.tier(), p.period(), count(p.trials()), count(p.passes()),
                                FIGURES.percent(p.passRate()), FIGURES.interval(p.interval()), notCounted(p)));
                t.print(out);
            }
            if (!trend.controls().isEmpty()) {
                out.println();
                Table t = new Table("CONTROL", periodHeader, "TRIALS", "CAUGHT", "DETECTION RATE", "95% INTERVAL");
                trend.controls().stream()
                        .sorted(Comparator.comparing(HistoryTrend.ControlPoint::method)
                                .thenComparing(p -> order.get(p.period())))
                        .forEach(p -> t.row(p.method(), p.period(), count(p.trials()), count(p.detected()),
                                FIGURES.percent(p.detectionRate()), FIGURES.interval(p.interval())));
                t.print(out);
            }
            return ExitCodes.OK;
        }

        private static String start(HistoryTrend.Period p) {
            Instant start = p.start();
            if (start == null) {
                return "-";
            }
            return p.runs().size() == 1 && p.key().equals(p.runs().get(0)) ? MINUTE.format(start) : DAY.format(start);
        }

        private static String notCounted(HistoryTrend.Point p) {
            List<String> parts = new ArrayList<>();
            if (p.infraErrors() > 0) {
                parts.add(p.infraErrors() + " infra");
            }
            if (p.simulated() > 0) {
                parts.add(p.simulated() + " simulated");
            }
            if (p.reusedInstalls() > 0) {
                parts.add(p.reusedInstalls() + " reused");
            }
            return parts.isEmpty() ? "-" : String.join(", ", parts);
        }

        private static LocalDate date(String text) {
            if (text == null) {
                return null;
            }
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw new UsageException("--since '" + text + "' is not a date: give YYYY-MM-DD, e.g. 2026-11-01");
            }
        }
    }

    @Command(name = "flaky", mixinStandardHelpOptions = true,
            description = {"Cells (the same cell id across runs) whose pass/fail verdict flips between consecutive runs,"
                    + " highest flip rate first. Flip rate = flips / (runs - 1).",
                "A cell's verdict in a run is its trial: its last attempt that was not an infrastructure error, not"
                        + " simulated and (except for controls) did not reuse an install."},
            footer = {"", "Example: ftmatrix history flaky --min-runs 5"})
    static final class Flaky implements Callable<Integer> {
        private static final int SEQUENCE_WIDTH = 30;

        @Spec
        CommandSpec spec;

        @Option(names = "--min-runs", defaultValue = "2", paramLabel = "N",
                description = "Only cells with a trial in at least N runs (at least 2). Default: ${DEFAULT-VALUE}.")
        int minRuns;

        @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
                description = "table or json (docs/history.md). Default: ${DEFAULT-VALUE}.")
        Format format;

        @Mixin
        HistoryOption history = new HistoryOption();

        @Override
        public Integer call() throws JsonProcessingException {
            if (minRuns < 2) {
                throw new UsageException("--min-runs must be at least 2: a flip needs two runs (got " + minRuns + ")");
            }
            Flakiness flaky;
            try (HistoryStore store = history.open(HistoryStore.Access.EXISTING)) {
                flaky = HistoryStatistics.flakiness(store, minRuns);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.json) {
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(flaky));
                return ExitCodes.OK;
            }
            String considered = plural(flaky.cellsConsidered(), "cell") + " with a trial in at least " + minRuns
                    + " runs";
            if (flaky.cells().isEmpty()) {
                out.println("no cell flipped between consecutive runs (" + considered + ")");
                return ExitCodes.OK;
            }
            Table t = new Table("CELL", "METHOD", "TIER", "RUNS", "FLIPS", "FLIP RATE", "VERDICTS (OLDEST FIRST)",
                    "LAST");
            for (Flakiness.FlakyCell c : flaky.cells()) {
                String seq = c.sequence();
                if (seq.length() > SEQUENCE_WIDTH) {
                    seq = "..." + seq.substring(seq.length() - SEQUENCE_WIDTH + 3);
                }
                t.row(c.cell(), String.valueOf(c.method()), String.valueOf(c.tier()), count(c.runs()),
                        count(c.flips()), FIGURES.percent(c.flipRate()), seq, c.lastOutcome() + " in " + c.lastRun());
            }
            t.print(out);
            out.println(flaky.cells().size() + " of " + considered + " flipped");
            return ExitCodes.OK;
        }
    }

    private static String count(long n) {
        return Long.toString(n);
    }
}
