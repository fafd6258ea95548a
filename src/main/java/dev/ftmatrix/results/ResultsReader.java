package dev.ftmatrix.results;

import dev.ftmatrix.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Streams the cell results of a result directory (its {@code cells.jsonl}) or of a {@code cells.jsonl} file, one
 * line at a time, so a million results never sit in memory together. A torn last line (a run killed while
 * appending; it has no newline) is skipped and counted; any other unreadable line is an error naming file and line.
 */
public final class ResultsReader {
    private ResultsReader() {
    }

    /** What one read found besides the results it delivered. */
    public record ReadSummary(Path file, long results, boolean tornLastLine) {
    }

    /** The {@code cells.jsonl} a path names: the file itself, or the one inside a result directory. */
    public static Path cellsFile(Path input) {
        Path file = Files.isDirectory(input) ? input.resolve(RunJournal.CELLS) : input;
        if (!Files.isRegularFile(file)) {
            throw new ResultsUnreadableException(Files.isDirectory(input)
                    ? input + " is not a result directory: it has no " + RunJournal.CELLS
                            + " (give the --out directory of a run, or its cells.jsonl)"
                    : input + " does not exist (give a result directory or a cells.jsonl file)");
        }
        return file;
    }

    /** The directory that log paths of the results in {@code input} are relative to. */
    public static Path baseDir(Path input) {
        Path file = cellsFile(input);
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    public static ReadSummary read(Path input, Consumer<CellResult> sink) {
        Path file = cellsFile(input);
        long count = 0;
        boolean torn = false;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            long number = 0;
            while (line != null) {
                number++;
                String next = in.readLine();
                if (!line.isBlank()) {
                    CellResult r = parse(file, number, line, next == null && !endsWithNewline(file));
                    if (r == null) {
                        torn = true;
                    } else {
                        sink.accept(r);
                        count++;
                    }
                }
                line = next;
            }
        } catch (IOException e) {
            throw new ResultsUnreadableException("cannot read " + file + ": " + e.getMessage());
        }
        return new ReadSummary(file, count, torn);
    }

    private static CellResult parse(Path file, long number, String line, boolean mayBeTorn) {
        try {
            CellResult r = Json.MAPPER.readValue(line, CellResult.class);
            if (r.cell() == null || r.outcome() == null) {
                throw new ResultsUnreadableException(file + ":" + number + ": not a cell result (no cell or outcome)");
            }
            return r;
        } catch (IOException | RuntimeException e) {
            if (mayBeTorn) {
                return null;
            }
            if (e instanceof ResultsUnreadableException u) {
                throw u;
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                    .orElse("");
            throw new ResultsUnreadableException(file + ":" + number + ": not a cell result: " + why
                    + " (cells.jsonl holds one JSON object per line, as ftmatrix run writes it)");
        }
    }

    private static boolean endsWithNewline(Path file) {
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            if (size == 0) {
                return true;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, size - 1);
            return b.get(0) == '\n';
        } catch (IOException e) {
            return true;
        }
    }

    /** Results that cannot be read: bad input, exit 2. */
    public static final class ResultsUnreadableException extends BadInputException {
        private static final long serialVersionUID = 1L;

        public ResultsUnreadableException(String message) {
            super(message);
        }
    }
}
