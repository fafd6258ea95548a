package dev.ftmatrix.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftmatrix.FtmatrixVersion;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.results.ParallelResultsReader;
import dev.ftmatrix.results.ResultsReader;
import dev.ftmatrix.results.RunJournal;
import dev.ftmatrix.results.history.HistoryStore;
import dev.ftmatrix.stats.HistoryStatistics;
import dev.ftmatrix.stats.HistoryTrend;
import dev.ftmatrix.stats.Statistics;
import dev.ftmatrix.stats.StatisticsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ftmatrix report}: streams the results of one or more result directories (or cells.jsonl files) once,
 * building the statistics and the JUnit cases as it goes, then writes {@code report.json}, {@code junit.xml},
 * {@code report.md} and {@code report.html}. Nothing in the output depends on the time or the machine, so the same
 * input gives byte-identical files.
 */
public final class Reports {
    public static final String JSON = "report.json";
    public static final String JUNIT = "junit.xml";
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";
    /** Bumped when a field of report.json changes meaning or disappears; additions keep it. */
    public static final int FORMAT_VERSION = 1;

    private Reports() {
    }

    /** What one input contributed. */
    public record Input(String path, long results, boolean tornLastLine) {
    }

    /** {@code history}: the tier trend from the run history, null when the report was made without one. */
    public record Written(Statistics statistics, List<Input> inputs, List<Path> files, HistoryTrend history) {
    }

    public static Written write(List<Path> inputs, Path outDir, String title) {
        return write(inputs, outDir, title, null);
    }

    /**
     * The reports, and with a {@code history} its trend: pass rates per tier in each run of the matrices the
     * inputs belong to, as the history holds them (import a run first for it to appear).
     */
    public static Written write(List<Path> inputs, Path outDir, String title, HistoryStore history) {
        return write(inputs, outDir, title, history, List.of());
    }

    /** As above; each {@code planned} cell without a result is a skipped testcase naming where it was planned. */
    public static Written write(List<Path> inputs, Path outDir, String title, HistoryStore history,
            List<PlannedCells.Planned> planned) {
        return write(inputs, outDir, title, history, planned, JunitReport.Limits.DEFAULT);
    }

    /** As above, {@code junit.xml} bounded by {@code junitLimits}. */
    public static Written write(List<Path> inputs, Path outDir, String title, HistoryStore history,
            List<PlannedCells.Planned> planned, JunitReport.Limits junitLimits) {
        return write(inputs, outDir, title, history, planned, junitLimits, new ParallelResultsReader());
    }

