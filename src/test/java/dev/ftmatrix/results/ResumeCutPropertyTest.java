package dev.ftmatrix.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A law: a run cut at any byte and then resumed keeps every line that was complete, and only those. */
class ResumeCutPropertyTest {
    @TempDir
    Path tmp;

    @Test
    void aCutAtAnyByteLosesNoCompleteLine() throws Exception {
        List<String> lines = List.of(ResultLinesTest.line("a/src/3.13t#1"), ResultLinesTest.line("a/src/3.13t#2"),
                ResultLinesTest.line("a/src/3.13t#3"));
        byte[] whole = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        Path file = tmp.resolve("cells.jsonl");
        for (int cut = 0; cut <= whole.length; cut++) {
            Files.write(file, Arrays.copyOf(whole, cut));
            List<String> expected = new ArrayList<>();
            int end = 0;
            for (String line : lines) {
                end += line.getBytes(StandardCharsets.UTF_8).length;
                if (end <= cut) {
                    expected.add(cellOf(line));
                }
                end++;
            }
            RunJournal.truncateTornLastLine(file);
            List<String> read = new ArrayList<>();
            ResultsReader.ReadSummary summary = ResultsReader.read(file, r -> read.add(r.identity().cell()));
            assertThat(read).as("cut at byte %d", cut).isEqualTo(expected);
            assertThat(summary.tornLastLine()).as("cut at byte %d", cut).isFalse();
            byte[] after = Files.readAllBytes(file);
            assertThat(after.length == 0 || after[after.length - 1] == '\n').as("cut at byte %d", cut).isTrue();
        }
    }

    private static String cellOf(String line) throws Exception {
        return Json.MAPPER.readTree(line).get("cell").asText();
    }
}
