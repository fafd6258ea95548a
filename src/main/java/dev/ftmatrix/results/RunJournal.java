package dev.ftmatrix.results;

import dev.ftmatrix.BadInputException;
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
        try {
            Files.createDirectories(dir.resolve(LOGS));
            Files.createFile(dir.resolve(CELLS));
            return new RunJournal(dir, locked(dir), redactor);
        } catch (IOException e) {
            throw new OutputDirectoryException("cannot write results to " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Opens an existing run directory to append to it ({@code run --resume}). A last line without its newline is
     * a cell the killed run was writing: it is cut off, so the next line starts on a line of its own.
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
            return Json.MAPPER.readValue(file.toFile(), RunInfo.class);
        } catch (IOException e) {
            throw new OutputDirectoryException("cannot read " + file + ": " + e.getMessage().lines().findFirst()
                    .orElse(""));
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
            if (keep < size) {
                ch.truncate(keep);
                ch.force(true);
            }
            return size - keep;
        }
    }

    public Path dir() {
        return dir;
    }

    public synchronized void writeRunInfo(RunInfo info) {
        Path tmp = dir.resolve(RUN + ".tmp");
        try {
            Files.writeString(tmp, redactor.redact(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(info)),
                    StandardCharsets.UTF_8);
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
            cells.write((redactor.redact(Json.MAPPER.writeValueAsString(result)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
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
