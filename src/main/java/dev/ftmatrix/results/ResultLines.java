package dev.ftmatrix.results;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.ftmatrix.results.ResultsReader.ResultsUnreadableException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One line of a {@code cells.jsonl} read into a result, or the reason it cannot be, as {@code FILE:LINE: what is
 * wrong; how to fix it}. Every reader of result lines calls this, so the words are the same whichever reads.
 */
public final class ResultLines {
    /** The longest line read: the journal writes far shorter ones (each recorded string is bounded). */
    public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
    private static final String FIX = "; cells.jsonl holds one JSON object per line as ftmatrix run writes it, so"
            + " restore the line from the run that wrote it or delete it";
    private static final Map<Class<?>, String> EXPECTED = Map.of(String.class, "a string", int.class,
            "a whole number", Integer.class, "a whole number", boolean.class, "true or false", double.class,
            "a number", Double.class, "a number", Instant.class, "an ISO-8601 time such as 2026-12-02T06:35:00Z",
            Map.class, "an object", java.util.List.class, "a list");

    private ResultLines() {
    }

    /** The line's bytes decoded strictly as UTF-8, then parsed. */
    public static CellResult parse(Path file, long number, byte[] line) {
        if (line.length > MAX_LINE_BYTES) {
            throw unreadable(file, number, "the line is " + line.length + " bytes long, more than the "
                    + MAX_LINE_BYTES + " a result line may have");
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(line);
        try {
            return parse(file, number, utf8.decode(bytes).toString());
        } catch (MalformedInputException e) {
            throw unreadable(file, number, "the line is not valid UTF-8 (byte 0x"
                    + String.format("%02X", line[bytes.position()] & 0xFF) + " at byte " + (bytes.position() + 1)
                    + " of the line)");
        } catch (CharacterCodingException e) {
            throw unreadable(file, number, "the line is not valid UTF-8");
        }
    }

    /** The line as a result; a blank line is not given here. */
    public static CellResult parse(Path file, long number, String line) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(line);
        } catch (StreamConstraintsException e) {
            throw unreadable(file, number, "the line has a value longer than a result may hold ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (JsonParseException e) {
            throw unreadable(file, number, "the line is not JSON: at column " + e.getLocation().getColumnNr() + ", "
                    + e.getOriginalMessage().lines().findFirst().orElse("").replaceFirst("\\s*\\(code \\d+\\)", ""));
        } catch (JsonProcessingException e) {
            throw unreadable(file, number, "the line is not JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (tree == null || !tree.isObject()) {
            throw unreadable(file, number, "the line is not a cell result: expected a JSON object, found "
                    + (tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        for (String required : new String[] {"run_id", "cell", "outcome"}) {
            if (!tree.hasNonNull(required)) {
                throw unreadable(file, number, "the line is not a cell result: it has no '" + required + "'");
            }
        }
        CellResult r;
        try {
            r = Json.MAPPER.treeToValue(tree, CellResult.class);
        } catch (InvalidFormatException e) {
            throw unreadable(file, number, "'" + path(e) + "' is " + shown(e.getValue()) + "; expected "
                    + expected(e.getTargetType()));
        } catch (MismatchedInputException e) {
            throw unreadable(file, number, "'" + path(e) + "' has the wrong type; expected "
                    + expected(e.getTargetType()));
        } catch (ValueInstantiationException e) {
            throw unreadable(file, number, "the line is not a cell result: "
                    + (e.getCause() instanceof NullPointerException
                            ? "'parameters', 'environment' or 'warnings' holds a null" : e.getOriginalMessage()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String where = e instanceof JsonMappingException m ? "'" + path(m) + "'" : "a value";
            throw unreadable(file, number, "the line is not a cell result: " + where + " cannot be read");
        }
        if (r.identity().tier() != null && !validTier(r.identity().tier())) {
            throw unreadable(file, number, "'tier' is " + shown(r.identity().tier())
                    + "; expected 'control' or a tier number such as '2'");
        }
        return r;
    }

    /** A tier as a result line may name it: {@code control} or a tier number ({@code control|[1-9][0-9]{0,8}}). */
    static boolean validTier(String tier) {
        // By hand rather than a regex: this runs for every line of a million-line report.
        if (tier.equals("control")) {
            return true;
        }
        int n = tier.length();
        if (n < 1 || n > 9 || tier.charAt(0) < '1' || tier.charAt(0) > '9') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            if (tier.charAt(i) < '0' || tier.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static ResultsUnreadableException unreadable(Path file, long number, String what) {
        return new ResultsUnreadableException(file + ":" + number + ": " + what + FIX);
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return p.isEmpty() ? "the line" : p;
    }

    private static String shown(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        return EXPECTED.getOrDefault(type, "an object");
    }
}
