package dev.ftmatrix.results;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.ftmatrix.probe.ProbeReport;
import dev.ftmatrix.probe.ProbeReport.PackageResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pulls from one {@code cells.jsonl} line, with Jackson's streaming parser, only the fields that statistics and
 * {@code junit.xml} read, and skips the rest (image, digests, interpreter, timestamps, most of the probe report)
 * without building anything for it. The timing phase's figures ({@code timing} and {@code memory} of the result;
 * {@code threads}, {@code cpus}, {@code benchmarks} and {@code memory} of the probe) are few per line and read
 * whole by the performance evidence, so data binding builds them as it would for the whole line. A line this parser does not take as it is (any token of an unexpected kind, a
 * missing required field, broken JSON) gives null: the caller then reads the line with data binding, which is the
 * authority on what a result is and on the wording of errors. Not thread-safe; one per thread.
 */
final class LeanResultParser {
    private static final TypeReference<List<PackageResult>> PACKAGES = new TypeReference<>() {
    };

    private final JsonFactory factory = Json.MAPPER.getFactory();

    /** The result in {@code bytes[offset, offset + length)}, null when data binding must decide. */
    CellResult parse(byte[] bytes, int offset, int length) {
        try (JsonParser p = factory.createParser(bytes, offset, length)) {
            // Correctly rounded like the JDK's parser, so the same doubles, in a fraction of the time.
            p.enable(JsonParser.Feature.USE_FAST_DOUBLE_PARSER);
            return p.nextToken() == JsonToken.START_OBJECT ? result(p) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Thrown inside the parser when a value is not of the plain kind this parser takes. */
    private static final class NotPlain extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super(null, null, false, false);
        }
    }

