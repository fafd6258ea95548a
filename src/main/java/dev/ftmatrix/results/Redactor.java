package dev.ftmatrix.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.ftmatrix.matrix.Cell;
import java.io.IOException;
import dev.ftmatrix.recipe.RecipeCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets with {@value RecipeCatalog#REDACTED} in everything ftmatrix writes: the values of the run's
 * secrets (also as they appear inside JSON strings), and the credentials of any URL ({@code https://user:pass@host/}
 * becomes {@code https://***@host/}). Text is redacted whole when it is written, so a secret that a step printed in
 * several pieces is found; where a step's huge output was cut (head and tail kept), a secret's piece at either side of
 * the cut is redacted too.
 */
public final class Redactor {
    /** Credentials before the host of a URL: everything between {@code scheme://} and the last {@code @}. */
    private static final Pattern URL_CREDENTIALS =
            Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.-]*://)[^/\\s@\"'<>]+@(?=[^\\s/@\"'<>]+)");
    /** The marker {@code BoundedOutput} writes where it left out the middle of a step's output. */
    private static final Pattern CUT = Pattern.compile("\n\\[ftmatrix: \\d+ bytes omitted]\n");
    /** Shorter pieces of a secret at a cut are too common to tell from other text, and reveal too little. */
    private static final int MIN_PIECE = 3;

    /**
     * The longest string a result records. Step output belongs in the log (itself bounded); a field this long is
     * a value that grew out of hand, and a line of hundreds of megabytes would stop every later reader.
     */
    public static final int MAX_RECORDED = 64 * 1024;
    /**
     * Fields the orchestrator writes from the validated matrix or its own state, never from a step: ids, names,
     * digests, paths and the run's status. A short secret that happens to occur in one ("0" in a run id) must not
     * make a run unresumable or a cell unrecognisable, and their text reveals nothing the matrix does not.
     */
    private static final Set<String> IDENTITY = Set.of("run_id", "cell", "matrix", "os", "method", "recipe", "tier",
            "python", "status", "category", "log", "image", "image_digest", "recipe_sha256", "matrix_file",
            "matrix_sha256", "ftmatrix_version", "shard", "pull", "only");
    private static final ObjectMapper REDACTING = Json.MAPPER.copy()
            .registerModule(new SimpleModule().addSerializer(String.class, new RedactingStringSerializer()));

    private final List<String> secrets;

    /** @param secrets the values to hide; empty ones are ignored */
    public Redactor(Collection<String> secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) {
                forms.add(s);
                forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(s)));
            }
        }
        List<String> sorted = new ArrayList<>(forms);
        // Longest first, so a secret that contains another is hidden whole.
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(sorted);
    }

    /** A redactor for URL credentials only, for runs without secrets. */
    public static Redactor urlCredentialsOnly() {
        return new Redactor(List.of());
    }

    /** The resolved secrets of the cells' methods. */
    public static Redactor forCells(Collection<Cell> cells) {
        List<String> values = new ArrayList<>();
        cells.forEach(c -> c.method().secrets().values().forEach(s -> values.add(s.value())));
        return new Redactor(values);
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = text;
        for (String secret : secrets) {
            // Replacing can join text around the marker into the secret again ("a*" in "aa*"); each pass removes a
            // character that is not '*', so this ends. A secret made only of '*' is left: the marker itself is one.
            while (s.contains(secret) && !RecipeCatalog.REDACTED.contains(secret)) {
                s = s.replace(secret, RecipeCatalog.REDACTED);
            }
        }
        if (!secrets.isEmpty()) {
            s = redactAtCuts(s);
        }
        return URL_CREDENTIALS.matcher(s).replaceAll("$1" + Matcher.quoteReplacement(RecipeCatalog.REDACTED) + "@");
    }

    /**
     * The result as it may be shown or written: every string in it redacted. Enums, numbers, booleans and instants
     * are never touched, so a secret such as {@code e} or {@code 0} cannot turn them into something that no longer
     * reads back (issue 15: {@code false} had become {@code fals***}, and every later result was lost).
     */
    public CellResult redact(CellResult result) {
        Objects.requireNonNull(result, "result");
        try {
            return Json.MAPPER.readValue(json(result), CellResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cell result serialised by its own mapper always reads back", e);
        }
    }

    /** {@code value} as one line of JSON, each string in it redacted and bounded (see {@link #MAX_RECORDED}). */
    public String json(Object value) {
        try {
            return REDACTING.writer().withAttribute(Redactor.class, this).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of results always serialises", e);
        }
    }

    /** {@link #json}, indented for people to read. */
    public String prettyJson(Object value) {
        try {
            return REDACTING.writerWithDefaultPrettyPrinter().withAttribute(Redactor.class, this)
                    .writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of results always serialises", e);
        }
    }

    /** A recorded string, redacted, then cut to at most {@link #MAX_RECORDED} characters. */
    String recorded(String text) {
        String redacted = redact(text);
        if (redacted.length() <= MAX_RECORDED) {
            return redacted;
        }
        String marker = "\n[ftmatrix: " + (redacted.length() - MAX_RECORDED) + " characters omitted]";
        int keep = MAX_RECORDED - marker.length();
        // Never split a surrogate pair: half a character is not valid UTF-8.
        if (Character.isHighSurrogate(redacted.charAt(keep - 1))) {
            keep--;
        }
        return redacted.substring(0, keep) + marker;
    }

    /** Writes each string through the {@link Redactor} the writer carries as an attribute. */
    private static final class RedactingStringSerializer extends StdSerializer<String> {
        private static final long serialVersionUID = 1L;

        RedactingStringSerializer() {
            super(String.class);
        }

        @Override
        public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            Redactor redactor = (Redactor) provider.getAttribute(Redactor.class);
            String name = gen.getOutputContext().getCurrentName();
            boolean identity = name != null && IDENTITY.contains(name);
            gen.writeString(redactor == null || identity ? value : redactor.recorded(value));
        }
    }

    private String redactAtCuts(String text) {
        Matcher cut = CUT.matcher(text);
        List<String> segments = new ArrayList<>();
        List<String> cuts = new ArrayList<>();
        int from = 0;
        while (cut.find()) {
            segments.add(text.substring(from, cut.start()));
            cuts.add(cut.group());
            from = cut.end();
        }
        if (cuts.isEmpty()) {
            return text;
        }
        segments.add(text.substring(from));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (i > 0) {
                segment = withoutLeadingPiece(segment);
                out.append(cuts.get(i - 1));
            }
            if (i < cuts.size()) {
                segment = withoutTrailingPiece(segment);
            }
            out.append(segment);
        }
        return out.toString();
    }

    private String withoutTrailingPiece(String before) {
        for (String secret : secrets) {
            for (int n = secret.length() - 1; n >= MIN_PIECE; n--) {
                if (before.endsWith(secret.substring(0, n))) {
                    return before.substring(0, before.length() - n) + RecipeCatalog.REDACTED;
                }
            }
        }
        return before;
    }

    private String withoutLeadingPiece(String after) {
        for (String secret : secrets) {
            for (int n = secret.length() - 1; n >= MIN_PIECE; n--) {
                if (after.startsWith(secret.substring(secret.length() - n))) {
                    return RecipeCatalog.REDACTED + after.substring(n);
                }
            }
        }
        return after;
    }
}
