package dev.ftmatrix.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.ftmatrix.matrix.Cell;
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
            s = s.replace(secret, RecipeCatalog.REDACTED);
        }
        if (!secrets.isEmpty()) {
            s = redactAtCuts(s);
        }
        return URL_CREDENTIALS.matcher(s).replaceAll("$1" + Matcher.quoteReplacement(RecipeCatalog.REDACTED) + "@");
    }

    /** The result as it may be shown or written: its text fields redacted (a JSON round trip reaches every one). */
    public CellResult redact(CellResult result) {
        Objects.requireNonNull(result, "result");
        try {
            String json = Json.MAPPER.writeValueAsString(result);
            String redacted = redact(json);
            return redacted.equals(json) ? result : Json.MAPPER.readValue(redacted, CellResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cell result always serialises", e);
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
