package dev.ftmatrix.results;

import dev.ftmatrix.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
        try (InputStream in = Files.newInputStream(file)) {
            Lines lines = new Lines(in);
            long number = 0;
            for (Line line = lines.next(); line != null; line = lines.next()) {
                number++;
                if (line.blank()) {
                    continue;
                }
                if (line.bytes() == null) {
                    throw new ResultsUnreadableException(file + ":" + number + ": the line is longer than "
                            + ResultLines.MAX_LINE_BYTES + " bytes, more than a result line may have; delete it");
                }
                CellResult r;
                try {
                    r = ResultLines.parse(file, number, line.bytes());
                } catch (ResultsUnreadableException e) {
                    // A last line without its newline that does not parse is the one a killed run was writing.
                    if (!line.ended()) {
                        torn = true;
                        continue;
                    }
                    throw e;
                }
                sink.accept(r);
                count++;
            }
        } catch (IOException e) {
            throw new ResultsUnreadableException("cannot read " + file + ": " + e.getMessage());
        }
        return new ReadSummary(file, count, torn);
    }

    /** One line's bytes (null when longer than a result line may be), and whether a newline ended it. */
    private record Line(byte[] bytes, boolean ended, boolean blank) {
    }

    /** Splits a stream at '\n' through its own buffer: a byte at a time through a stream would be slow. */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int start;
        private int end;

        Lines(InputStream in) {
            this.in = in;
        }

        Line next() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean tooLong = false;
            boolean any = false;
            while (true) {
                if (start == end) {
                    end = in.read(buffer);
                    start = 0;
                    if (end <= 0) {
                        end = 0;
                        return any ? line(out, tooLong, false) : null;
                    }
                }
                any = true;
                int newline = start;
                while (newline < end && buffer[newline] != '\n') {
                    newline++;
                }
                int n = newline - start;
                if (out.size() + n > ResultLines.MAX_LINE_BYTES) {
                    tooLong = true;
                } else {
                    out.write(buffer, start, n);
                }
                start = newline < end ? newline + 1 : newline;
                if (newline < end) {
                    return line(out, tooLong, true);
                }
            }
        }

        private static Line line(ByteArrayOutputStream out, boolean tooLong, boolean ended) {
            byte[] bytes = out.toByteArray();
            boolean blank = !tooLong;
            for (byte b : bytes) {
                blank &= b == ' ' || b == '\t' || b == '\r';
            }
            return new Line(tooLong ? null : bytes, ended, blank);
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
