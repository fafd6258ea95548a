package dev.ftmatrix.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.BadInputException;
import dev.ftmatrix.InputFiles;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The run's directory on disk: {@code run.json}, {@code cells.jsonl} (one line per finished cell, appended and
 * forced to disk as each cell ends, so a crash loses at most the cell in flight) and {@code logs/}. Everything is
 * redacted as it is written (see {@link Redactor}). {@code cells.jsonl} is written through a stream, not a channel:
 * a channel written from an interrupted thread closes itself, and cells are recorded from worker threads that a
 * stopping run interrupts.
 */
public final class RunJournal implements AutoCloseable {
    public static final String CELLS = "cells.jsonl";
    public static final String RUN = "run.json";
    public static final String LOGS = "logs";
    // A run.json lists the run's images and, for a merge, the runs it combines: far below this.
    private static final int MAX_RUN_JSON_BYTES = 16 * 1024 * 1024;

    private final Path dir;
    private final FileOutputStream cells;
    private final Redactor redactor;

    private RunJournal(Path dir, FileOutputStream cells, Redactor redactor) {
        this.dir = dir;
        this.cells = cells;
        this.redactor = redactor;
    }

    /** Opens a new run directory that redacts URL credentials only. */
    public static RunJournal create(Path dir) {
        return create(dir, Redactor.urlCredentialsOnly());
    }

    /** A reopened run directory, and how many bytes of a torn last line were cut off (0: none). */
    public record Reopened(RunJournal journal, long tornBytesRemoved) {
    }

    /** Opens a new run directory; one that already holds results is refused, never overwritten. */
    public static RunJournal create(Path dir, Redactor redactor) {
        if (Files.exists(dir.resolve(CELLS)) || Files.exists(dir.resolve(RUN))) {
            throw new OutputDirectoryException("output directory " + dir + " already holds a run; "
                    + "choose another --out (results are never overwritten)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new OutputDirectoryException("--out " + dir + " is a file; name a new or empty directory");
        }
        // A directory that holds anything else (a logs/ of its own) would have files overwritten by the run's logs.
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
            throw new OutputDirectoryException("output directory " + dir + " is not empty and holds no run; choose"
                    + " a new or empty --out (nothing in it is ever overwritten)");
        }
        try {
            Files.createDirectories(dir.resolve(LOGS));
            Files.createFile(dir.resolve(CELLS));
            return new RunJournal(dir, locked(dir), redactor);
        } catch (IOException e) {
            throw new OutputDirectoryException("cannot write results to " + dir + ": " + e.getMessage());
        }
    }

    private static boolean isEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new OutputDirectoryException("cannot read output directory " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Opens an existing run directory to append to it ({@code run --resume}). A last line without its newline that is
     * not a whole result is a cell the killed run was writing: it is cut off, so the next line starts on a line of
     * its own. A whole result that lacks only its newline gets one.
     */
    public static Reopened reopen(Path dir) {
        return reopen(dir, Redactor.urlCredentialsOnly());
    }

    /** {@link #reopen(Path)}, redacting as {@code redactor} says. */
    public static Reopened reopen(Path dir, Redactor redactor) {
        Path file = dir.resolve(CELLS);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(dir.resolve(RUN))) {
            throw new OutputDirectoryException(dir + " is not a run directory: it has no " + RUN + " and " + CELLS
                    + " (give the --out directory of an earlier ftmatrix run)");
        }
        try {
            FileOutputStream out = locked(dir);
            long torn = truncateTornLastLine(file);
            Files.createDirectories(dir.resolve(LOGS));
            return new Reopened(new RunJournal(dir, out, redactor), torn);
        } catch (IOException e) {
            throw new OutputDirectoryException("cannot write results to " + dir + ": " + e.getMessage());
        }
    }

