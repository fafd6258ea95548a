package dev.ftmatrix.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftmatrix.results.ResultsReader.ResultsUnreadableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad result lines (issue 15, defect 14): each named FILE:LINE with what is wrong and how to fix it. */
class ResultLinesTest {
    private static final Path FILE = Path.of("cells.jsonl");
    private static final String FIX = "; cells.jsonl holds one JSON object per line as ftmatrix run writes it, so"
            + " restore the line from the run that wrote it or delete it";

    @TempDir
    Path tmp;

    @Test
    void aTierIsWhatTheDocumentedPatternMatches() {
        java.util.regex.Pattern tier = java.util.regex.Pattern.compile("control|[1-9][0-9]{0,8}");
        java.util.Random random = new java.util.Random(17);
        List<String> samples = new ArrayList<>(List.of("", "0", "1", "9", "10", "01", "123456789", "1234567890",
                "control", "Control", "controls", "1a", "a1", " 1", "\u0661", "gold"));
        String alphabet = "0123456789 ac-\u0660";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(11); n > 0; n--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            samples.add(b.toString());
        }
        for (String s : samples) {
            assertThat(ResultLines.validTier(s)).as("'%s'", s).isEqualTo(tier.matcher(s).matches());
        }
    }

    static CellResult result(String cell) {
        return new CellResult(new CellResult.Identity("run-1", cell, "m", "4", "3.13t", 1, 1),
                new CellResult.Setup("a", "debian:trixie", "sha256:abc", "src", "source-build", "f00",
                        Map.of("v", "1")),
                new CellResult.Verdict(Outcome.PASS, null, List.of()),
                new CellResult.Execution("/opt/p", new Durations(1.5, 0.5, 2.0), Instant.EPOCH, Instant.EPOCH,
                        "logs/x.log", null, false, false), CellResult.Measurement.NONE, null,
                CellResult.Replay.NONE);
    }

    static String line(String cell) {
        try {
            return Json.MAPPER.writeValueAsString(result(cell));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String with(String field, Object value) throws Exception {
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(line("a/src/3.13t#1"));
        tree.set(field, Json.MAPPER.valueToTree(value));
        return Json.MAPPER.writeValueAsString(tree);
    }

    private static String problem(String line) {
        return problem(line.getBytes(StandardCharsets.UTF_8));
    }

    private static String problem(byte[] line) {
        try {
            ResultLines.parse(FILE, 7, line);
        } catch (ResultsUnreadableException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + new String(line, StandardCharsets.UTF_8));
    }

    @Test
    void saysWhatIsWrongWithEachKindOfBadLine() throws Exception {
        assertThat(problem("null")).isEqualTo("cells.jsonl:7: the line is not a cell result: expected a JSON object,"
                + " found null" + FIX);
        assertThat(problem("[1, 2]")).isEqualTo("cells.jsonl:7: the line is not a cell result: expected a JSON"
                + " object, found array" + FIX);
        assertThat(problem("{\"cell\": ")).startsWith("cells.jsonl:7: the line is not JSON: at column 10, ")
                .endsWith(FIX);
        assertThat(problem("{\"run_id\": \"r\", \"outcome\": \"PASS\"}")).isEqualTo("cells.jsonl:7: the line is not"
                + " a cell result: it has no 'cell'" + FIX);
        assertThat(problem(with("outcome", "MAYBE"))).isEqualTo("cells.jsonl:7: 'outcome' is 'MAYBE';"
                + " expected one of PASS, NOT_FREE_THREADED, GIL_REENABLED, VENV_FAILED, PACKAGE_FAILED,"
                + " INSTALL_FAILED, TIMEOUT, CRASHED, INFRA_ERROR, NOT_APPLICABLE" + FIX);
        assertThat(problem(with("repeat", List.of(1)))).isEqualTo("cells.jsonl:7: 'repeat' has the wrong"
                + " type; expected a whole number" + FIX);
        assertThat(problem(with("started_at", "yesterday"))).isEqualTo("cells.jsonl:7: 'started_at' is"
                + " 'yesterday'; expected an ISO-8601 time such as 2026-12-02T06:35:00Z" + FIX);
        assertThat(problem(with("tier", "gold"))).isEqualTo("cells.jsonl:7: 'tier' is 'gold'; expected"
                + " 'control' or a tier number such as '2'" + FIX);
        java.util.HashMap<String, String> withNull = new java.util.HashMap<>();
        withNull.put("v", null);
        assertThat(problem(with("parameters", withNull))).isEqualTo("cells.jsonl:7: the line is not a cell result:"
                + " 'parameters', 'environment' or 'warnings' holds a null" + FIX);
    }

    @Test
    void namesTheByteThatIsNotUtf8() {
        byte[] bytes = "{\"cell\": \"x\"}".getBytes(StandardCharsets.UTF_8);
        bytes[10] = (byte) 0xE9;
        assertThat(problem(bytes)).isEqualTo("cells.jsonl:7: the line is not valid UTF-8 (byte 0xE9 at byte 11 of"
                + " the line)" + FIX);
    }

    @Test
    void theReaderNamesTheLineOfInvalidUtf8InAFile() throws Exception {
        Path file = tmp.resolve("cells.jsonl");
        byte[] bad = "{\"cell\": \"\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, (line("a/src/3.13t#1") + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(file, bad, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> ResultsReader.read(file, r -> { }))
                .isInstanceOf(ResultsUnreadableException.class)
                .hasMessage(file + ":2: the line is not valid UTF-8 (byte 0xE9 at byte 11 of the line)" + FIX);
    }

    @Test
    void keepsACompleteLastLineThatOnlyLacksItsNewlineAndSkipsATornOne() throws Exception {
        Path complete = tmp.resolve("complete.jsonl");
        Files.writeString(complete, line("a/src/3.13t#1") + "\n" + line("a/src/3.13t#2"));
        List<CellResult> read = new ArrayList<>();
        assertThat(ResultsReader.read(complete, read::add).tornLastLine()).isFalse();
        assertThat(read).extracting(r -> r.identity().cell()).containsExactly("a/src/3.13t#1", "a/src/3.13t#2");

        Path torn = tmp.resolve("torn.jsonl");
        String second = line("a/src/3.13t#2");
        Files.writeString(torn, line("a/src/3.13t#1") + "\n" + second.substring(0, second.length() / 2));
        read.clear();
        assertThat(ResultsReader.read(torn, read::add).tornLastLine()).isTrue();
        assertThat(read).extracting(r -> r.identity().cell()).containsExactly("a/src/3.13t#1");
    }
}
