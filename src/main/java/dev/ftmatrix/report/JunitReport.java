package dev.ftmatrix.report;

import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.stats.TierLabels;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml} for Jenkins' junit step: one testcase per trial (a cell and its attempts), classname
 * {@code <tier>.<method>}, name {@code <os>/<python>#<repeat>}, one testsuite per tier. The last attempt decides:
 * a failing outcome is a {@code <failure>} carrying outcome, category and a bounded log tail; {@code INFRA_ERROR} is
 * an {@code <error>}; a pass after infrastructure retries keeps each retry as a {@code <flakyFailure>}, a failure
 * after them as {@code <rerunFailure>} (Surefire's elements, which the junit plugin parses). A control passes when it
 * is caught (any outcome but PASS) and fails when it is not.
 *
 * <p>Results are held as compact rows (no log text: tails are read while writing) in a {@link SpillingSort}, so a
 * million results fit in a small heap. The output does not depend on whether anything was spilled.
 */
public final class JunitReport {
    /** How much of a cell's log a failure carries: the end, where the failing step's output is. */
    public static final int LOG_TAIL_BYTES = 4096;
    /** Rows held in memory before a sorted run of them goes to disk: a few tens of megabytes. */
    static final int DEFAULT_CHUNK = 100_000;

    /** How many failures of each method carry their log tail unless told otherwise: enough to see a pattern. */
    public static final int DEFAULT_TAILS_PER_METHOD = 20;

    /**
     * What bounds the file's size: {@code tailsPerMethod} failures of each method (the latest in input order, which
     * is the order cells finished in) carry a log tail, the rest name their log; {@code groupRepeats} makes one
     * testcase of a cell's repeats.
     */
    public record Limits(int tailsPerMethod, boolean groupRepeats) {
        public static final Limits DEFAULT = new Limits(DEFAULT_TAILS_PER_METHOD, false);

        public Limits {
            if (tailsPerMethod < 0) {
                throw new IllegalArgumentException("tailsPerMethod < 0: " + tailsPerMethod);
            }
        }
    }

    private record Attempt(int attempt, long seq, Outcome outcome, String category, String detail, String logTail,
            double timeS) {
    }

    /** One accepted result line; {@code seq} keeps the first of two lines for the same attempt. */
    private record Row(String tier, String method, String name, String cell, int attempt, long seq,
            Outcome outcome, String category, String detail, String baseDir, String log, double timeS,
            boolean simulated) {
        String classname() {
            return tier + "." + method;
        }

        boolean control() {
            return TierLabels.isControl(tier);
        }

        /** Its tail would be written: a failing last attempt, or a retried one (an infrastructure error). */
        boolean failing() {
            return outcome == Outcome.INFRA_ERROR || (outcome == Outcome.PASS) == control();
        }

        void writeTo(DataOutputStream out) throws IOException {
            for (String s : new String[] {tier, method, name, cell, outcome.name(), category, detail, baseDir, log}) {
                SpillingSort.writeString(out, s);
            }
            out.writeInt(attempt);
            out.writeLong(seq);
            out.writeDouble(timeS);
            out.writeBoolean(simulated);
        }

        static Row readFrom(DataInputStream in) throws IOException {
            String tier = SpillingSort.readString(in);
            String method = SpillingSort.readString(in);
            String name = SpillingSort.readString(in);
            String cell = SpillingSort.readString(in);
            Outcome outcome = Outcome.valueOf(SpillingSort.readString(in));
            String category = SpillingSort.readString(in);
            String detail = SpillingSort.readString(in);
            String baseDir = SpillingSort.readString(in);
            String log = SpillingSort.readString(in);
            int attempt = in.readInt();
            long seq = in.readLong();
            double timeS = in.readDouble();
            return new Row(tier, method, name, cell, attempt, seq, outcome, category, detail, baseDir, log, timeS,
                    in.readBoolean());
        }
    }

    /**
     * The report's order: suite (tier), classname, name, then the cell's attempts. Within a tier, the classname
     * {@code <tier>.<method>} sorts as the method does, so no classname is built per comparison.
     */
    private static final Comparator<Row> ORDER = JunitReport::compare;

    /** {@link #ORDER} by hand: a million rows are compared some 40 million times, mostly within one tier. */
    private static int compare(Row a, Row b) {
        int c = a.tier().equals(b.tier()) ? 0 : TierLabels.ORDER.compare(a.tier(), b.tier());
        if (c == 0) {
            c = a.method().compareTo(b.method());
        }
        if (c == 0) {
            c = a.name().compareTo(b.name());
        }
        if (c == 0) {
            c = a.cell().compareTo(b.cell());
        }
        if (c == 0) {
            c = Integer.compare(a.attempt(), b.attempt());
        }
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    }

    private static final class Case implements Testcase {
        final String tier;
        final String method;
        final String name;
        final boolean simulated;
        final boolean control;
        final List<Attempt> attempts = new ArrayList<>();

        Case(Row r) {
            tier = r.tier();
            method = r.method();
            name = r.name();
            simulated = r.simulated();
            control = r.control();
        }

        String classname() {
            return tier + "." + method;
        }

        Attempt last() {
            return attempts.get(attempts.size() - 1);
        }

        @Override
        public String tier() {
            return tier;
        }

        @Override
        public Verdict verdict() {
            if (last().outcome() == Outcome.INFRA_ERROR) {
                return Verdict.ERROR;
            }
            boolean passed = last().outcome() == Outcome.PASS;
            return passed != control ? Verdict.PASS : Verdict.FAILURE;
        }

        @Override
        public double allTime() {
            return attempts.stream().mapToDouble(Attempt::timeS).sum();
        }

        @Override
        public void write(XMLStreamWriter x) throws XMLStreamException {
            writeCase(x, this);
        }
    }

    /**
     * The repeats of one cell ({@code <os>/<python>} of a method) as one testcase: it fails when any repeat failed,
     * is an error when none failed but one ended in an infrastructure error, and carries the latest failing repeat's
     * message and tail, the counts as properties.
     */
    private static final class Group implements Testcase {
        final Case first;
        final String name;
        long repeats;
        long failed;
        long errors;
        long retries;
        double time;
        double allTime;
        boolean simulated;
        Case latestFailed;
        Case latestError;

        Group(Case c) {
            first = c;
            name = withoutRepeat(c.name);
            add(c);
        }

        private static String withoutRepeat(String name) {
            int hash = name.lastIndexOf('#');
            return hash < 0 ? name : name.substring(0, hash);
        }

        boolean takes(Case c) {
            return c.tier.equals(first.tier) && c.method.equals(first.method) && withoutRepeat(c.name).equals(name);
        }

        void add(Case c) {
            repeats++;
            retries += c.attempts.size() - 1;
            time += c.last().timeS();
            allTime += c.allTime();
            simulated |= c.simulated;
            switch (c.verdict()) {
                case FAILURE -> {
                    failed++;
                    latestFailed = latest(latestFailed, c);
                }
                case ERROR -> {
                    errors++;
                    latestError = latest(latestError, c);
                }
                case PASS -> {
                }
            }
        }

        private static Case latest(Case a, Case b) {
            return a == null || b.last().seq() > a.last().seq() ? b : a;
        }

        @Override
        public String tier() {
            return first.tier;
        }

        @Override
        public Verdict verdict() {
            return failed > 0 ? Verdict.FAILURE : errors > 0 ? Verdict.ERROR : Verdict.PASS;
        }

        @Override
        public double allTime() {
            return allTime;
        }

        @Override
        public void write(XMLStreamWriter x) throws XMLStreamException {
            text(x, "\n    ");
            x.writeStartElement("testcase");
            x.writeAttribute("classname", first.classname());
            x.writeAttribute("name", name);
            x.writeAttribute("time", seconds(time));
            text(x, "\n      ");
            x.writeStartElement("properties");
            property(x, "repeats", repeats);
            property(x, "failed", failed);
            property(x, "errors", errors);
            property(x, "infra_retries", retries);
            if (simulated) {
                x.writeEmptyElement("property");
                x.writeAttribute("name", "simulated");
                x.writeAttribute("value", "true");
            }
            x.writeEndElement();
            String counts = failed + " of " + repeats + " repeats " + (first.control ? "not caught" : "failed")
                    + (errors == 0 ? "" : ", " + errors + " ended in an infrastructure error");
            switch (verdict()) {
                case FAILURE -> problem(x, "failure", latestFailed.last(), counts + "; latest, "
                        + repeatOf(latestFailed) + ": " + (first.control
                                ? "control not caught: it PASSED the free-threaded checks, which a GIL build must not"
                                : message(latestFailed.last())));
                case ERROR -> problem(x, "error", latestError.last(), errors + " of " + repeats
                        + " repeats ended in an infrastructure error; latest, " + repeatOf(latestError) + ": "
                        + message(latestError.last()));
                case PASS -> {
                }
            }
            text(x, "\n    ");
            x.writeEndElement();
        }

        private static String repeatOf(Case c) {
            int hash = c.name.lastIndexOf('#');
            return hash < 0 ? c.name : c.name.substring(hash);
        }

        private static void property(XMLStreamWriter x, String name, long value) throws XMLStreamException {
            x.writeEmptyElement("property");
            x.writeAttribute("name", name);
            x.writeAttribute("value", Long.toString(value));
        }
    }

    private static final SpillingSort.Codec<Row> CODEC = new SpillingSort.Codec<>() {
        @Override
        public void write(Row row, DataOutputStream out) throws IOException {
            row.writeTo(out);
        }

        @Override
        public Row read(DataInputStream in) throws IOException {
            return Row.readFrom(in);
        }
    };

    private final SpillingSort<Row> rows;
    private final Limits limits;
    /** Per classname, the input positions of its latest failing rows, smallest first: those carry a tail. */
    private final Map<String, PriorityQueue<Long>> latestFailures = new HashMap<>();
    private long seq;
    private Path lastBaseDir;
    private String lastBaseDirText;

    public JunitReport() {
        this(Limits.DEFAULT);
    }

    public JunitReport(Limits limits) {
        this(DEFAULT_CHUNK, limits);
    }

    JunitReport(int chunk, Limits limits) {
        rows = new SpillingSort<>(ORDER, CODEC, chunk, "ftmatrix-junit-");
        this.limits = limits;
    }

    /** Adds one result line; {@code baseDir} is where its {@code log} path is relative to. */
    public void accept(CellResult r, Path baseDir) {
        Row row = new Row(r.tier() == null ? "unknown" : r.tier(), r.method(),
                r.os() + "/" + r.python() + "#" + r.repeat(), r.cell(), r.attempt(), seq++, r.outcome(),
                r.failure() == null ? null : r.failure().category(), r.failure() == null ? null : r.failure().detail(),
                baseDirText(baseDir), r.log(),
                r.durations() == null ? 0 : r.durations().totalS(), r.simulated());
        rows.add(row);
        if (row.failing() && row.log() != null && limits.tailsPerMethod() > 0) {
            PriorityQueue<Long> latest = latestFailures.computeIfAbsent(row.classname(), k -> new PriorityQueue<>());
            latest.add(row.seq());
            if (latest.size() > limits.tailsPerMethod()) {
                latest.poll();
            }
        }
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

    public void write(Path file) {
        Set<Long> withTails = new HashSet<>();
        latestFailures.values().forEach(withTails::addAll);
        try {
            Totals totals = count();
            // Through a buffered Writer: the JDK's XMLStreamWriter on a bare OutputStream encodes char by char.
            try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                    StandardCharsets.UTF_8), 1 << 16);
                    Testcases cases = testcases(withTails)) {
                XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
                x.writeStartDocument("UTF-8", "1.0");
                text(x, "\n");
                x.writeStartElement("testsuites");
                x.writeAttribute("name", "ftmatrix");
                writeCounts(x, totals.all());
                String suite = null;
                for (Testcase c = cases.next(); c != null; c = cases.next()) {
                    if (!c.tier().equals(suite)) {
                        if (suite != null) {
                            text(x, "\n  ");
                            x.writeEndElement();
                        }
                        suite = c.tier();
                        text(x, "\n  ");
                        x.writeStartElement("testsuite");
                        x.writeAttribute("name", TierLabels.isControl(suite) ? "controls" : "tier " + suite);
                        writeCounts(x, totals.suites().get(suite));
                    }
                    c.write(x);
                }
                if (suite != null) {
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
        }
    }

    /** One {@code <testcase>}: a trial, or with {@link Limits#groupRepeats()} the repeats of a cell. */
    private interface Testcase {
        String tier();

        Verdict verdict();

        /** Every attempt's seconds, for the suite's total. */
        double allTime();

        void write(XMLStreamWriter x) throws XMLStreamException;
    }

    /** The testcases in report order; null at the end. */
    private interface Testcases extends Closeable {
        Testcase next() throws IOException;
    }

    private Testcases testcases(Set<Long> withTails) throws IOException {
        CaseIterator cases = new CaseIterator(rows.sorted(), withTails, limits.tailsPerMethod());
        if (!limits.groupRepeats()) {
            return new Testcases() {
                @Override
                public Testcase next() throws IOException {
                    return cases.hasNext() ? cases.next() : null;
                }

                @Override
                public void close() throws IOException {
                    cases.close();
                }
            };
        }
        return new Testcases() {
            private Case pending = cases.hasNext() ? cases.next() : null;

            @Override
            public Testcase next() throws IOException {
                if (pending == null) {
                    return null;
                }
                Group g = new Group(pending);
                pending = cases.hasNext() ? cases.next() : null;
                while (pending != null && g.takes(pending)) {
                    g.add(pending);
                    pending = cases.hasNext() ? cases.next() : null;
                }
                return g;
            }

            @Override
            public void close() throws IOException {
                cases.close();
            }
        };
    }

    /** Counts of a suite or of the whole file, written before its cases: a first pass over the sorted rows. */
    private static final class Counts {
        long tests;
        long failures;
        long errors;
        double time;

        void add(Testcase c) {
            tests++;
            Verdict v = c.verdict();
            failures += v == Verdict.FAILURE ? 1 : 0;
            errors += v == Verdict.ERROR ? 1 : 0;
            time += c.allTime();
        }
    }

    private record Totals(Counts all, Map<String, Counts> suites) {
    }

    private Totals count() throws IOException {
        Counts all = new Counts();
        Map<String, Counts> suites = new HashMap<>();
        try (Testcases cases = testcases(null)) {
            for (Testcase c = cases.next(); c != null; c = cases.next()) {
                all.add(c);
                suites.computeIfAbsent(c.tier(), k -> new Counts()).add(c);
            }
        }
        return new Totals(all, suites);
    }

    /**
     * The cases, one per cell, from rows in report order: a cell's rows are adjacent, and a second line for the same
     * attempt is dropped. Log tails are read one case at a time, for failing rows whose position is in
     * {@code withTails} (none when it is null); other failing rows with a log name it instead.
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

        boolean hasNext() {
            return pending != null;
        }

        Case next() throws IOException {
            Case c = new Case(pending);
            String cell = pending.cell();
            int last = 0;
            while (pending != null && pending.cell().equals(cell)) {
                Row r = pending;
                if (r.attempt() != last) {
                    last = r.attempt();
                    c.attempts.add(new Attempt(r.attempt(), r.seq(), r.outcome(), r.category(), r.detail(), tail(r),
                            r.timeS()));
                }
                pending = rows.next();
            }
            return c;
        }

        private String tail(Row r) {
            if (withTails == null || !r.failing()) {
                return null;
            }
            if (r.log() != null && !withTails.contains(r.seq())) {
                return "(log tail left out: junit.xml carries it for the latest " + tailsPerMethod + " failures of "
                        + r.classname() + "; the full log is " + r.log() + " next to the results)";
            }
            return logTail(r.baseDir() == null ? null : Path.of(r.baseDir()), r.log());
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }

    private static void writeCounts(XMLStreamWriter x, Counts counts) throws XMLStreamException {
        x.writeAttribute("tests", Long.toString(counts.tests));
        x.writeAttribute("failures", Long.toString(counts.failures));
        x.writeAttribute("errors", Long.toString(counts.errors));
        x.writeAttribute("skipped", "0");
        x.writeAttribute("time", seconds(counts.time));
    }

    private enum Verdict { PASS, FAILURE, ERROR }

    private static void writeCase(XMLStreamWriter x, Case c) throws XMLStreamException {
        Attempt last = c.attempts.get(c.attempts.size() - 1);
        List<Attempt> retried = c.attempts.subList(0, c.attempts.size() - 1);
        text(x, "\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", c.classname());
        x.writeAttribute("name", c.name);
        x.writeAttribute("time", seconds(last.timeS()));
        if (c.simulated) {
            text(x, "\n      ");
            x.writeStartElement("properties");
            x.writeEmptyElement("property");
            x.writeAttribute("name", "simulated");
            x.writeAttribute("value", "true");
            x.writeEndElement();
        }
        Verdict verdict = c.verdict();
        switch (verdict) {
            case ERROR -> problem(x, "error", last, message(last));
            case FAILURE -> problem(x, "failure", last, c.control
                    ? "control not caught: it PASSED the free-threaded checks, which a GIL build must not"
                    : message(last));
            case PASS -> {
                if (c.control) {
                    text(x, "\n      ");
                    x.writeStartElement("system-out");
                    x.writeCharacters(clean("control caught: " + message(last)));
                    x.writeEndElement();
                }
            }
        }
        for (Attempt a : retried) {
            problem(x, verdict == Verdict.PASS ? "flakyFailure" : "rerunFailure", a,
                    "attempt " + a.attempt() + ": " + message(a));
        }
        if (c.simulated) {
            text(x, "\n      ");
            x.writeStartElement("system-err");
            x.writeCharacters("simulated: a contract test against a fake upstream tool, not evidence about the method");
            x.writeEndElement();
        }
        text(x, "\n    ");
        x.writeEndElement();
    }

    private static void problem(XMLStreamWriter x, String element, Attempt a, String message)
            throws XMLStreamException {
        text(x, "\n      ");
        x.writeStartElement(element);
        x.writeAttribute("message", clean(message));
        x.writeAttribute("type", a.outcome().name() + (a.category() == null ? "" : "/" + a.category()));
        if (element.endsWith("Failure")) {
            // Surefire's rerun elements carry their output in a nested stack trace / system-out.
            x.writeStartElement("system-out");
            x.writeCharacters(clean(a.logTail() == null ? "" : a.logTail()));
            x.writeEndElement();
        } else {
            x.writeCharacters(clean(a.logTail() == null ? "" : a.logTail()));
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

    private static void text(XMLStreamWriter x, String s) throws XMLStreamException {
        x.writeCharacters(s);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /** XML 1.0 cannot carry most control characters, whatever the escaping; a log can hold any byte. */
    static String clean(String s) {
        if (legal(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean legal = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
            b.appendCodePoint(legal ? cp : 0xFFFD);
        });
        return b.toString();
    }

    /** A plain loop: this runs on every message and tail, and a stream per string showed in profiles. */
    private static boolean legal(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD))) {
                return false;
            }
        }
        return true;
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
