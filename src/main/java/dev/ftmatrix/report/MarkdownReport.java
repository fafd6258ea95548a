package dev.ftmatrix.report;

import dev.ftmatrix.stats.HistoryTrend;
import dev.ftmatrix.stats.Statistics.Claim;
import dev.ftmatrix.stats.Statistics.Control;
import dev.ftmatrix.stats.Statistics.Group;
import dev.ftmatrix.stats.Statistics.RankingCheck;
import dev.ftmatrix.stats.Statistics.Taxonomy;
import dev.ftmatrix.stats.Statistics;
import dev.ftmatrix.stats.TierLabels;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;

/** {@code report.md}: a summary short enough for a build description or a pull-request comment. */
public final class MarkdownReport {
    private static final Figures FIGURES = Figures.TEXT;
    static final int TOP_FAILURES = 10;
    /** Runs in the tier trend table; report.json has all of them. */
    static final int TREND_RUNS = 20;
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private MarkdownReport() {
    }

    public static String render(Statistics s, String title) {
        return render(s, title, null);
    }

    /** With a {@code history}, a tier trend table follows the tier table. */
    public static String render(Statistics s, String title, HistoryTrend history) {
        StringBuilder md = new StringBuilder();
        Statistics.Totals t = s.totals();
        md.append("# ").append(cell(title)).append("\n\n");
        md.append(String.format(Locale.ROOT, "%d trials, %d passed (%s). Not counted: %d infrastructure errors,"
                + " %d simulated results, %d reused installs; %d control trials.%n%n", t.trials(), t.passes(),
                FIGURES.percent(t.trials() == 0 ? null : (double) t.passes() / t.trials()), t.infraErrors(),
                t.simulated(), t.reusedInstalls(), t.controlTrials()));

        md.append("## Tiers\n\n| Tier | Methods | Trials | Passed | Pass rate | 95% interval |\n|---|---:|---:|---:|---:|---|\n");
        for (Group g : s.tiers()) {
            md.append("| ").append(cell(g.key())).append(" | ").append(g.methods()).append(" | ").append(g.trials())
                    .append(" | ").append(g.passes()).append(" | ").append(FIGURES.percent(g.passRate())).append(" | ")
                    .append(FIGURES.interval(g.interval())).append(" |\n");
        }
        if (history != null) {
            tierTrend(md, history, t.matrices());
        }
        md.append("\n## Ranking\n\n| Claim | P(higher tier more reliable) | Verdict | More trials per method |\n"
                + "|---|---:|---|---:|\n");
        if (s.ranking().isEmpty()) {
            md.append("| (fewer than two tiers) | | not measured | |\n");
        }
        for (RankingCheck r : s.ranking()) {
            md.append("| tier ").append(cell(r.higherTier())).append(" > tier ").append(cell(r.lowerTier()))
                    .append(" | ").append(r.probability() == null ? "" : String.format(Locale.ROOT, "%.3f",
                            r.probability()))
                    .append(" | ").append(r.verdict().replace('_', ' ')).append(" | ")
                    .append(r.moreTrialsPerMethod() != null ? r.moreTrialsPerMethod() + " (then "
                            + (r.note().endsWith("supported") ? "supported" : "contradicted") + ")"
                            : r.note() == null ? "" : cell(r.note()))
                    .append(" |\n");
        }
        md.append("\n## Methods\n\n| Method | Tier | Trials | Pass rate | 95% interval | Infra errors |\n"
                + "|---|---|---:|---:|---|---:|\n");
        for (Group g : s.methods()) {
            md.append("| ").append(cell(g.key())).append(" | ").append(cell(g.tier())).append(" | ")
                    .append(g.trials()).append(" | ").append(FIGURES.percent(g.passRate())).append(" | ")
                    .append(FIGURES.interval(g.interval())).append(" | ").append(g.infraErrors()).append(" |\n");
        }
        if (!s.controls().isEmpty()) {
            md.append("\n## Controls\n\n| Control | Trials | Caught | Detection rate |\n|---|---:|---:|---:|\n");
            for (Control c : s.controls()) {
                md.append("| ").append(cell(c.method())).append(" | ").append(c.trials()).append(" | ")
                        .append(c.detected()).append(" | ").append(FIGURES.percent(c.detectionRate())).append(" |\n");
            }
        }
        if (!s.notApplicable().isEmpty()) {
            md.append("\n## Not applicable\n\nNot run, and no trial of any method: these cells cannot apply on the"
                    + " machine that ran them.\n\n| Method | Tier | OS | Cells | Why |\n|---|---|---|---:|---|\n");
            for (Statistics.NotApplicable n : s.notApplicable()) {
                md.append("| ").append(cell(n.method())).append(" | ").append(cell(n.tier())).append(" | ")
                        .append(cell(n.os())).append(" | ").append(n.cells()).append(" | ").append(cell(n.reason()))
                        .append(" |\n");
            }
        }
        md.append("\n## Top failure causes\n\n");
        List<String[]> causes = topFailures(s.failures());
        if (causes.isEmpty()) {
            md.append("No failures.\n");
        } else {
            md.append("| Method | Cause | Count |\n|---|---|---:|\n");
            for (String[] c : causes) {
                md.append("| ").append(cell(c[0])).append(" | ").append(cell(c[1])).append(" | ").append(c[2])
                        .append(" |\n");
            }
        }
        performance(md, s);
        md.append("\n## Field guide claims\n\n| Claim | Measured | Verdict |\n|---|---|---|\n");
        for (Claim c : s.claims()) {
            md.append("| ").append(cell(c.claim())).append(" | ").append(cell(c.measured())).append(" | ")
                    .append(c.verdict().replace('_', ' ')).append(" |\n");
        }
        return md.toString();
    }

