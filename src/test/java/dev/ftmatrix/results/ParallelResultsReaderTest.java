package dev.ftmatrix.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ftmatrix.probe.ProbeReport;
import dev.ftmatrix.probe.ProbeReport.PackageResult;
import dev.ftmatrix.results.ResultsReader.ReadSummary;
import dev.ftmatrix.results.ResultsReader.ResultsUnreadableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelResultsReaderTest {
    static final Path FIXTURE = Path.of("src/test/resources/report/fixture");

    @TempDir
    Path tmp;

    /** A part that keeps what it was given, in order. */
    static final class Collected implements ParallelResultsReader.Part {
        final List<CellResult> results = new ArrayList<>();

        @Override
        public void accept(CellResult r) {
            results.add(r);
        }
    }

    private static List<CellResult> parallel(Path input, int chunkBytes, int threads) {
        List<CellResult> all = Collections.synchronizedList(new ArrayList<>());
        new ParallelResultsReader(chunkBytes, threads).read(input, Collected::new, c -> all.addAll(c.results));
        return all;
    }

    private static List<CellResult> sequential(Path input) {
        List<CellResult> all = new ArrayList<>();
        ResultsReader.read(input, all::add);
        return all;
    }

    /** The fields report reads, as one comparable text. */
    private static String pulled(CellResult r) {
        ProbeReport p = r.probe();
        String probe = p == null ? "no probe" : p.pyGilDisabled() + " " + p.packages() + " " + p.threads() + " "
                + p.cpus() + " " + p.benchmarks() + " " + p.memory();
        return String.join("|", r.identity().runId(), r.identity().cell(), r.identity().matrix(), r.setup().os(),
                r.setup().method(), r.setup().recipe(), r.identity().tier(),
                r.identity().python(), String.valueOf(r.identity().repeat()), String.valueOf(r.identity().attempt()),
                r.verdict().outcome().name(),
                String.valueOf(r.verdict().failure()), String.valueOf(r.execution().durations()), probe,
                r.execution().log(),
                String.valueOf(r.execution().installReused()), String.valueOf(r.execution().simulated()),
                String.valueOf(r.measurement().timing()),
                String.valueOf(r.measurement().memory()));
    }

    private static List<String> pulled(List<CellResult> results) {
        return results.stream().map(ParallelResultsReaderTest::pulled).toList();
    }

    @Test
    void theWordAtATimeNewlineSearchFindsWhatAByteLoopFinds() {
        java.util.Random random = new java.util.Random(18);
        for (int round = 0; round < 5_000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                // Newlines rare or dense, and bytes that differ from one by a bit or a borrow (0x0B, 0x09, 0x8A).
                int pick = random.nextInt(round % 2 == 0 ? 40 : 4);
                b[i] = (byte) (pick == 0 ? '\n' : new int[] {0x0B, 0x09, 0x8A, 0x00, 0xFF, 'a'}[pick % 6]);
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            int to = from + random.nextInt(b.length - from + 1);
            int expected = -1;
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertThat(ParallelResultsReader.newline(b, from, to)).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void givesTheSequentialReadersResultsInFileOrderWhateverTheChunkSizeAndThreads() {
        List<String> expected = pulled(sequential(FIXTURE));
        assertThat(expected).hasSize(23);
        for (int chunk : new int[] {1, 2, 100, 1500, 4096, 1 << 20}) {
            for (int threads : new int[] {1, 2, 3}) {
                assertThat(pulled(parallel(FIXTURE, chunk, threads))).as("chunk %d, threads %d", chunk, threads)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void pullsPackageResultsAndThreadsFromTheProbe() throws Exception {
        PackageResult numpy = new PackageResult("numpy", "numpy", "numpy", true, "wheel", "numpy.whl",
                List.of("cp313-cp313t-manylinux_2_17_x86_64"), "2.1", 3.5, true, null, false, null, null, null, null,
                null, null);
        PackageResult lxml = new PackageResult("lxml", "lxml", "lxml", true, "sdist", null, List.of(), "5.3", 40.0,
                true, null, true, "gil back on", null, null, null, "gil-reenabled", "re-enabled");
        ProbeReport probe = new ProbeReport(1, "/p", "3.13.5", "cpython", 1, false, false, null,
                new ProbeReport.Threads(4, null, null, null, null, null, 1.9, null, false, false, 0.4), false,
                List.of(numpy, lxml), List.of(), null, null, null);
        Path dir = tmp.resolve("run");
        try (RunJournal journal = RunJournal.create(dir)) {
            journal.append(new CellResult(new CellResult.Identity("run-1", "a/uv/3.13t#1", "m", "1", "3.13t", 1, 1),
                    new CellResult.Setup("a", "img", "sha256:1", "uv", "uv", "f", java.util.Map.of()),
                    new CellResult.Verdict(Outcome.PACKAGE_FAILED, new Failure("package", "lxml"), List.of("w")),
                    new CellResult.Execution("/p", new Durations(null, 2.0, 9.5), null, null, "logs/a.log", null, false,
                            false), CellResult.Measurement.NONE, probe,
                    CellResult.Replay.NONE));
        }
        List<CellResult> read = parallel(dir, 64, 2);
        assertThat(pulled(read)).isEqualTo(pulled(sequential(dir)));
        assertThat(read.get(0).probe().packages()).containsExactly(numpy, lxml);
        assertThat(read.get(0).probe().threads().singleThreadS()).isEqualTo(0.4);
    }

    @Test
    void threadsReadByHandAreWhatDataBindingBuilds() throws Exception {
        String head = "{\"run_id\": \"r\", \"cell\": \"c\", \"outcome\": \"PASS\", \"probe\": {\"threads\": ";
        List<String> shapes = List.of(
                "{\"n\": 4, \"one_thread_s\": 0.13, \"n_threads_s\": 0.2, \"single_thread_s\": 0.12,"
                        + " \"speedup\": 2.00}",
                "{\"n\": 8, \"repeats\": 5, \"one_thread_s\": 1, \"n_threads_s\": 1e-1, \"one_thread_spread_s\":"
                        + " [0.1, 0.2], \"n_threads_spread_s\": [], \"speedup\": null, \"efficiency\": 0.25,"
                        + " \"noisy\": true, \"remeasured\": false, \"one_thread_repeats_s\": [1, 2.5, 3],"
                        + " \"n_threads_repeats_s\": [0.5], \"unknown\": {\"x\": [1]}}",
                "{\"n\": 2, \"speedup\": 1.5, \"speedup\": 1.7, \"one_thread_spread_s\": null}",
                "{}",
                "null",
                // Of another kind: the lean parser leaves these to data binding.
                "{\"n\": \"4\", \"speedup\": \"1.5\"}",
                "{\"n\": 4, \"noisy\": null}",
                "{\"n\": 4.0}");
        StringBuilder lines = new StringBuilder();
        for (String threads : shapes) {
            lines.append(head).append(threads).append("}}\n");
        }
        Path cells = tmp.resolve("cells.jsonl");
        Files.writeString(cells, lines.toString());
        List<ProbeReport.Threads> lean = parallel(cells, 1 << 20, 1).stream().map(r -> r.probe().threads()).toList();
        List<ProbeReport.Threads> bound = sequential(cells).stream().map(r -> r.probe().threads()).toList();
        assertThat(lean).hasSize(shapes.size()).isEqualTo(bound);
        assertThat(lean.get(1).oneThreadRepeatsS()).containsExactly(1.0, 2.5, 3.0);
        assertThat(lean.get(2).speedup()).isEqualTo(1.7);
    }

    @Test
    void aValueOfAnotherKindIsReadAsDataBindingReadsIt() throws Exception {
        Path cells = tmp.resolve("cells.jsonl");
        // Data binding takes a quoted number for an int; the lean parser leaves such a line to it.
        Files.writeString(cells, "{\"run_id\": \"r\", \"cell\": \"c\", \"outcome\": \"PASS\", \"repeat\": \"3\"}\n");
        assertThat(parallel(cells, 8, 2)).singleElement().extracting(r -> r.identity().repeat()).isEqualTo(3);
    }

    @Test
    void reportsTheFirstBadLineOfTheFileWithItsLineNumberInTheWholeFile() throws Exception {
        List<String> good = Files.readAllLines(FIXTURE.resolve(RunJournal.CELLS));
        List<String> lines = new ArrayList<>(good);
        lines.add(3, "");
        lines.add(17, "{\"cell\": 42, \"outcome\": \"MAYBE\"}");
        lines.add(21, "not json");
        Path cells = tmp.resolve("cells.jsonl");
        Files.write(cells, lines);
        Throwable sequentialError = catchThrowable(() -> sequential(cells));
        assertThat(sequentialError).hasMessageStartingWith(cells + ":18: the line is not a cell result: ");
        for (int chunk : new int[] {1, 700, 5000, 1 << 20}) {
            assertThatThrownBy(() -> parallel(cells, chunk, 2)).as("chunk %d", chunk)
                    .isInstanceOf(ResultsUnreadableException.class).hasMessage(sequentialError.getMessage());
        }
    }

    @Test
    void aLineWithoutCellOrOutcomeIsNamedAsTheSequentialReaderNamesIt() throws Exception {
        Path cells = tmp.resolve("cells.jsonl");
        Files.writeString(cells, "\n{\"run_id\": \"r\", \"outcome\": \"PASS\"}\n");
        Throwable sequentialError = catchThrowable(() -> sequential(cells));
        assertThat(sequentialError).hasMessageStartingWith(cells + ":2: the line is not a cell result: ");
        assertThatThrownBy(() -> parallel(cells, 4, 2)).hasMessage(sequentialError.getMessage());
    }

    @Test
    void aLineTheLeanParserCouldTakeButTheSequentialReaderRefusesIsRefusedInItsWords() throws Exception {
        Path cells = tmp.resolve("cells.jsonl");
        Files.writeString(cells, "{\"run_id\": \"r\", \"cell\": \"a\", \"outcome\": \"PASS\"}\n"
                + "{\"run_id\": \"r\", \"cell\": \"c\", \"outcome\": \"PASS\", \"tier\": \"gold\"}\n"
                + "{\"cell\": \"d\", \"outcome\": \"PASS\"}\n");
        Throwable sequentialError = catchThrowable(() -> sequential(cells));
        assertThat(sequentialError).hasMessageStartingWith(cells + ":2: 'tier' is 'gold'");
        for (int chunk : new int[] {4, 1 << 20}) {
            assertThatThrownBy(() -> parallel(cells, chunk, 2)).hasMessage(sequentialError.getMessage());
        }
    }

    @Test
    void skipsATornLastLineAndSaysSo() throws Exception {
        List<String> good = Files.readAllLines(FIXTURE.resolve(RunJournal.CELLS));
        Path cells = tmp.resolve("cells.jsonl");
        Files.writeString(cells, good.get(0) + "\n\n" + good.get(1) + "\n" + good.get(2).substring(0, 80));
        List<CellResult> read = new ArrayList<>();
        ReadSummary summary = new ParallelResultsReader(100, 2).read(cells, Collected::new,
                c -> read.addAll(c.results));
        assertThat(summary).isEqualTo(new ReadSummary(cells, 2, true));
        assertThat(pulled(read)).isEqualTo(pulled(sequential(cells)));
    }

    @Test
    void aCompleteLastLineWithoutNewlineIsAResult() throws Exception {
        List<String> good = Files.readAllLines(FIXTURE.resolve(RunJournal.CELLS));
        Path cells = tmp.resolve("cells.jsonl");
        Files.writeString(cells, good.get(0) + "\n" + good.get(1), StandardCharsets.UTF_8);
        ReadSummary summary = new ParallelResultsReader(50, 3).read(cells, Collected::new, c -> { });
        assertThat(summary).isEqualTo(new ReadSummary(cells, 2, false));
    }

    @Test
    void anEmptyFileHasNoResults() throws Exception {
        Path cells = Files.createFile(tmp.resolve("cells.jsonl"));
        assertThat(new ParallelResultsReader().read(cells, Collected::new, c -> { }))
                .isEqualTo(new ReadSummary(cells, 0, false));
    }

    @Test
    void malformedUtf8IsTheSequentialReadersError() throws Exception {
        Path cells = tmp.resolve("cells.jsonl");
        byte[] line = "{\"run_id\": \"r\", \"cell\": \"c?\", \"outcome\": \"PASS\"}\n".getBytes(StandardCharsets.US_ASCII);
        line[29] = (byte) 0xff;
        Files.write(cells, line);
        Throwable sequentialError = catchThrowable(() -> sequential(cells));
        assertThat(sequentialError).hasMessageStartingWith(cells + ":1: the line is not valid UTF-8");
        assertThatThrownBy(() -> parallel(cells, 16, 2)).hasMessage(sequentialError.getMessage());
    }
}
