package dev.ftmatrix.report;

import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Durations;
import dev.ftmatrix.results.Failure;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.stats.TierLabels;
import dev.ftmatrix.stats.Trials;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml} for Jenkins' junit step: one testcase per cell (its attempts together), one testsuite per tier.
 * classname {@code <tier>.<method>} with the dots of a method id replaced by {@link #DOT} (the junit plugin splits
 * a classname at its last dot into package and class), name {@code <os>/<python>#<repeat>}.
 *
 * <p>The cell's last attempt decides, with the rule of the report's trial counts ({@link Trials}): a result that is
 * not a trial (a cell that cannot apply on the machine that ran it, an infrastructure error, a simulated result,
 * a reused install) and a planned cell with no result are {@code <skipped>} with the reason, so the testcases that
 * are not skipped are exactly the report's trials and control trials. A failing trial is a {@code <failure>} carrying outcome, category and a bounded log tail; a pass
 * after infrastructure retries keeps each retry as a {@code <flakyFailure>}, a failure after them as
 * {@code <rerunFailure>} (Surefire's elements, which the junit plugin reads and does not count). A control passes
 * when it is caught and fails when it is not. No {@code <error>}: Jenkins counts it as a failure.
 *
 * <p>The file keeps to what the xUnit plugin's {@code junit-10.xsd} accepts (no properties on a testcase, no
 * {@code skipped} on the root). A case's time is the wall time of all its attempts and a suite's the sum of its
 * cases', rounded the same way, so Jenkins shows the same figures on both levels.
 *
 * <p>Results are held as compact rows (no log text: tails are read while writing) in a {@link SpillingSort}, so a
 * million results fit in a small heap. The output does not depend on whether anything was spilled.
 */
public final class JunitReport {
    /** How much of a cell's log a failure carries: the end, where the failing step's output is. */
    public static final int LOG_TAIL_BYTES = 4096;
    /** Rows held in memory before a sorted run of them goes to disk: a few tens of megabytes. */
    static final int DEFAULT_CHUNK = 20_000;
    /** Stands for a dot in a method id inside a classname (U+2024 ONE DOT LEADER): looks the same, splits nothing. */
    static final char DOT = '\u2024';

    /** Terminal escape sequences (CSI such as colours, OSC, two-byte): logs of tools that colour their output. */
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");
    private static final Pattern ANSI = Pattern.compile("\u001B(?:\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|[@-_])");

    private record Attempt(int attempt, Outcome outcome, String category, String detail, String log, String logTail,
            double timeS) {
    }

    /**
     * One accepted result line, or ({@code outcome} null) a planned cell whose {@code detail} says where it was
     * planned; {@code seq} (its position in the input) keeps the first of two lines for the same attempt. The sort
     * keys {@code level} and {@code classname} are computed once, when the row is made.
     */
    private static final class Row {
        final String tier;
        final int level;
        final String method;
        final String classname;
        final String name;
        final String cell;
        final int attempt;
        long seq;
        final Outcome outcome;
        final String category;
        final String detail;
        final String baseDir;
        final String log;
        final double timeS;
        final boolean simulated;
        final boolean reused;

        Row(String tier, String method, String classname, String name, String cell, int attempt, long seq,
                Outcome outcome, String category, String detail, String baseDir, String log, double timeS,
                boolean simulated, boolean reused) {
            this.tier = tier;
            this.level = TierLabels.level(tier);
            this.method = method;
            this.classname = classname;
            this.name = name;
            this.cell = cell;
            this.attempt = attempt;
            this.seq = seq;
            this.outcome = outcome;
            this.category = category;
            this.detail = detail;
            this.baseDir = baseDir;
            this.log = log;
            this.timeS = timeS;
            this.simulated = simulated;
            this.reused = reused;
        }

        /** A result line's row; {@code names} gives each tier and method's classname once. */
        static Row of(CellResult r, String baseDir, long seq, Classnames names) {
            String tier = names.tier(r.identity().tier() == null ? "unknown" : r.identity().tier());
            String method = r.setup().method();
            Failure failure = r.verdict().failure();
            Durations durations = r.execution().durations();
            return new Row(tier, method, names.of(tier, method),
                    r.setup().os() + "/" + r.identity().python() + "#" + r.identity().repeat(), r.identity().cell(),
                    r.identity().attempt(), seq, r.verdict().outcome(), failure == null ? null : failure.category(),
                    failure == null ? null : failure.detail(), baseDir, r.execution().log(),
                    durations == null ? 0 : durations.totalS(), r.execution().simulated(),
                    r.execution().installReused());
        }

        void writeTo(DataOutputStream out) throws IOException {
            for (String s : new String[] {tier, method, name, cell, outcome == null ? null : outcome.name(), category,
                    detail, baseDir, log}) {
                SpillingSort.writeString(out, s);
            }
            out.writeInt(attempt);
            out.writeLong(seq);
            out.writeDouble(timeS);
            out.writeBoolean(simulated);
            out.writeBoolean(reused);
        }

        static Row readFrom(DataInputStream in, Classnames names) throws IOException {
            String tier = SpillingSort.readString(in);
            String method = SpillingSort.readString(in);
            String name = SpillingSort.readString(in);
            String cell = SpillingSort.readString(in);
            String outcome = SpillingSort.readString(in);
            String category = SpillingSort.readString(in);
            String detail = SpillingSort.readString(in);
            String baseDir = SpillingSort.readString(in);
            String log = SpillingSort.readString(in);
            int attempt = in.readInt();
            long seq = in.readLong();
            double timeS = in.readDouble();
            boolean simulated = in.readBoolean();
            return new Row(names.tier(tier), method, names.of(tier, method), name, cell, attempt, seq,
                    outcome == null ? null : Outcome.valueOf(outcome), category, detail, baseDir, log, timeS,
                    simulated, in.readBoolean());
        }
    }

    /**
     * The classname of each tier and method, made once: a million rows share a few hundred. Not thread-safe; one
     * per thread.
     */
    private static final class Classnames {
        private final Map<String, Map<String, String>> byTier = new HashMap<>();
        private final Map<String, String> tiers = new HashMap<>();

        String of(String tier, String method) {
            return byTier.computeIfAbsent(tier, k -> new HashMap<>())
                    .computeIfAbsent(method, m -> JunitReport.classname(tier, m));
        }

        /** One instance per tier label, so that comparing two rows' tiers is mostly a reference check. */
        String tier(String tier) {
            String known = tiers.putIfAbsent(tier, tier);
            return known == null ? tier : known;
        }
    }

    /**
     * The report's order: suite (tier, as {@link TierLabels#ORDER} sorts it), classname, name, then the cell's
     * attempts (a planned row, 0, first) in input order.
     */
    private static final Comparator<Row> ORDER = JunitReport::compare;

    private static int compare(Row a, Row b) {
        if (a.level != b.level) {
            return a.level < b.level ? -1 : 1;
        }
        int c = text(a.tier, b.tier);
        if (c == 0) {
            c = text(a.classname, b.classname);
        }
        if (c == 0) {
            c = text(a.name, b.name);
        }
        if (c == 0) {
            c = text(a.cell, b.cell);
        }
        if (c == 0) {
            c = Integer.compare(a.attempt, b.attempt);
        }
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    }

    private static int text(String a, String b) {
        return a == b ? 0 : a.compareTo(b);
    }

    private static final class Case {
        final String tier;
        final String method;
        final String name;
        final boolean control;
        /** Where a planned cell without results was planned; null once a result is there. */
        String plannedIn;
        boolean simulated;
        boolean reused;
        final List<Attempt> attempts = new ArrayList<>();
        /** {@link #millis()} once the attempts are all there; -1 before. */
        private long millis = -1;

        Case(Row r) {
            tier = r.tier;
            method = r.method;
            name = r.name;
            control = TierLabels.isControl(tier);
        }

        /** {@code <os>/<python>}: what the repeats of one cell share. */
        String groupName() {
            int hash = name.lastIndexOf('#');
            return hash < 0 ? name : name.substring(0, hash);
        }

        /** The repeat as a number, for ordering; one that is not a number sorts last. */
        long repeatNumber() {
            try {
                return Long.parseLong(repeat().substring(1));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                return Long.MAX_VALUE;
            }
        }

        /** {@code #<repeat>}. */
        String repeat() {
            int hash = name.lastIndexOf('#');
            return hash < 0 ? name : name.substring(hash);
        }

        String classname() {
            return JunitReport.classname(tier, method);
        }

        Attempt last() {
            return attempts.get(attempts.size() - 1);
        }

        /** Milliseconds, rounded once here so that a suite's time is exactly the sum of its cases'. */
        long millis() {
            // A recorded time that is not a finite, non-negative number (1e999999 reads as infinity) counts as 0.
            if (millis < 0) {
                // The stream's sum (compensated), as the file has always had it; once per case.
                millis = Math.round(attempts.stream().mapToDouble(Attempt::timeS)
                        .filter(t -> Double.isFinite(t) && t > 0).sum() * 1000);
            }
            return millis;
        }
    }

    /** How many failures of each method carry their log tail unless told otherwise: enough to see a pattern. */
    public static final int DEFAULT_TAILS_PER_METHOD = 20;

    /**
     * What bounds the file's size: {@code tailsPerMethod} failures of each method (the latest in input order, which
     * is the order cells finished in) carry a log tail, the rest name their log. {@code groupRepeats}: the repeats
     * #1..#N of one os, method and python are one testcase (see {@link #write}).
     */
    public record Limits(int tailsPerMethod, boolean groupRepeats) {
        public static final Limits DEFAULT = new Limits(DEFAULT_TAILS_PER_METHOD, false);

        public Limits {
            if (tailsPerMethod < 0) {
                throw new IllegalArgumentException("tailsPerMethod < 0: " + tailsPerMethod);
            }
        }

        public Limits(int tailsPerMethod) {
            this(tailsPerMethod, false);
        }
    }

    private final SpillingSort<Row> rows;
    /** Classnames of the rows read back from disk, on the writing thread. */
    private final Classnames readNames = new Classnames();
    private final Limits limits;
    /** Per classname, the input positions of its latest rows that would carry a tail, smallest first. */
    private final Map<String, PriorityQueue<Long>> latestFailures = new HashMap<>();
    private long seq;
    private final Classnames acceptNames = new Classnames();
    private Path lastBaseDir;
    private String lastBaseDirText;

    public JunitReport() {
        this(Limits.DEFAULT);
    }

    public JunitReport(Limits limits) {
        this(DEFAULT_CHUNK, limits);
    }

    JunitReport(int chunk, Limits limits) {
        rows = new SpillingSort<>(ORDER, new SpillingSort.Codec<>() {
            @Override
            public void write(Row row, DataOutputStream out) throws IOException {
                row.writeTo(out);
            }

            @Override
            public Row read(DataInputStream in) throws IOException {
                return Row.readFrom(in, readNames);
            }
        }, chunk, "ftmatrix-junit-");
        this.limits = limits;
    }

    /** {@code <tier>.<method>}, the method's dots replaced so that the plugin shows tier as package, method as class. */
    static String classname(String tier, String method) {
        return tier + "." + method.replace('.', DOT);
    }

    /**
     * A cell the plan holds: when no result names it, it is a skipped testcase saying {@code where} it was planned
     * (e.g. {@code "shard 2/4"}).
     */
    public void planned(String cell, String tier, String method, String os, String python, int repeat, String where) {
        rows.add(new Row(tier, method, classname(tier, method), os + "/" + python + "#" + repeat, cell, 0, seq++, null,
                null, where, null, null, 0, false, false));
    }

    /** Adds one result line; {@code baseDir} is where its {@code log} path is relative to. */
    public void accept(CellResult r, Path baseDir) {
        Row row = Row.of(r, baseDirText(baseDir), seq++, acceptNames);
        rows.add(row);
        noteTail(row);
    }

    /**
     * The rows of consecutive result lines of one input, made and sorted on a reading thread, so that the thread
     * that writes the report only merges them: {@link JunitReport#accept(Batch)} takes each batch once, in input
     * order. Not thread-safe; one per thread.
     */
    public static final class Batch {
        private final String baseDir;
        private final List<Row> rows = new ArrayList<>();
        private final Classnames names = new Classnames();
        private boolean sorted = true;

        /** {@code baseDir}: where the results' {@code log} paths are relative to. */
        public Batch(Path baseDir) {
            this.baseDir = baseDir == null ? null : baseDir.toString();
        }

        public void add(CellResult r) {
            rows.add(Row.of(r, baseDir, rows.size(), names));
            sorted = false;
        }

        /** Sorts the rows in the report's order; {@link JunitReport#accept(Batch)} does it if nobody did. */
        public void sort() {
            if (!sorted) {
                rows.sort(ORDER);
                sorted = true;
            }
        }
    }

    /** Adds a batch's rows, as {@link #accept(CellResult, Path)} of each of its lines in turn would. */
    public void accept(Batch batch) {
        batch.sort();
        long first = seq;
        for (Row row : batch.rows) {
            row.seq += first;
            noteTail(row);
        }
        seq += batch.rows.size();
        rows.addAll(batch.rows);
        batch.rows.clear();
    }

    /** Keeps the row's position when it is among the latest of its classname that would carry a log tail. */
    private void noteTail(Row row) {
        if (carriesTail(row) && row.log != null && limits.tailsPerMethod() > 0) {
            PriorityQueue<Long> latest = latestFailures.computeIfAbsent(row.classname, k -> new PriorityQueue<>());
            latest.add(row.seq);
            if (latest.size() > limits.tailsPerMethod()) {
                latest.poll();
            }
        }
    }

    /** A row whose log tail the report shows: any but a method's pass. */
    private static boolean carriesTail(Row r) {
        return r.outcome != Outcome.PASS || TierLabels.isControl(r.tier);
    }

    /** One string per input directory, not one per row. */
    private String baseDirText(Path baseDir) {
        if (baseDir == null) {
            return null;
        }
        if (!baseDir.equals(lastBaseDir)) {
            lastBaseDir = baseDir;
            lastBaseDirText = baseDir.toString();
        }
        return lastBaseDirText;
    }

    private Set<Long> withTails() {
        Set<Long> positions = new HashSet<>();
        latestFailures.values().forEach(positions::addAll);
        return positions;
    }

    /**
     * Writes the file in one pass over the sorted rows: each suite's testcases go to a temporary file while they are
     * counted, then the file is the root and each suite's element, with its counts, around a copy of its testcases.
     */
    public void write(Path file) {
        Path body = null;
        try {
            body = Files.createTempFile("ftmatrix-junit-", ".xml");
            body.toFile().deleteOnExit();
            Counts all = new Counts();
            List<Suite> suites = writeCases(body, all);
            try (FileChannel into = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                    FileChannel cases = FileChannel.open(body, StandardOpenOption.READ);
                    Writer out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(into),
                            StandardCharsets.UTF_8), 1 << 16)) {
                XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
                x.writeStartDocument("UTF-8", "1.0");
                text(x, "\n");
                x.writeStartElement("testsuites");
                x.writeAttribute("name", "ftmatrix");
                writeCounts(x, all, false);
                for (Suite suite : suites) {
                    text(x, "\n  ");
                    x.writeStartElement("testsuite");
                    x.writeAttribute("name", TierLabels.isControl(suite.tier) ? "controls" : "tier " + suite.tier);
                    writeCounts(x, suite.counts, true);
                    writeProperties(x, suite.counts, limits.groupRepeats());
                    // Closes the start tag: the suite's testcases follow as the bytes written for them.
                    x.writeCharacters("");
                    x.flush();
                    out.flush();
                    transfer(cases, suite.start, suite.end - suite.start, into);
                    text(x, "\n  ");
                    x.writeEndElement();
                }
                text(x, "\n");
                x.writeEndElement();
                text(x, "\n");
                x.writeEndDocument();
                x.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException("cannot write " + file + ": " + e.getMessage(), e));
        } finally {
            rows.close();
            if (body != null) {
                body.toFile().delete();
            }
        }
    }

    /** A suite's counts, and where in the temporary file its testcases are. */
    private static final class Suite {
        final String tier;
        final Counts counts = new Counts();
        final long start;
        long end;

        Suite(String tier, long start) {
            this.tier = tier;
            this.start = start;
        }
    }

    /** Units a formatting thread renders at a time: a few hundred kilobytes of XML. */
    private static final int UNITS_PER_BLOCK = 1_000;

    /** Testcases rendered together on a formatting thread: their XML and their counts. */
    private record Rendered(String xml, Counts counts) {
    }

    private static final ThreadLocal<XMLOutputFactory> FACTORY = ThreadLocal.withInitial(XMLOutputFactory::newFactory);

    /**
     * The testcases of every suite, in report order, into {@code body}; the counts into {@code all} and each suite.
     * This thread merges the sorted rows into units, which formatting threads render a block at a time; the blocks
     * are written in order, and a block never spans two suites.
     */
    private List<Suite> writeCases(Path body, Counts all) throws IOException, XMLStreamException {
        List<Suite> suites = new ArrayList<>();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ftmatrix-junit");
            t.setDaemon(true);
            return t;
        });
        Deque<Future<Rendered>> inFlight = new ArrayDeque<>();
        try (FileChannel channel = FileChannel.open(body, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                Writer out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                        StandardCharsets.UTF_8), 1 << 16);
                CaseIterator cases = new CaseIterator(rows.sorted(), withTails(), limits.tailsPerMethod())) {
            Units units = new Units(cases, limits.groupRepeats());
            Suite suite = null;
            List<List<Case>> block = new ArrayList<>();
            while (units.hasNext()) {
                List<Case> unit = units.next();
                String tier = unit.get(0).tier;
                if (suite == null || !tier.equals(suite.tier)) {
                    if (suite != null) {
                        inFlight.add(render(pool, block));
                        block = new ArrayList<>();
                        while (!inFlight.isEmpty()) {
                            writeNext(inFlight, out, all, suite);
                        }
                        out.flush();
                        suite.end = channel.position();
                    }
                    suite = new Suite(tier, channel.position());
                    suites.add(suite);
                }
                block.add(unit);
                if (block.size() == UNITS_PER_BLOCK) {
                    inFlight.add(render(pool, block));
                    block = new ArrayList<>();
                    while (inFlight.size() > 2 * threads) {
                        writeNext(inFlight, out, all, suite);
                    }
                }
            }
            if (suite != null) {
                inFlight.add(render(pool, block));
                while (!inFlight.isEmpty()) {
                    writeNext(inFlight, out, all, suite);
                }
                out.flush();
                suite.end = channel.position();
            }
        } finally {
            pool.shutdownNow();
        }
        return suites;
    }

    private static Future<Rendered> render(ExecutorService pool, List<List<Case>> block) {
        return pool.submit(() -> {
            StringWriter text = new StringWriter(block.size() * 256);
            XMLStreamWriter x = FACTORY.get().createXMLStreamWriter(text);
            Counts counts = new Counts();
            for (List<Case> unit : block) {
                counts.add(unit);
                if (unit.size() == 1) {
                    writeCase(x, unit.get(0));
                } else {
                    writeGroup(x, unit);
                }
            }
            x.flush();
            return new Rendered(text.toString(), counts);
        });
    }

    /** Writes the oldest block in flight, and counts it in the file's and its suite's counts. */
    private static void writeNext(Deque<Future<Rendered>> inFlight, Writer out, Counts all, Suite suite)
            throws IOException, XMLStreamException {
        Rendered r;
        try {
            r = inFlight.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing junit.xml");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof XMLStreamException x) {
                throw x;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
        out.write(r.xml());
        all.add(r.counts());
        suite.counts.add(r.counts());
    }

    private static void transfer(FileChannel from, long position, long count, FileChannel to) throws IOException {
        long done = 0;
        while (done < count) {
            long moved = from.transferTo(position + done, count - done, to);
            if (moved <= 0) {
                throw new IOException("copied " + done + " of " + count + " bytes of the testcases");
            }
            done += moved;
        }
    }

    /**
     * Counts of a suite or of the whole file, written before its cases (see {@link #write}). tests,
     * failures and skipped count testcases as Jenkins does (a group of repeats is one); cells, cellsFailed and
     * cellsSkipped count the cells inside them.
     */
    private static final class Counts {
        long tests;
        long failures;
        long skipped;
        long simulated;
        long millis;
        long cells;
        long cellsFailed;
        long cellsSkipped;

        void add(Counts other) {
            tests += other.tests;
            failures += other.failures;
            skipped += other.skipped;
            simulated += other.simulated;
            millis += other.millis;
            cells += other.cells;
            cellsFailed += other.cellsFailed;
            cellsSkipped += other.cellsSkipped;
        }

        void add(List<Case> unit) {
            tests++;
            Verdict v = verdict(unit);
            failures += v.kind() == Kind.FAILURE ? 1 : 0;
            skipped += v.kind() == Kind.SKIPPED ? 1 : 0;
            for (Case c : unit) {
                Kind k = verdict(c).kind();
                cells++;
                cellsFailed += k == Kind.FAILURE ? 1 : 0;
                cellsSkipped += k == Kind.SKIPPED ? 1 : 0;
                simulated += c.simulated ? 1 : 0;
                millis += c.millis();
            }
        }
    }

    /**
     * The cases, one per cell, from rows in report order: a cell's rows are adjacent, and a second line for the same
     * attempt is dropped. Log tails are read one case at a time, for rows whose position is in {@code withTails};
     * other rows that would carry one and have a log name it instead.
     */
    private static final class CaseIterator implements Closeable {
        private final SpillingSort.Cursor<Row> rows;
        private final Set<Long> withTails;
        private final int tailsPerMethod;
        private Row pending;

        CaseIterator(SpillingSort.Cursor<Row> rows, Set<Long> withTails, int tailsPerMethod) throws IOException {
            this.rows = rows;
            this.withTails = withTails;
            this.tailsPerMethod = tailsPerMethod;
            pending = rows.next();
        }

        private String tail(Row r) {
            if (!carriesTail(r)) {
                return null;
            }
            if (r.log != null && !withTails.contains(r.seq)) {
                return "(log tail left out: junit.xml carries it for the latest " + tailsPerMethod + " failures of "
                        + r.classname + "; the full log is " + r.log + " next to the results)";
            }
            return logTail(r.baseDir == null ? null : Path.of(r.baseDir), r.log);
        }

        boolean hasNext() {
            return pending != null;
        }

        Case next() throws IOException {
            Case c = new Case(pending);
            String cell = pending.cell;
            int last = 0;
            while (pending != null && pending.cell.equals(cell)) {
                Row r = pending;
                if (r.outcome == null) {
                    c.plannedIn = r.detail;
                } else if (r.attempt != last) {
                    last = r.attempt;
                    c.attempts.add(new Attempt(r.attempt, r.outcome, r.category, r.detail, r.log,
                            tail(r), r.timeS));
                    c.simulated = r.simulated;
                    c.reused = r.reused;
                }
                pending = rows.next();
            }
            if (!c.attempts.isEmpty()) {
                c.plannedIn = null;
            }
            return c;
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }

    /**
     * What becomes one testcase: a case, or with {@code group} the adjacent cases (report order keeps them
     * together) of one tier, classname and {@code <os>/<python>}, the repeats of one cell.
     */
    private static final class Units {
        private final CaseIterator cases;
        private final boolean group;
        private Case pending;

        Units(CaseIterator cases, boolean group) throws IOException {
            this.cases = cases;
            this.group = group;
            pending = cases.hasNext() ? cases.next() : null;
        }

        boolean hasNext() {
            return pending != null;
        }

        List<Case> next() throws IOException {
            List<Case> unit = new ArrayList<>();
            Case first = pending;
            do {
                unit.add(pending);
                pending = cases.hasNext() ? cases.next() : null;
            } while (group && pending != null && pending.tier.equals(first.tier)
                    && pending.classname().equals(first.classname()) && pending.groupName().equals(first.groupName()));
            // Report order sorts names as text (#1, #10, #2); a group lists its repeats by number.
            unit.sort(Comparator.comparingLong(Case::repeatNumber).thenComparing(c -> c.name));
            return unit;
        }
    }

    /** The root takes no {@code skipped} in junit-10.xsd; the junit plugin counts from the cases anyway. */
    private static void writeCounts(XMLStreamWriter x, Counts counts, boolean suite) throws XMLStreamException {
        x.writeAttribute("tests", Long.toString(counts.tests));
        x.writeAttribute("failures", Long.toString(counts.failures));
        x.writeAttribute("errors", "0");
        if (suite) {
            x.writeAttribute("skipped", Long.toString(counts.skipped));
        }
        x.writeAttribute("time", seconds(counts.millis));
    }

    /** Suite properties, which the junit step keeps with {@code keepProperties: true}; testcases may carry none. */
    private static void writeProperties(XMLStreamWriter x, Counts counts, boolean grouped)
            throws XMLStreamException {
        if (counts.simulated == 0 && !grouped) {
            return;
        }
        text(x, "\n    ");
        x.writeStartElement("properties");
        if (grouped) {
            // The testcases are groups: the cells they hold, counted as an ungrouped file would count its cases.
            property(x, "cells", counts.cells);
            property(x, "cells_failed", counts.cellsFailed);
            property(x, "cells_skipped", counts.cellsSkipped);
        }
        if (counts.simulated > 0) {
            property(x, "simulated", counts.simulated);
        }
        x.writeEndElement();
    }

    private static void property(XMLStreamWriter x, String name, long value) throws XMLStreamException {
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", Long.toString(value));
    }

    private enum Kind { PASS, FAILURE, SKIPPED }

    /** What Jenkins shows for a case, with the message of a failure or a skip. */
    private record Verdict(Kind kind, String message) {
    }

    private static Verdict verdict(Case c) {
        if (c.attempts.isEmpty()) {
            return new Verdict(Kind.SKIPPED, "not run: planned for " + c.plannedIn + ", which left no result for it");
        }
        Attempt last = c.last();
        String notATrial = Trials.whyNotATrial(last.outcome(), c.simulated, c.reused, c.tier);
        if (notATrial != null) {
            return new Verdict(Kind.SKIPPED, "not a trial: " + notATrial
                    + (c.simulated ? "" : " (" + message(last) + ")"));
        }
        boolean passed = last.outcome() == Outcome.PASS;
        if (c.control) {
            return passed ? new Verdict(Kind.FAILURE,
                    "control not caught: it PASSED the free-threaded checks, which a GIL build must not")
                    : new Verdict(Kind.PASS, "control caught: " + message(last));
        }
        return passed ? new Verdict(Kind.PASS, null) : new Verdict(Kind.FAILURE, message(last));
    }

    /**
     * The verdict of a testcase: of a group, failed when any repeat failed (the message says how many of N and
     * which), skipped when every repeat was, passed otherwise.
     */
    private static Verdict verdict(List<Case> unit) {
        if (unit.size() == 1) {
            return verdict(unit.get(0));
        }
        List<String> failed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Case c : unit) {
            Kind k = verdict(c).kind();
            if (k == Kind.FAILURE) {
                failed.add(c.repeat());
            } else if (k == Kind.SKIPPED) {
                skipped.add(c.repeat());
            }
        }
        int n = unit.size();
        if (!failed.isEmpty()) {
            return new Verdict(Kind.FAILURE, failed.size() + " of " + n + " repeats failed: "
                    + String.join(", ", failed));
        }
        if (skipped.size() == n) {
            return new Verdict(Kind.SKIPPED, n + " of " + n + " repeats are not trials (each one's reason below)");
        }
        return new Verdict(Kind.PASS, (n - skipped.size()) + " of " + n + " repeats "
                + (unit.get(0).control ? "caught" : "passed")
                + (skipped.isEmpty() ? "" : "; not trials: " + String.join(", ", skipped)));
    }

    /**
     * A group of repeats as one testcase named {@code <os>/<python> (N repeats)}: its time the sum of theirs, one
     * line per repeat that did not pass (its verdict and its log file), and the log tail of the last failing
     * repeat when it carries one.
     */
    private static void writeGroup(XMLStreamWriter x, List<Case> unit) throws XMLStreamException {
        Case first = unit.get(0);
        Verdict verdict = verdict(unit);
        StringBuilder lines = new StringBuilder();
        Attempt lastFailed = null;
        List<String> types = new ArrayList<>();
        long millis = 0;
        for (Case c : unit) {
            millis += c.millis();
            Verdict v = verdict(c);
            if (v.kind() == Kind.PASS) {
                continue;
            }
            lines.append(c.repeat()).append(v.kind() == Kind.FAILURE ? " failed: " : " skipped: ")
                    .append(v.message());
            if (!c.attempts.isEmpty()) {
                Attempt last = c.last();
                lines.append(c.attempts.size() > 1 ? " (attempt " + last.attempt() + ")" : "")
                        .append(last.log() == null ? "" : "; log " + last.log());
                if (v.kind() == Kind.FAILURE) {
                    lastFailed = last;
                    String type = last.outcome().name() + (last.category() == null ? "" : "/" + last.category());
                    if (!types.contains(type)) {
                        types.add(type);
                    }
                }
            }
            lines.append('\n');
        }
        text(x, "\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", forXml(first.classname()));
        x.writeAttribute("name", forXml(first.groupName() + " (" + unit.size() + " repeats)"));
        x.writeAttribute("time", seconds(millis));
        switch (verdict.kind()) {
            case FAILURE -> {
                text(x, "\n      ");
                x.writeStartElement("failure");
                x.writeAttribute("message", oneLine(verdict.message()));
                x.writeAttribute("type", forXml(String.join(", ", types)));
                if (lastFailed != null && lastFailed.logTail() != null) {
                    lines.append('\n').append("log tail of the last failing repeat:\n")
                            .append(lastFailed.logTail());
                }
                x.writeCharacters(forXml(lines.toString()));
                x.writeEndElement();
            }
            case SKIPPED -> {
                text(x, "\n      ");
                x.writeStartElement("skipped");
                x.writeAttribute("message", oneLine(verdict.message()));
                x.writeCharacters(forXml(lines.toString()));
                x.writeEndElement();
            }
            case PASS -> {
                text(x, "\n      ");
                x.writeStartElement("system-out");
                x.writeCharacters(forXml(verdict.message() + (lines.length() == 0 ? "" : "\n" + lines)));
                x.writeEndElement();
            }
        }
        text(x, "\n    ");
        x.writeEndElement();
    }

    private static void writeCase(XMLStreamWriter x, Case c) throws XMLStreamException {
        text(x, "\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", forXml(c.classname()));
        x.writeAttribute("name", forXml(c.name));
        x.writeAttribute("time", seconds(c.millis()));
        Verdict verdict = verdict(c);
        switch (verdict.kind()) {
            case SKIPPED -> {
                text(x, "\n      ");
                x.writeStartElement("skipped");
                x.writeAttribute("message", oneLine(verdict.message()));
                if (!c.attempts.isEmpty() && c.last().logTail() != null) {
                    x.writeCharacters(forXml(c.last().logTail()));
                }
                x.writeEndElement();
            }
            case FAILURE -> problem(x, "failure", c.last(), verdict.message());
            case PASS -> {
                if (verdict.message() != null) {
                    text(x, "\n      ");
                    x.writeStartElement("system-out");
                    x.writeCharacters(forXml(verdict.message()));
                    x.writeEndElement();
                }
            }
        }
        if (!c.attempts.isEmpty()) {
            for (Attempt a : c.attempts.subList(0, c.attempts.size() - 1)) {
                problem(x, verdict.kind() == Kind.PASS ? "flakyFailure" : "rerunFailure", a,
                        "attempt " + a.attempt() + ": " + message(a));
            }
        }
        text(x, "\n    ");
        x.writeEndElement();
    }

    private static void problem(XMLStreamWriter x, String element, Attempt a, String message)
            throws XMLStreamException {
        text(x, "\n      ");
        x.writeStartElement(element);
        x.writeAttribute("message", oneLine(message));
        x.writeAttribute("type", forXml(a.outcome().name() + (a.category() == null ? "" : "/" + a.category())));
        String tail = forXml(a.logTail() == null ? "" : a.logTail());
        if (element.endsWith("Failure")) {
            // Surefire's rerun elements carry their output in a nested system-out.
            x.writeStartElement("system-out");
            x.writeCharacters(tail);
            x.writeEndElement();
        } else {
            x.writeCharacters(tail);
        }
        x.writeEndElement();
    }

    private static String message(Attempt a) {
        StringBuilder s = new StringBuilder(a.outcome().name());
        if (a.category() != null) {
            s.append(" (").append(a.category()).append(')');
        }
        if (a.detail() != null) {
            s.append(": ").append(a.detail());
        }
        return s.toString();
    }

    /**
     * An attribute value on one line: a parser turns a raw line break in an attribute into a space, so lines are
     * joined with " | " instead, and colour codes are dropped.
     */
    static String oneLine(String s) {
        String clean = forXml(s).strip();
        // The common message has no line break, and the pattern needs one to match.
        return clean.indexOf('\n') < 0 && clean.indexOf('\r') < 0 ? clean
                : LINE_BREAKS.matcher(clean).replaceAll(" | ");
    }

    /** Text as XML can carry it: terminal escape sequences removed, other illegal characters replaced. */
    static String forXml(String s) {
        // Every escape sequence starts with ESC: text without one is left as it is.
        return XmlText.clean(s.indexOf('\u001B') < 0 ? s : ANSI.matcher(s).replaceAll(""));
    }

    private static void text(XMLStreamWriter x, String s) throws XMLStreamException {
        x.writeCharacters(s);
    }

    /** {@code S.mmm}: what {@code String.format("%d.%03d")} gives, without a Formatter for each of a million cases. */
    static String seconds(long millis) {
        if (millis < 0) {
            return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
        }
        long fraction = millis % 1000;
        return (millis / 1000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }


    /** The last {@link #LOG_TAIL_BYTES} of the log, from a line start; null when there is no log. */
    static String logTail(Path baseDir, String log) {
        if (log == null || baseDir == null) {
            return null;
        }
        Path file = baseDir.resolve(log);
        if (!Files.isRegularFile(file)) {
            return "(log " + log + " not found next to the results)";
        }
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            long start = Math.max(0, size - LOG_TAIL_BYTES);
            ByteBuffer buf = ByteBuffer.allocate((int) (size - start));
            int read;
            do {
                read = ch.read(buf, start + buf.position());
            } while (read > 0 && buf.hasRemaining());
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(buf.flip()).toString();
            if (start > 0) {
                int nl = text.indexOf('\n');
                text = "[... " + (start + Math.max(nl, 0)) + " bytes before ...]\n" + (nl >= 0 ? text.substring(nl + 1) : text);
            }
            return text;
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }
}
