package dev.ftmatrix.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.engine.BoundedOutput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = new Redactor(List.of("tok-12345678", "pa\"ss\\word"));

    @Test
    void replacesEverySecretWhereverItStands() {
        assertThat(redactor.redact("login tok-12345678 ok; again:tok-12345678"))
                .isEqualTo("login *** ok; again:***");
    }

    @Test
    void findsASecretAsItAppearsInsideAJsonString() {
        assertThat(redactor.redact("{\"detail\":\"pa\\\"ss\\\\word rejected\"}"))
                .isEqualTo("{\"detail\":\"*** rejected\"}");
    }

    @Test
    void redactsTheCredentialsOfAnyUrlAndKeepsTheHost() {
        assertThat(Redactor.urlCredentialsOnly().redact(
                "fetch https://user:p4ss@mirror.example/simple/ and http://token@10.0.0.1:8080/x, not a@b.c"))
                .isEqualTo("fetch https://***@mirror.example/simple/ and http://***@10.0.0.1:8080/x, not a@b.c");
    }

    @Test
    void findsASecretThatAStepPrintedInSeveralChunks() {
        BoundedOutput out = new BoundedOutput();
        out.append("token=tok-12".getBytes(StandardCharsets.UTF_8));
        out.append("345678\n".getBytes(StandardCharsets.UTF_8));
        assertThat(redactor.redact(out.text())).isEqualTo("token=***\n");
    }

    @Test
    void redactsThePiecesOfASecretCutApartWhereHugeOutputWasLeftOut() {
        BoundedOutput out = new BoundedOutput(8, 8);
        out.append("xx tok-1".getBytes(StandardCharsets.UTF_8));
        out.append("0123456789".getBytes(StandardCharsets.UTF_8));
        out.append("45678 yy".getBytes(StandardCharsets.UTF_8));
        assertThat(out.text()).isEqualTo("xx tok-1\n[ftmatrix: 10 bytes omitted]\n45678 yy");
        assertThat(redactor.redact(out.text())).isEqualTo("xx ***\n[ftmatrix: 10 bytes omitted]\n*** yy");
    }

    @Test
    void hidesTheLongerOfTwoOverlappingSecretsWhole() {
        assertThat(new Redactor(List.of("abc", "abcdef")).redact("x abcdef y abc"))
                .isEqualTo("x *** y ***");
    }

    @Test
    void redactsEveryTextOfACellResult() {
        CellResult r = new CellResult(new CellResult.Identity("run-1", "a/m/3.13t#1", "m", "1", "3.13t", 1, 1),
                new CellResult.Setup("a", "debian:trixie", "sha256:abc", "m", "uv", "f00",
                        Map.of("index_url", "https://u:tok-12345678@idx.example/simple")),
                new CellResult.Verdict(Outcome.INSTALL_FAILED, new Failure("network", "401 for tok-12345678"),
                        List.of()),
                new CellResult.Execution(null, new Durations(1.0, null, 1.0), Instant.EPOCH, Instant.EPOCH,
                        "logs/x.log", null, false, false), CellResult.Measurement.NONE, null,
                new CellResult.Replay("0.1.0", "20.10", Map.of("UV_INDEX_TOKEN", "***")));
        CellResult redacted = redactor.redact(r);
        assertThat(redacted.verdict().failure().detail()).isEqualTo("401 for ***");
        assertThat(redacted.setup().parameters()).containsEntry("index_url", "https://***@idx.example/simple");
        assertThat(redacted.replay().environment()).containsEntry("UV_INDEX_TOKEN", "***");
        assertThat(redacted.identity().cell()).isEqualTo(r.identity().cell());
    }

    private static CellResult resultSaying(String detail) {
        return new CellResult(new CellResult.Identity("run-1", "a/m/3.13t#1", "m", "1", "3.13t", 3, 1),
                new CellResult.Setup("a", "debian:trixie", "sha256:abc", "m", "uv", "f00", Map.of("version", "3.13")),
                new CellResult.Verdict(Outcome.INSTALL_FAILED, new Failure("network", detail), List.of()),
                new CellResult.Execution(null, new Durations(1.5, null, 0.0), Instant.EPOCH, Instant.EPOCH,
                        "logs/x.log", null, false, false), CellResult.Measurement.NONE, null,
                new CellResult.Replay("0.1.0", "20.10", Map.of()));
    }

    @Test
    void aSecretThatOccursInTheJsonSyntaxLeavesEveryNumberBooleanAndInstantIntact() throws Exception {
        // Issue 15: redacting the serialised line turned false into fals*** and 3 into ***, and the run lost every
        // later result.
        for (String secret : List.of("e", "3", "0", "1", "true", ":", "\"", "{")) {
            Redactor r = new Redactor(List.of(secret));
            CellResult original = resultSaying("said " + secret + " twice " + secret);
            CellResult redacted = r.redact(original);
            assertThat(redacted.identity().repeat()).as(secret).isEqualTo(3);
            assertThat(redacted.execution().simulated()).isFalse();
            assertThat(redacted.execution().durations()).isEqualTo(original.execution().durations());
            assertThat(redacted.execution().startedAt()).isEqualTo(Instant.EPOCH);
            assertThat(redacted.verdict().outcome()).isEqualTo(Outcome.INSTALL_FAILED);
            assertThat(redacted.verdict().failure().detail()).doesNotContain(secret);
            assertThat(Json.MAPPER.readValue(r.json(original), CellResult.class)).isEqualTo(redacted);
        }
    }

    @Test
    void redactionCommutesWithJsonEscaping() throws Exception {
        // The string read back from the redacted JSON is the redacted string, whatever the JSON escaping made of it.
        Redactor r = new Redactor(List.of("pa\"ss\\word", "tok\n1"));
        for (String detail : List.of("x pa\"ss\\word y", "tok\n1\u0000\u001f", "\"pa\"ss\\word\"", "\\tok\n1\\")) {
            CellResult back = Json.MAPPER.readValue(r.json(resultSaying(detail)), CellResult.class);
            assertThat(back.verdict().failure().detail()).isEqualTo(r.redact(detail)).doesNotContain("pa\"ss",
                    "tok\n1");
        }
    }

    @Test
    void aReplacementThatFormsTheSecretAgainIsRedactedAgain() {
        assertThat(new Redactor(List.of("a*")).redact("aaa* b")).isEqualTo("******* b");
    }

    @Test
    void boundsEveryRecordedStringAndSaysHowMuchWasLeftOut() throws Exception {
        CellResult huge = resultSaying("y".repeat(Redactor.MAX_RECORDED * 3));
        CellResult back = Json.MAPPER.readValue(Redactor.urlCredentialsOnly().json(huge), CellResult.class);
        assertThat(back.verdict().failure().detail()).hasSize(Redactor.MAX_RECORDED)
                .endsWith("\n[ftmatrix: " + (Redactor.MAX_RECORDED * 2) + " characters omitted]");
    }
}