    /** As above, the inputs read by {@code reader} (its chunk size and threads decide only the speed). */
    static Written write(List<Path> inputs, Path outDir, String title, HistoryStore history,
            List<PlannedCells.Planned> planned, JunitReport.Limits junitLimits, ParallelResultsReader reader) {
        StatisticsBuilder stats = new StatisticsBuilder();
        JunitReport junit = new JunitReport(junitLimits);
        planned.forEach(p -> junit.planned(p.cell(), p.tier(), p.method(), p.os(), p.python(), p.repeat(), p.where()));
        List<Input> read = new ArrayList<>();
        Map<Path, Path> files = new HashMap<>();
        // Only with several inputs can one result be given twice; one input is streamed with nothing kept.
        Map<Long, String> seen = inputs.size() > 1 ? new HashMap<>() : null;
        for (Path input : inputs) {
            Path base = ResultsReader.baseDir(input);
            Path earlier = files.putIfAbsent(realPath(ResultsReader.cellsFile(input)), input);
            if (earlier != null) {
                throw new ResultsReader.ResultsUnreadableException(input + " is given twice (also as " + earlier
                        + "); name each result directory once, or its results would count twice");
            }
            ResultsReader.ReadSummary summary = reader.read(input, () -> new Part(base, seen != null), part -> {
                // In file order on this thread, before the part counts: the first attempt given twice is named.
                if (seen != null) {
                    for (CellResult r : part.results) {
                        String before = seen.putIfAbsent(attemptKey(r), input.toString());
                        if (before != null) {
                            throw new ResultsReader.ResultsUnreadableException(input + ": run " + r.identity().runId()
                                    + " cell " + r.identity().cell() + " attempt " + r.identity().attempt()
                                    + " is also in " + before
                                    + "; give each run once (a shard and a merge that holds it are the same"
                                    + " evidence twice)");
                        }
                    }
                }
                stats.merge(part.stats);
                junit.accept(part.junit);
            });
            read.add(new Input(input.toString(), summary.results(), summary.tornLastLine()));
        }
        Statistics statistics = stats.build();
        HistoryTrend trend = history == null ? null : HistoryStatistics.trend(history,
                new HistoryStore.Filter(null, null, null, statistics.totals().matrices()), HistoryTrend.By.RUN);
        String heading = title != null ? title : defaultTitle(statistics);
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new RunJournal.OutputDirectoryException("--out " + outDir + " is a file; reports are written into a"
                    + " directory, so name a new or existing directory");
        }
        try {
            Files.createDirectories(outDir);
            Path json = outDir.resolve(JSON);
            Files.writeString(json, json(statistics, read, heading, trend), StandardCharsets.UTF_8);
            Path xml = outDir.resolve(JUNIT);
            junit.write(xml);
            Path md = outDir.resolve(MARKDOWN);
            Files.writeString(md, MarkdownReport.render(statistics, heading, trend), StandardCharsets.UTF_8);
            Path html = outDir.resolve(HTML);
            Files.writeString(html, HtmlReport.render(statistics, heading, trend), StandardCharsets.UTF_8);
            return new Written(statistics, List.copyOf(read), List.of(json, xml, md, html), trend);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write reports to " + outDir, e);
        }
    }

    /**
     * What one chunk of an input gave, built on a reading thread: its statistics, its rows of {@code junit.xml}
     * (sorted there, numbered in input order on the caller's thread) and, when several inputs are checked for a
     * result given twice, its results.
     */
    private static final class Part implements ParallelResultsReader.Part {
        final StatisticsBuilder stats = new StatisticsBuilder();
        final JunitReport.Batch junit;
        final List<CellResult> results;

        Part(Path baseDir, boolean keepResults) {
            junit = new JunitReport.Batch(baseDir);
            results = keepResults ? new ArrayList<>() : null;
        }

        @Override
        public void accept(CellResult r) {
            stats.accept(r);
            junit.add(r);
            if (results != null) {
                results.add(r);
            }
        }

        @Override
        public void chunkRead() {
            junit.sort();
        }
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    /** A cell attempt as a 64-bit hash of its run, cell and attempt: a million of them fit in a small heap. */
    private static long attemptKey(CellResult r) {
        long h = 1125899906842597L;
        for (String part : new String[] {r.identity().runId(), r.identity().cell(),
                Integer.toString(r.identity().attempt())}) {
            for (int i = 0; i < part.length(); i++) {
                h = 31 * h + part.charAt(i);
            }
            h = 31 * h + 0x1F;
        }
        return h;
    }

    static String defaultTitle(Statistics s) {
        List<String> matrices = s.totals().matrices();
        return "ftmatrix report" + (matrices.isEmpty() ? "" : ": " + String.join(", ", matrices));
    }

    static String json(Statistics statistics, List<Input> inputs, String title, HistoryTrend history)
            throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", "ftmatrix-report");
        root.put("format_version", FORMAT_VERSION);
        root.put("ftmatrix_version", FtmatrixVersion.get());
        root.put("title", title);
        ArrayNode in = root.putArray("inputs");
        for (Input i : inputs) {
            in.add(Json.MAPPER.valueToTree(i));
        }
        root.set("statistics", Json.MAPPER.valueToTree(statistics));
        if (history != null) {
            root.set("history", Json.MAPPER.valueToTree(history));
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }
}