    /** The run as its run.json says. */
    public static RunInfo readRunInfo(Path dir) {
        Path file = dir.resolve(RUN);
        if (!Files.isRegularFile(file)) {
            throw new OutputDirectoryException(dir + " is not a run directory: it has no " + RUN
                    + " (give the --out directory of an earlier ftmatrix run)");
        }
        try {
            JsonNode tree = Json.MAPPER.readTree(InputFiles.read(file, MAX_RUN_JSON_BYTES));
            if (tree == null || !tree.isObject()) {
                throw new OutputDirectoryException("cannot read " + file + ": expected a JSON object as ftmatrix run"
                        + " writes it, found " + (tree == null ? "nothing" : tree.getNodeType().toString()
                                .toLowerCase(java.util.Locale.ROOT)) + "; restore it from the run or start a new one");
            }
            return Json.MAPPER.treeToValue(tree, RunInfo.class);
        } catch (InputFiles.TooLargeException e) {
            throw new OutputDirectoryException("cannot read " + file + ": it is " + e.size() + " bytes, more than"
                    + " the " + MAX_RUN_JSON_BYTES + " a run.json may have");
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            String where = e instanceof JsonProcessingException j && j.getLocation() != null
                    ? "line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ": " : "";
            throw new OutputDirectoryException("cannot read " + file + ": " + where
                    + String.valueOf(why).lines().findFirst().orElse(""));
        }
    }

    /**
     * Opens cells.jsonl for appending and holds an exclusive lock on it while the journal is open, so two processes
     * never append to one run (the operating system releases it when its process dies, even by kill -9).
     */
    private static FileOutputStream locked(Path dir) throws IOException {
        FileOutputStream out = new FileOutputStream(dir.resolve(CELLS).toFile(), true);
        FileLock lock;
        try {
            lock = out.getChannel().tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            out.close();
            throw new OutputDirectoryException(dir + " is in use by a running ftmatrix run; wait for it to end or"
                    + " stop it (Ctrl-C or kill) before resuming it");
        }
        return out;
    }

    /** Cuts the file after its last newline; returns how many bytes followed it. */
    static long truncateTornLastLine(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size && completeLine(file, ch, keep, size)) {
                // A whole result that lacks only its newline was recorded: the plan counts it, so it stays.
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
                ch.force(true);
                return 0;
            }
            if (keep < size) {
                ch.truncate(keep);
                ch.force(true);
            }
            return size - keep;
        }
    }

    private static boolean completeLine(Path file, FileChannel ch, long from, long size) throws IOException {
        if (size - from > ResultLines.MAX_LINE_BYTES) {
            return false;
        }
        ByteBuffer tail = ByteBuffer.allocate((int) (size - from));
        int n;
        do {
            n = ch.read(tail, from + tail.position());
        } while (n > 0 && tail.hasRemaining());
        try {
            ResultLines.parse(file, 0, tail.array());
            return true;
        } catch (ResultsReader.ResultsUnreadableException e) {
            return false;
        }
    }

    public Path dir() {
        return dir;
    }

    public synchronized void writeRunInfo(RunInfo info) {
        Path tmp = dir.resolve(RUN + ".tmp");
        try {
            Files.writeString(tmp, redactor.prettyJson(info), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(RUN), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(RUN), e);
        }
    }

    /** The result as this journal writes it, for showing it elsewhere. */
    public CellResult redact(CellResult result) {
        return redactor.redact(result);
    }

    /** Appends one cell and forces it to disk before returning. */
    public synchronized void append(CellResult result) {
        try {
            cells.write((redactor.json(result) + "\n").getBytes(StandardCharsets.UTF_8));
            cells.getFD().sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + dir.resolve(CELLS), e);
        }
    }

    /**
     * Writes the full log of one attempt of a cell and returns its path relative to the run directory. A retry's
     * log is named for its attempt, so the log of the failure that caused it stays.
     */
    public String writeLog(String cellId, int attempt, String log) {
        String name = LOGS + "/" + fileNameFor(cellId) + (attempt == 1 ? "" : ".attempt-" + attempt) + ".log";
        try {
            Files.writeString(dir.resolve(name), redactor.redact(log), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), ex);
        }
        return name;
    }

    /** A cell id as a file name: {@code debian-trixie/uv/3.13t#2} becomes {@code debian-trixie__uv__3.13t_2}. */
    public static String fileNameFor(String cellId) {
        return cellId.replace("/", "__").replace("#", "_");
    }

    @Override
    public synchronized void close() {
        try {
            cells.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The output directory cannot hold this run: a usage problem. */
    public static class OutputDirectoryException extends BadInputException {
        private static final long serialVersionUID = 1L;

        public OutputDirectoryException(String message) {
            super(message);
        }
    }
}