    /** Penalty and memory overhead per method with their intervals, drawn as bars on one axis, and thread scaling. */
    private static void performance(StringBuilder md, Statistics s) {
        md.append("\n## Performance\n\n");
        List<Statistics.Performance> rows = s.performance().stream()
                .filter(p -> p.penalty() != null || p.memoryOverhead() != null || p.speedupMedian() != null).toList();
        if (rows.isEmpty()) {
            md.append("Not measured: no free-threaded trial ran the timing phase.\n");
            return;
        }
        md.append("Against the baseline build, 95% bootstrap intervals; bars span -20% (left) to +100% (right),"
                + " `|` is 0%, `o` the estimate.\n\n| Method | Python | Baseline | Cells | Single-thread penalty | |"
                + " Memory overhead | | Speedup | CPUs | Efficiency |\n|---|---|---|---:|---:|---|---:|---|---:|---:|---:|\n");
        for (Statistics.Performance p : rows) {
            md.append("| ").append(cell(p.method())).append(" | ").append(cell(p.python())).append(" | ")
                    .append(p.baseline() == null ? "" : p.baseline()).append(" | ").append(p.speedCells()).append(" | ")
                    .append(PerformanceText.change(p.penalty(), p.penaltyInterval())).append(" | ")
                    .append(code(PerformanceText.bar(p.penalty(), p.penaltyInterval()))).append(" | ")
                    .append(PerformanceText.change(p.memoryOverhead(), p.memoryInterval())).append(" | ")
                    .append(code(PerformanceText.bar(p.memoryOverhead(), p.memoryInterval()))).append(" | ")
                    .append(p.speedupMedian() == null ? "" : String.format(Locale.ROOT, "%.2fx (%d threads)",
                            p.speedupMedian(), p.threads()))
                    .append(" | ").append(p.cpusAvailable() == null ? "" : p.cpusAvailable()).append(" | ")
                    .append(p.efficiencyMedian() == null ? "" : String.format(Locale.ROOT, "%.2f", p.efficiencyMedian()))
                    .append(" |\n");
        }
    }

    private static String code(String text) {
        return text.isEmpty() ? "" : "`" + text + "`";
    }

    /** One row per run (the last {@link #TREND_RUNS}), one column per tier: how each tier fared over time. */
    private static void tierTrend(StringBuilder md, HistoryTrend history, List<String> matrices) {
        md.append("\n## Tier trend\n\n");
        String which = matrices.isEmpty() ? "" : " of " + cell(String.join(", ", matrices));
        if (history.periods().isEmpty()) {
            md.append("The history has no runs").append(which).append(" yet: add them with `ftmatrix history import`.\n");
            return;
        }
        List<HistoryTrend.Period> periods = history.periods();
        int from = Math.max(0, periods.size() - TREND_RUNS);
        md.append("Pass rate per tier in each run").append(which).append(" in the history (95% interval, trials as"
                + " above)").append(from > 0 ? "; the last " + TREND_RUNS + " of " + periods.size() + " runs,"
                        + " report.json has all" : "").append(".\n\n");
        SortedSet<String> tiers = history.tierKeys();
        Map<String, Map<String, HistoryTrend.Point>> points = history.tiersByPeriod();
        md.append("| Run | Started (UTC) |");
        tiers.forEach(tier -> md.append(" Tier ").append(cell(tier)).append(" |"));
        md.append("\n|---|---|");
        tiers.forEach(tier -> md.append("---|"));
        md.append('\n');
        for (HistoryTrend.Period p : periods.subList(from, periods.size())) {
            md.append("| ").append(cell(p.key())).append(" | ").append(p.start() == null ? "" : MINUTE.format(p.start()))
                    .append(" |");
            for (String tier : tiers) {
                HistoryTrend.Point point = points.getOrDefault(p.key(), Map.of()).get(tier);
                md.append(' ').append(point == null || point.trials() == 0 ? "-"
                        : FIGURES.percent(point.passRate()) + " of " + point.trials() + " ("
                                + FIGURES.interval(point.interval()) + ")").append(" |");
            }
            md.append('\n');
        }
    }

    /**
     * The commonest failure categories across methods; controls (their failures are detections) and
     * infrastructure errors (the machine's, reported in the totals) are left out.
     */
    private static List<String[]> topFailures(List<Taxonomy> failures) {
        List<String[]> rows = new ArrayList<>();
        for (Taxonomy t : failures) {
            if (TierLabels.isControl(t.tier())) {
                continue;
            }
            for (Map.Entry<String, Long> e : t.categories().entrySet()) {
                rows.add(new String[] {t.method(), e.getKey(), e.getValue().toString()});
            }
        }
        rows.sort(Comparator.<String[]>comparingLong(r -> -Long.parseLong(r[2])).thenComparing(r -> r[0])
                .thenComparing(r -> r[1]));
        return rows.subList(0, Math.min(TOP_FAILURES, rows.size()));
    }

    /** A table cell: pipes and line breaks would break the table; HTML is escaped for renderers that allow it. */
    static String cell(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
                .replace("\r", " ").replace("\n", " ");
    }
}