    private CellResult result(JsonParser p) throws IOException {
        String runId = null;
        String cell = null;
        String matrix = null;
        String os = null;
        String method = null;
        String recipe = null;
        String tier = null;
        String python = null;
        int repeat = 0;
        int attempt = 0;
        Outcome outcome = null;
        Failure failure = null;
        Durations durations = null;
        ProbeReport probe = null;
        String log = null;
        boolean installReused = false;
        boolean simulated = false;
        CellResult.Timing timing = null;
        CellResult.PeakMemory memory = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "run_id" -> runId = text(p, t);
                case "cell" -> cell = text(p, t);
                case "matrix" -> matrix = text(p, t);
                case "os" -> os = text(p, t);
                case "method" -> method = text(p, t);
                case "recipe" -> recipe = text(p, t);
                case "tier" -> tier = text(p, t);
                case "python" -> python = text(p, t);
                case "repeat" -> repeat = integer(p, t);
                case "attempt" -> attempt = integer(p, t);
                case "outcome" -> {
                    String o = text(p, t);
                    outcome = o == null ? null : Outcome.valueOf(o);
                }
                case "failure" -> failure = failure(p, t);
                case "durations" -> durations = durations(p, t);
                case "probe" -> probe = probe(p, t);
                case "log" -> log = text(p, t);
                case "install_reused" -> installReused = bool(t);
                case "simulated" -> simulated = bool(t);
                case "timing" -> timing = bound(p, t, CellResult.Timing.class);
                case "memory" -> memory = bound(p, t, CellResult.PeakMemory.class);
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || runId == null || cell == null
                || outcome == null || tier != null && !ResultLines.validTier(tier)) {
            return null;
        }
        return new CellLine(runId, cell, matrix, os, null, null, method, recipe, null, null, tier, python, repeat,
                attempt, outcome, failure, null, null, durations, null, null, probe, log, null, installReused,
                simulated, null, null, null, null, timing, memory).toResult();
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            default -> throw NotPlain.INSTANCE;
        };
    }

    private static int integer(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw NotPlain.INSTANCE;
        }
        return p.getIntValue();
    }

    private static Double number(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_NULL -> null;
            default -> throw NotPlain.INSTANCE;
        };
    }

    private static boolean bool(JsonToken t) {
        return switch (t) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            default -> throw NotPlain.INSTANCE;
        };
    }

    /** Enters an object value; false for null. */
    private static boolean object(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> true;
            case VALUE_NULL -> false;
            default -> throw NotPlain.INSTANCE;
        };
    }

    private static Failure failure(JsonParser p, JsonToken t) throws IOException {
        if (!object(t)) {
            return null;
        }
        String category = null;
        String detail = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "category" -> category = text(p, v);
                case "detail" -> detail = text(p, v);
                default -> p.skipChildren();
            }
        }
        return new Failure(category, detail);
    }

    private static Durations durations(JsonParser p, JsonToken t) throws IOException {
        if (!object(t)) {
            return null;
        }
        Double install = null;
        Double probe = null;
        Double total = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "install_s" -> install = number(p, v);
                case "probe_s" -> probe = number(p, v);
                case "total_s" -> total = number(p, v);
                default -> p.skipChildren();
            }
        }
        if (total == null) {
            throw NotPlain.INSTANCE;
        }
        return new Durations(install, probe, total);
    }

    private static ProbeReport probe(JsonParser p, JsonToken t) throws IOException {
        if (!object(t)) {
            return null;
        }
        Integer pyGilDisabled = null;
        ProbeReport.Threads threads = null;
        List<PackageResult> packages = null;
        ProbeReport.Cpus cpus = null;
        ProbeReport.Benchmarks benchmarks = null;
        ProbeReport.Memory memory = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "py_gil_disabled" -> pyGilDisabled = v == JsonToken.VALUE_NULL ? null : integer(p, v);
                case "threads" -> threads = threads(p, v);
                case "cpus" -> cpus = bound(p, v, ProbeReport.Cpus.class);
                case "benchmarks" -> benchmarks = bound(p, v, ProbeReport.Benchmarks.class);
                case "memory" -> memory = bound(p, v, ProbeReport.Memory.class);
                // Package results are rare and read whole by statistics: data binding builds them.
                case "packages" -> packages = v == JsonToken.VALUE_NULL ? null : Json.MAPPER.readValue(p, PACKAGES);
                default -> p.skipChildren();
            }
        }
        return new ProbeReport(0, null, null, null, pyGilDisabled, null, null, null, threads, null, packages, null,
                cpus, benchmarks, memory);
    }

    /**
     * The thread-scaling figures, one per line and in every result the timing phase ran: read by hand, as data
     * binding reads the record (unknown fields skipped, a later duplicate wins, null for an absent number or list,
     * false for an absent flag); any value of another kind sends the line to data binding.
     */
    private static ProbeReport.Threads threads(JsonParser p, JsonToken t) throws IOException {
        if (!object(t)) {
            return null;
        }
        int n = 0;
        Integer repeats = null;
        Double oneThread = null;
        Double nThreads = null;
        List<Double> oneSpread = null;
        List<Double> nSpread = null;
        Double speedup = null;
        Double efficiency = null;
        boolean noisy = false;
        boolean remeasured = false;
        Double singleThread = null;
        List<Double> oneRepeats = null;
        List<Double> nRepeats = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "n" -> n = integer(p, v);
                case "repeats" -> repeats = v == JsonToken.VALUE_NULL ? null : integer(p, v);
                case "one_thread_s" -> oneThread = number(p, v);
                case "n_threads_s" -> nThreads = number(p, v);
                case "one_thread_spread_s" -> oneSpread = numbers(p, v);
                case "n_threads_spread_s" -> nSpread = numbers(p, v);
                case "speedup" -> speedup = number(p, v);
                case "efficiency" -> efficiency = number(p, v);
                case "noisy" -> noisy = bool(v);
                case "remeasured" -> remeasured = bool(v);
                case "single_thread_s" -> singleThread = number(p, v);
                case "one_thread_repeats_s" -> oneRepeats = numbers(p, v);
                case "n_threads_repeats_s" -> nRepeats = numbers(p, v);
                default -> p.skipChildren();
            }
        }
        return new ProbeReport.Threads(n, repeats, oneThread, nThreads, oneSpread, nSpread, speedup, efficiency, noisy,
                remeasured, singleThread, oneRepeats, nRepeats);
    }

    /** A list of numbers, none of them null; null for null. */
    private static List<Double> numbers(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw NotPlain.INSTANCE;
        }
        List<Double> values = new ArrayList<>();
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            Double d = number(p, v);
            if (d == null) {
                throw NotPlain.INSTANCE;
            }
            values.add(d);
        }
        return values;
    }

    /** An object value built by data binding, as reading the whole line would; null for null. */
    private static <T> T bound(JsonParser p, JsonToken t, Class<T> type) throws IOException {
        return object(t) ? Json.MAPPER.readValue(p, type) : null;
    }
}
