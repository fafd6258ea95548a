package dev.ftmatrix.report;

import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.stats.TierLabels;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
 */
public final class JunitReport {
    /** How much of a cell's log a failure carries: the end, where the failing step's output is. */
    public static final int LOG_TAIL_BYTES = 4096;

    private record Attempt(int attempt, Outcome outcome, String category, String detail, String logTail,
            double timeS) {
    }

    private static final class Case {
        final String tier;
        final String method;
        final String name;
        final boolean simulated;
        final boolean control;
        final List<Attempt> attempts = new ArrayList<>();

        Case(CellResult r) {
            tier = r.tier() == null ? "unknown" : r.tier();
            method = r.method();
            name = r.os() + "/" + r.python() + "#" + r.repeat();
            simulated = r.simulated();
            control = TierLabels.isControl(r.tier());
        }

        String classname() {
            return tier + "." + method;
        }
    }

    private final Map<String, Case> cases = new TreeMap<>();

    /** Adds one result line; {@code baseDir} is where its {@code log} path is relative to. */
    public void accept(CellResult r, Path baseDir) {
        Case c = cases.computeIfAbsent(r.cell(), k -> new Case(r));
        if (c.attempts.stream().anyMatch(a -> a.attempt() == r.attempt())) {
            return;
        }
        String tail = r.outcome() == Outcome.PASS && !c.control ? null : logTail(baseDir, r.log());
        c.attempts.add(new Attempt(r.attempt(), r.outcome(), r.failure() == null ? null : r.failure().category(),
                r.failure() == null ? null : r.failure().detail(), tail,
                r.durations() == null ? 0 : r.durations().totalS()));
    }

    public void write(Path file) {
        Map<String, List<Case>> suites = new TreeMap<>(TierLabels.ORDER);
        for (Case c : cases.values()) {
            c.attempts.sort(Comparator.comparingInt(Attempt::attempt));
            suites.computeIfAbsent(c.tier, k -> new ArrayList<>()).add(c);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            text(x, "\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "ftmatrix");
            writeCounts(x, cases.values().stream().toList());
            for (Map.Entry<String, List<Case>> suite : suites.entrySet()) {
                List<Case> list = new ArrayList<>(suite.getValue());
                list.sort(Comparator.comparing(Case::classname).thenComparing(c -> c.name));
                text(x, "\n  ");
                x.writeStartElement("testsuite");
                x.writeAttribute("name", TierLabels.isControl(suite.getKey()) ? "controls" : "tier " + suite.getKey());
                writeCounts(x, list);
                for (Case c : list) {
                    writeCase(x, c);
                }
                text(x, "\n  ");
                x.writeEndElement();
            }
            text(x, "\n");
            x.writeEndElement();
            text(x, "\n");
            x.writeEndDocument();
            x.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException("cannot write " + file + ": " + e.getMessage(), e));
        }
    }

    private static void writeCounts(XMLStreamWriter x, List<Case> list) throws XMLStreamException {
        long failures = list.stream().filter(c -> verdict(c) == Verdict.FAILURE).count();
        long errors = list.stream().filter(c -> verdict(c) == Verdict.ERROR).count();
        double time = list.stream().mapToDouble(c -> c.attempts.stream().mapToDouble(Attempt::timeS).sum()).sum();
        x.writeAttribute("tests", Integer.toString(list.size()));
        x.writeAttribute("failures", Long.toString(failures));
        x.writeAttribute("errors", Long.toString(errors));
        x.writeAttribute("skipped", "0");
        x.writeAttribute("time", seconds(time));
    }

    private enum Verdict { PASS, FAILURE, ERROR }

    private static Verdict verdict(Case c) {
        Attempt last = c.attempts.get(c.attempts.size() - 1);
        if (last.outcome() == Outcome.INFRA_ERROR) {
            return Verdict.ERROR;
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
