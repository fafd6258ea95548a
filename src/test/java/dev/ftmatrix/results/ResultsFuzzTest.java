package dev.ftmatrix.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ftmatrix.recipe.RecipeCatalog;
import dev.ftmatrix.results.ResultsReader.ResultsUnreadableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Fuzz targets for what reads and writes results: a result line, run.json, and the redactor. Contract: any bytes
 * end in a valid model or in a message naming the file (and line); nothing else is thrown. The redactor's output
 * always reads back, and no text in it holds the secret. Over the committed corpus in every build
 * (src/test/resources/dev/ftmatrix/results/ResultsFuzzTestInputs); for a set time with bench/fuzz.sh.
 */
class ResultsFuzzTest {
    private static final Path DIR = scratch();
    private static final Path LINES = Path.of("cells.jsonl");

    private static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("ftmatrix-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest
    void resultLine(byte[] line) {
        try {
            CellResult r = ResultLines.parse(LINES, 3, line);
            assertThat(r.identity().cell()).isNotNull();
            assertThat(r.verdict().outcome()).isNotNull();
        } catch (ResultsUnreadableException e) {
            assertThat(e.getMessage()).startsWith("cells.jsonl:3: ").doesNotContain("\tat ");
        }
    }

    @FuzzTest
    void runJson(byte[] data) throws IOException {
        Files.write(DIR.resolve(RunJournal.RUN), data);
        try {
            assertThat(RunJournal.readRunInfo(DIR)).isNotNull();
        } catch (RunJournal.OutputDirectoryException e) {
            assertThat(e.getMessage()).startsWith("cannot read " + DIR.resolve(RunJournal.RUN) + ": ");
        }
    }

    @FuzzTest
    void redactor(FuzzedDataProvider data) throws IOException {
        String secret = data.consumeString(32);
        String text = data.consumeRemainingAsString();
        // A secret that is part of the marker cannot be hidden by it; no secret is empty.
        if (secret.isEmpty() || RecipeCatalog.REDACTED.contains(secret)) {
            return;
        }
        Redactor redactor = new Redactor(List.of(secret));
        CellResult result = new CellResult(new CellResult.Identity("run-1", "a/m/3.13t#1", "m", "1", "3.13t", 1, 1),
                new CellResult.Setup("a", "debian:trixie", null, "m", "uv", null, Map.of("p", text)),
                new CellResult.Verdict(Outcome.INSTALL_FAILED, new Failure("network", text), List.of(text)),
                new CellResult.Execution(text, new Durations(1.0, null, 0.5), Instant.EPOCH, Instant.EPOCH, null, text,
                        false, false), CellResult.Measurement.NONE, null,
                new CellResult.Replay(null, null, Map.of("E", text)));
        CellResult back = Json.MAPPER.readValue(redactor.json(result), CellResult.class);
        assertThat(back.verdict().outcome()).isEqualTo(Outcome.INSTALL_FAILED);
        assertThat(back.execution().durations()).isEqualTo(result.execution().durations());
        assertThat(back.execution().startedAt()).isEqualTo(Instant.EPOCH);
        for (String field : List.of(back.verdict().failure().detail(), back.verdict().warnings().get(0),
                back.execution().interpreter(), back.execution().cleanupError(), back.setup().parameters().get("p"),
                back.replay().environment().get("E"))) {
            assertThat(field).doesNotContain(secret).isEqualTo(redactor.recorded(text));
        }
        assertThat(redactor.redact(result)).isEqualTo(back);
    }
}
