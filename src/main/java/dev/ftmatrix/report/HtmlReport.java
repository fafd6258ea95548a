package dev.ftmatrix.report;

import static dev.ftmatrix.report.Figures.plural;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import dev.ftmatrix.Sha256;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.stats.HistoryTrend;
import dev.ftmatrix.stats.Statistics.Claim;
import dev.ftmatrix.stats.Statistics.Control;
import dev.ftmatrix.stats.Statistics.Group;
import dev.ftmatrix.stats.Statistics.InstallTime;
import dev.ftmatrix.stats.Statistics.PackageCompat;
import dev.ftmatrix.stats.Statistics.Taxonomy;
import dev.ftmatrix.stats.Statistics.Performance;
import dev.ftmatrix.stats.Statistics;
import dev.ftmatrix.stats.TierLabels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code report.html}: one self-contained page that works opened from disk and makes no network request. Tables are
 * rendered here, every string HTML-escaped; charts are drawn in the browser by Chart.js, inlined from a vendored copy
 * ({@value #CHART_JS_VERSION}, {@code resources/dev/ftmatrix/report/chartjs/README.md}), from the statistics
 * embedded once as JSON. A Content-Security-Policy allows only the page's own scripts (by hash) and loads nothing, so
 * even markup that slipped through escaping could neither run nor fetch. Same statistics, same bytes.
 */
public final class HtmlReport {
    private static final Figures FIGURES = Figures.HTML;
    /** The Chart.js release inlined into every page. */
    public static final String CHART_JS_VERSION = "4.6.1";

    private static final String CHART_JS = library();
    private static final String PAGE_SCRIPT = resource("html/report.js");
    private static final String STYLE = resource("html/report.css");

    /** The id of the script element holding the statistics as JSON, which report.js reads. */
    private static final String DATA_ID = "ftmatrix-statistics";
    /** The id of the script element holding the history's trend as JSON, present only in a report made with one. */
    private static final String HISTORY_ID = "ftmatrix-history";

    /** Inside a script element {@code </script} or {@code <!--} would end or confuse it: JSON escapes them. */
    private static final CharacterEscapes SCRIPT_SAFE = new CharacterEscapes() {
        private final int[] codes = standardAsciiEscapesForJSON();

        {
            codes['<'] = ESCAPE_STANDARD;
            codes['>'] = ESCAPE_STANDARD;
            codes['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return codes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    };

    private HtmlReport() {
    }

    public static String render(Statistics stats, String title) {
        return render(stats, title, null);
    }

    /** With a {@code history}, a tier trend section (chart and table) follows the tiers. */
    public static String render(Statistics stats, String title, HistoryTrend history) {
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(title, "title");
        StringBuilder body = new StringBuilder();
        header(body, stats, title, history != null);
        tiers(body, stats);
        if (history != null) {
            trend(body, stats, history);
        }
        methods(body, stats);
        installTimes(body, stats);
        failures(body, stats);
        performance(body, stats);
        claims(body, stats);
        controls(body, stats);
        notApplicable(body, stats);
        packages(body, stats);
        groupsBy(body, stats);
        body.append("<footer>Made by ftmatrix. Charts: Chart.js ").append(CHART_JS_VERSION)
                .append(" (MIT License), inlined. Intervals are 95% Wilson score intervals.</footer>\n");

        String data = json(stats);
        String historyData = history == null ? null : json(history);
        StringBuilder page = new StringBuilder(CHART_JS.length() + body.length() + data.length() + 8192);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src ")
                .append(hash(CHART_JS)).append(' ').append(hash(PAGE_SCRIPT)).append("; style-src ")
                .append(hash(STYLE)).append("\">\n")
                .append("<meta name=\"generator\" content=\"ftmatrix\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append(body)
                .append("<script type=\"application/json\" id=\"").append(DATA_ID).append("\">").append(data)
                .append("</script>\n");
        if (historyData != null) {
            page.append("<script type=\"application/json\" id=\"").append(HISTORY_ID).append("\">")
                    .append(historyData).append("</script>\n");
        }
        page.append("<script>").append(CHART_JS).append("</script>\n")
                .append("<script>").append(PAGE_SCRIPT).append("</script>\n")
                .append("</body>\n</html>\n");
        return page.toString();
    }

    private static void header(StringBuilder out, Statistics stats, String title, boolean withTrend) {
        Statistics.Totals t = stats.totals();
        out.append("<header>\n<h1>").append(escape(title)).append("</h1>\n<p class=\"lead\">")
                .append(plural(t.results(), "result")).append(" from ").append(plural(t.runs().size(), "run"))
                .append(t.matrices().isEmpty() ? "" : " of " + escape(String.join(", ", t.matrices())))
                .append(": ").append(plural(t.trials(), "trial")).append(", ").append(t.passes()).append(" passed")
                .append(t.trials() == 0 ? "" : " (" + FIGURES.percent((double) t.passes() / t.trials()) + ")")
                .append("; not counted as trials: ").append(plural(t.infraErrors(), "infrastructure error"))
                .append(", ").append(t.simulated()).append(" simulated, ")
                .append(plural(t.reusedInstalls(), "reused install")).append("; ")
                .append(plural(t.controlTrials(), "control trial")).append(".</p>\n");
        if (!t.runs().isEmpty()) {
            out.append("<p class=\"explain\">Runs: ").append(escape(String.join(", ", t.runs()))).append("</p>\n");
        }
        out.append("<nav><a href=\"#tiers\">Tiers</a>").append(withTrend ? "<a href=\"#trend\">Trend</a>" : "")
                .append("<a href=\"#methods\">Methods</a>")
                .append("<a href=\"#install-times\">Install times</a><a href=\"#failures\">Failures</a>")
                .append("<a href=\"#performance\">Performance</a><a href=\"#claims\">Claims</a>")
                .append("<a href=\"#controls\">Controls</a><a href=\"#packages\">Packages</a>")
                .append("<a href=\"#groups\">By OS and Python</a></nav>\n</header>\n");
    }

    private static void tiers(StringBuilder out, Statistics stats) {
        section(out, "tiers", "Pass rate per tier");
        out.append("<p class=\"explain\">Trials of all methods claiming a tier, pooled; bars are the observed pass"
                + " rate, black lines its 95% Wilson interval.</p>\n");
        chart(out, "tiers", "Pass rate per claimed tier with 95% Wilson intervals",
                stats.tiers().stream().anyMatch(g -> g.trials() > 0), "no tier has trials");
        groupTable(out, "tier", stats.tiers(), false, null);
        out.append("<h3>Ranking of adjacent tiers</h3>\n<p class=\"explain\">P: posterior probability that the"
                + " higher tier's pass probability exceeds the lower's (uniform priors). Supported at P &ge; 0.95,"
                + " contradicted at P &le; 0.05.</p>\n");
        table(out, stats.ranking(), "no two tiers to compare",
                List.of("claim", "higher tier", "lower tier", "#P(higher &gt; lower)", "verdict",
                        "#more trials per method", "note"),
                r -> List.of(escape("tier " + r.higherTier() + " > tier " + r.lowerTier()),
                        escape(r.higherPasses() + " of " + r.higherTrials()),
                        escape(r.lowerPasses() + " of " + r.lowerTrials()),
                        r.probability() == null ? "" : String.format(Locale.ROOT, "%.3f", r.probability()),
                        verdict(r.verdict()), r.moreTrialsPerMethod() == null ? "" : r.moreTrialsPerMethod().toString(),
                        escape(r.note())));
        out.append("</section>\n");
    }

    /** The tier pass rates of every run in the history as lines, and the last runs as a table. */
    private static void trend(StringBuilder out, Statistics stats, HistoryTrend history) {
        section(out, "trend", "Tier trend");
        List<String> matrices = stats.totals().matrices();
        String which = matrices.isEmpty() ? "" : " of " + escape(String.join(", ", matrices));
        out.append("<p class=\"explain\">Pass rate per tier in each run").append(which)
                .append(" in the history, oldest first (trials counted as above; a gap is a run without trials of"
                        + " that tier). Import runs with <code>ftmatrix history import</code>.</p>\n");
        chart(out, "trend", "Pass rate per tier in each run of the history",
                history.tiers().stream().anyMatch(p -> p.trials() > 0), "the history has no runs" + which);
        List<HistoryTrend.Period> periods = history.periods();
        SortedSet<String> tiers = history.tierKeys();
        Map<String, Map<String, HistoryTrend.Point>> points = history.tiersByPeriod();
        int from = Math.max(0, periods.size() - MarkdownReport.TREND_RUNS);
        if (from > 0) {
            out.append("<p class=\"explain\">The table shows the last ").append(MarkdownReport.TREND_RUNS)
                    .append(" of ")
                    .append(periods.size()).append(" runs; the chart and report.json have all.</p>\n");
        }
        List<String> headings = new ArrayList<>(List.of("run", "started (UTC)"));
        tiers.forEach(t -> headings.add("#tier " + escape(t)));
        table(out, periods.subList(from, periods.size()), null, headings, p -> {
            List<String> row = new ArrayList<>(List.of(escape(p.key()),
                    p.start() == null ? "" : MarkdownReport.MINUTE.format(p.start())));
            for (String tier : tiers) {
                HistoryTrend.Point point = points.getOrDefault(p.key(), Map.of()).get(tier);
                row.add(point == null || point.trials() == 0 ? "&ndash;" : FIGURES.percent(point.passRate()) + " of "
                        + point.trials() + " (" + FIGURES.interval(point.interval()) + ")");
            }
            return row;
        });
        out.append("</section>\n");
    }

    private static void methods(StringBuilder out, Statistics stats) {
        section(out, "methods", "Pass rate per method");
        chart(out, "methods", "Pass rate per install method with 95% Wilson intervals",
                stats.methods().stream().anyMatch(g -> g.trials() > 0), "no method has trials");
        groupTable(out, "method", stats.methods(), true, null);
        out.append("</section>\n");
    }

    private static void installTimes(StringBuilder out, Statistics stats) {
        section(out, "install-times", "Install time per method");
        out.append("<p class=\"explain\">Installs that produced an interpreter: bar from fastest to slowest,"
                + " diamond the median, triangle the 90th percentile.</p>\n");
        chart(out, "install-times", "Install time per method: range, median and 90th percentile",
                !stats.installTimes().isEmpty(), "no install produced an interpreter");
        table(out, stats.installTimes(), null,
                List.of("method", "#installs", "#min", "#median", "#90th percentile", "#max"),
                (InstallTime t) -> List.of(escape(t.method()), String.valueOf(t.samples()), seconds(t.minS()),
                        seconds(t.medianS()), seconds(t.p90S()), seconds(t.maxS())));
        out.append("</section>\n");
    }

    private static void failures(StringBuilder out, Statistics stats) {
        section(out, "failures", "Failure categories per method");
        out.append("<p class=\"explain\">The chart leaves out negative controls, whose failures are the"
                + " detections they exist for (see Negative controls); the table lists every method.</p>\n");
        chart(out, "failures", "Failed cells per method, stacked by failure category",
                stats.failures().stream().anyMatch(f -> !TierLabels.isControl(f.tier()) && !f.categories().isEmpty()),
                "no cell failed");
        table(out, stats.failures(), null, List.of("method", "tier", "outcomes", "failure categories"),
                (Taxonomy f) -> List.of(escape(f.method()), escape(f.tier()), counts(f.outcomes()),
                        counts(f.categories())));
        out.append("</section>\n");
    }

    private static void performance(StringBuilder out, Statistics stats) {
        section(out, "performance", "Performance");
        out.append("<p class=\"explain\">Timed alone (one cell at a time) on free-threaded builds: the benchmark"
                + " suite's slowdown and a fixed workload's peak memory against the baseline build, with 95% bootstrap"
                + " intervals, and thread scaling on the CPUs the cell had.</p>\n");
        chart(out, "performance", "Single-thread penalty and memory overhead per method, with 95% intervals",
                stats.performance().stream().anyMatch(p -> p.penalty() != null || p.memoryOverhead() != null),
                "no free-threaded trial timed the benchmark suite");
        table(out, stats.performance(), null,
                List.of("method", "python", "baseline", "#cells", "#penalty", "#memory overhead", "#threads",
                        "#CPUs", "#median speedup", "#efficiency", "#noisy", "#install peak"),
                (Performance p) -> List.of(escape(p.method()), escape(p.python()),
                        p.baseline() == null ? "" : escape(p.baseline()), String.valueOf(p.speedCells()),
                        PerformanceText.change(p.penalty(), p.penaltyInterval()),
                        PerformanceText.change(p.memoryOverhead(), p.memoryInterval()), String.valueOf(p.threads()),
                        p.cpusAvailable() == null ? "" : String.valueOf(p.cpusAvailable()),
                        p.speedupMedian() == null ? "" : String.format(Locale.ROOT, "%.2fx", p.speedupMedian()),
                        p.efficiencyMedian() == null ? "" : String.format(Locale.ROOT, "%.2f", p.efficiencyMedian()),
                        String.valueOf(p.noisy()), PerformanceText.mebibytes(p.installPeakBytes())));
        out.append("</section>\n");
    }

    private static void claims(StringBuilder out, Statistics stats) {
        section(out, "claims", "Claims against measurements");
        table(out, stats.claims(), "no claims", List.of("claim", "measured", "verdict"),
                (Claim c) -> List.of(escape(c.claim()), escape(c.measured()), verdict(c.verdict())));
        out.append("</section>\n");
    }

    private static void controls(StringBuilder out, Statistics stats) {
        section(out, "controls", "Negative controls");
        out.append("<p class=\"explain\">A control is expected to fail the free-threaded check; detected: any"
                + " outcome but PASS.</p>\n");
        table(out, stats.controls(), "no control methods in these results",
                List.of("method", "#trials", "#detected", "#detection rate", "#95% interval", "#infra errors",
                        "#simulated"),
                (Control c) -> List.of(escape(c.method()), String.valueOf(c.trials()), String.valueOf(c.detected()),
                        FIGURES.percent(c.detectionRate()), FIGURES.interval(c.interval()),
                        String.valueOf(c.infraErrors()), String.valueOf(c.simulated())));
        out.append("</section>\n");
    }

    /** Only when there are such cells: most reports have none, and their pages stay as they were. */
    private static void notApplicable(StringBuilder out, Statistics stats) {
        if (stats.notApplicable().isEmpty()) {
            return;
        }
        section(out, "not-applicable", "Not applicable");
        out.append("<p class=\"explain\">Not run, and no trial of any method: these cells cannot apply on the"
                + " machine that ran them.</p>\n");
        table(out, stats.notApplicable(), "no such cells",
                List.of("method", "tier", "os", "#cells", "why"),
                (Statistics.NotApplicable n) -> List.of(escape(n.method()), escape(String.valueOf(n.tier())),
                        escape(n.os()), String.valueOf(n.cells()), escape(String.valueOf(n.reason()))));
        out.append("</section>\n");
    }

    private static void packages(StringBuilder out, Statistics stats) {
        section(out, "packages", "Package compatibility");
        out.append("<p class=\"explain\">Per smoke-tested package, method and Python version: how it installed and"
                + " what went wrong, counted over trials.</p>\n");
        table(out, stats.packages(), "no packages were smoke-tested",
                List.of("package", "method", "python", "#trials", "#free-threaded wheel", "#pure wheel",
                        "#other wheel", "#sdist", "#GIL re-enabled", "failed"),
                (PackageCompat p) -> List.of(escape(p.packageName()), escape(p.method()), escape(p.python()),
                        String.valueOf(p.trials()), String.valueOf(p.freeThreadedWheel()),
                        String.valueOf(p.pureWheel()), String.valueOf(p.otherWheel()), String.valueOf(p.sdist()),
                        String.valueOf(p.gilReenabled()), counts(p.failed())));
        out.append("</section>\n");
    }

    private static void groupsBy(StringBuilder out, Statistics stats) {
        section(out, "groups", "Pass rate per OS and Python version");
        groupTable(out, "os", stats.oses(), false, "no trials");
        groupTable(out, "python", stats.pythons(), false, "no trials");
        out.append("</section>\n");
    }

    private static void section(StringBuilder out, String id, String heading) {
        out.append("<section id=\"").append(id).append("\">\n<h2>").append(heading).append("</h2>\n");
    }

    /** A canvas for report.js to fill, or the reason it would stay empty. */
    private static void chart(StringBuilder out, String id, String label, boolean hasData, String reason) {
        if (hasData) {
            out.append("<div class=\"chart\"><canvas id=\"chart-").append(id).append("\" data-chart=\"").append(id)
                    .append("\" role=\"img\" aria-label=\"").append(label).append("\">").append(label)
                    .append("</canvas></div>\n");
        } else {
            out.append("<p class=\"not-measured\" id=\"chart-").append(id).append("\">Not measured: ")
                    .append(reason).append(".</p>\n");
        }
    }

    private static void groupTable(StringBuilder out, String key, List<Group> groups, boolean withTier,
            String empty) {
        List<String> headings = withTier
                ? List.of(key, "tier", "#trials", "#passes", "#pass rate", "#95% interval", "#infra errors",
                        "#reused installs", "#simulated")
                : List.of(key, "#methods", "#trials", "#passes", "#pass rate", "#95% interval", "#infra errors",
                        "#reused installs", "#simulated");
        table(out, groups, empty, headings, g -> List.of(escape(g.key()),
                withTier ? escape(g.tier()) : String.valueOf(g.methods()), String.valueOf(g.trials()),
                String.valueOf(g.passes()), FIGURES.percent(g.passRate()), FIGURES.interval(g.interval()),
                String.valueOf(g.infraErrors()), String.valueOf(g.reusedInstalls()), String.valueOf(g.simulated())));
    }

    /**
     * A table whose cells are already HTML. A heading starting with {@code #} is a right-aligned numeric column.
     * Without rows, the note {@code empty}, or nothing where the chart above already said so ({@code empty} null).
     */
    private static <T> void table(StringBuilder out, List<T> rows, String empty, List<String> headings,
            Function<T, List<String>> cells) {
        if (rows.isEmpty()) {
            if (empty != null) {
                out.append("<p class=\"not-measured\">Not measured: ").append(empty).append(".</p>\n");
            }
            return;
        }
        out.append("<div class=\"table-wrap\"><table>\n<thead><tr>");
        for (String h : headings) {
            out.append(numeric(h) ? "<th class=\"num\">" : "<th>").append(h.replaceFirst("^#", "")).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (T row : rows) {
            out.append("<tr>");
            List<String> values = cells.apply(row);
            for (int i = 0; i < values.size(); i++) {
                out.append(numeric(headings.get(i)) ? "<td class=\"num\">" : "<td>").append(values.get(i))
                        .append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table></div>\n");
    }

    private static boolean numeric(String heading) {
        return heading.startsWith("#");
    }

    /** Verdicts come from the statistics, a fixed set; anything else is shown but not styled. */
    private static String verdict(String verdict) {
        if (verdict == null) {
            return "";
        }
        String css = verdict.matches("[a-z_]+") ? " verdict-" + verdict : "";
        return "<span class=\"verdict" + css + "\">" + escape(verdict.replace('_', ' ')) + "</span>";
    }

    private static String counts(Map<String, Long> counts) {
        return escape(new TreeMap<>(counts).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
    }

    private static String seconds(Double s) {
        return s == null ? "" : String.format(Locale.ROOT, "%.1f s", s);
    }

    /** Text for element content and quoted attribute values. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writer().with(SCRIPT_SAFE).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A CSP source for an inline script or style: its SHA-256, so nothing else inline may run. */
    private static String hash(String inline) {
        return "'sha256-" + Base64.getEncoder().encodeToString(Sha256.of(inline.getBytes(StandardCharsets.UTF_8)))
                + "'";
    }

    /**
     * Chart.js with its license, ready to inline: the source map comment is dropped (the map is not shipped, and a
     * browser would look for it next to the report).
     */
    private static String library() {
        String js = resource("chartjs/chart.umd.min.js").replaceAll("(?m)^//# sourceMappingURL=.*\\R?", "");
        return "/*! Chart.js " + CHART_JS_VERSION + ", from the npm registry; its license:\n"
                + resource("chartjs/LICENSE.md").strip() + "\n*/\n" + js;
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource dev/ftmatrix/report/" + name + " is missing from the build");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.toLowerCase(Locale.ROOT).contains("</script") || text.contains("<!--")) {
                throw new IllegalStateException("dev/ftmatrix/report/" + name + " cannot be inlined: it contains"
                        + " </script or <!--");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
