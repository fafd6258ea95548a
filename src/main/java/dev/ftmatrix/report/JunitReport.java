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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml} for Jenkins' junit step: one testcase per trial (a cell and its attempts), classname
 * {@code <tier>.<method>}, name {@code <os>/<python>#<repeat>}, one testsuite per tier. The last attempt decides:
 * a failing outcome is a {@code <failure>} carrying outcome, category and a bounded log tail; {@code INFRA_ERROR} is
 * an {@code <error>}; {@code NOT_APPLICABLE} is {@code <skipped>} with the reason; a pass after infrastructure retries keeps each retry as a {@code <flakyFailure>}, a failure
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

    private record Attempt(int attempt, Outcome outcome, String category, String detail, String logTail,
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

    /** The report's order: suite (tier), classname, name, then the cell's attempts. */
    private static final Comparator<Row> ORDER = Comparator.comparing(Row::tier, TierLabels.ORDER)
            .thenComparing(Row::classname).thenComparing(Row::name).thenComparing(Row::cell)
            .thenComparingInt(Row::attempt).thenComparingLong(Row::seq);

    private static final class Case {
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
    private long seq;

    public JunitReport() {
        this(DEFAULT_CHUNK);
    }

    JunitReport(int chunk) {
        rows = new SpillingSort<>(ORDER, CODEC, chunk, "ftmatrix-junit-");
    }

    /** Adds one result line; {@code baseDir} is where its {@code log} path is relative to. */
    public void accept(CellResult r, Path baseDir) {
        rows.add(new Row(r.tier() == null ? "unknown" : r.tier(), r.method(),
                r.os() + "/" + r.python() + "#" + r.repeat(), r.cell(), r.attempt(), seq++, r.outcome(),
                r.failure() == null ? null : r.failure().category(), r.failure() == null ? null : r.failure().detail(),
                baseDir == null ? null : baseDir.toString(), r.log(),
                r.durations() == null ? 0 : r.durations().totalS(), r.simulated()));
    }

    public void write(Path file) {
        try {
            Totals totals = count();
            // Through a buffered Writer: the JDK's XMLStreamWriter on a bare OutputStream encodes char by char.
            try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                    StandardCharsets.UTF_8), 1 << 16);
                    CaseIterator cases = new CaseIterator(rows.sorted(), true)) {
                XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
                x.writeStartDocument("UTF-8", "1.0");
                text(x, "\n");
                x.writeStartElement("testsuites");
                x.writeAttribute("name", "ftmatrix");
                writeCounts(x, totals.all());
                String suite = null;
                while (cases.hasNext()) {
                    Case c = cases.next();
                    if (!c.tier.equals(suite)) {
                        if (suite != null) {
                            text(x, "\n  ");
                            x.writeEndElement();
                        }
                        suite = c.tier;
                        text(x, "\n  ");
                        x.writeStartElement("testsuite");
                        x.writeAttribute("name", TierLabels.isControl(suite) ? "controls" : "tier " + suite);
                        writeCounts(x, totals.suites().get(suite));
                    }
                    writeCase(x, c);
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

    /** Counts of a suite or of the whole file, written before its cases: a first pass over the sorted rows. */
    private static final class Counts {
        long tests;
        long failures;
        long errors;
        long skipped;
        double time;

        void add(Case c) {
            tests++;
            Verdict v = verdict(c);
            failures += v == Verdict.FAILURE ? 1 : 0;
            errors += v == Verdict.ERROR ? 1 : 0;
            skipped += v == Verdict.SKIPPED ? 1 : 0;
            time += c.attempts.stream().mapToDouble(Attempt::timeS).sum();
        }
    }

    private record Totals(Counts all, Map<String, Counts> suites) {
    }

    private Totals count() throws IOException {
        Counts all = new Counts();
        Map<String, Counts> suites = new HashMap<>();
        try (CaseIterator cases = new CaseIterator(rows.sorted(), false)) {
            while (cases.hasNext()) {
                Case c = cases.next();
                all.add(c);
                suites.computeIfAbsent(c.tier, k -> new Counts()).add(c);
            }
        }
        return new Totals(all, suites);
    }

    /**
     * The cases, one per cell, from rows in report order: a cell's rows are adjacent, and a second line for the same
     * attempt is dropped. Log tails are read only when {@code withTails}, one case at a time.
     */
    private static final class CaseIterator implements Closeable {
        private final SpillingSort.Cursor<Row> rows;
        private final boolean withTails;
        private Row pending;

        CaseIterator(SpillingSort.Cursor<Row> rows, boolean withTails) throws IOException {
            this.rows = rows;
            this.withTails = withTails;
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
                    String tail = !withTails || (r.outcome() == Outcome.PASS && !c.control) ? null
                            : logTail(r.baseDir() == null ? null : Path.of(r.baseDir()), r.log());
                    c.attempts.add(new Attempt(r.attempt(), r.outcome(), r.category(), r.detail(), tail, r.timeS()));
                }
                pending = rows.next();
            }
            return c;
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
        x.writeAttribute("skipped", Long.toString(counts.skipped));
        x.writeAttribute("time", seconds(counts.time));
    }

    private enum Verdict { PASS, FAILURE, ERROR, SKIPPED }

    private static Verdict verdict(Case c) {
        Attempt last = c.attempts.get(c.attempts.size() - 1);
        if (last.outcome() == Outcome.INFRA_ERROR) {
            return Verdict.ERROR;
        }
        if (last.outcome() == Outcome.NOT_APPLICABLE) {
            return Verdict.SKIPPED;
        }
        boolean passed = last.outcome() == Outcome.PASS;
        return passed != c.control ? Verdict.PASS : Verdict.FAILURE;
    }

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
        Verdict verdict = verdict(c);
        switch (verdict) {
            case ERROR -> problem(x, "error", last, message(last));
            case SKIPPED -> {
                text(x, "\n      ");
                x.writeEmptyElement("skipped");
                x.writeAttribute("message", clean(last.detail() == null ? message(last) : last.detail()));
            }
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
        if (s.chars().allMatch(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD))) {
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
