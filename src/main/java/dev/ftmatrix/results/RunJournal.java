package dev.ftmatrix.results;

import dev.ftmatrix.FtmatrixException;
import dev.ftmatrix.engine.CellExecution;
import dev.ftmatrix.engine.StepResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The run's directory on disk: {@code run.json}, {@code cells.jsonl} (one line per finished cell, appended and
 * forced to disk as each cell ends, so a crash loses at most the cell in flight) and {@code logs/}.
 */
public final class RunJournal implements AutoCloseable {
    public static final String CELLS = "cells.jsonl";
    public static final String RUN = "run.json";
    public static final String LOGS = "logs";

    private final Path dir;
    private final FileChannel cells;

    private RunJournal(Path dir, FileChannel cells) {
        this.dir = dir;
        this.cells = cells;
    }

    /** Opens a new run directory; one that already holds results is refused, never overwritten. */
    public static RunJournal create(Path dir) {
        if (Files.exists(dir.resolve(CELLS)) || Files.exists(dir.resolve(RUN))) {
            throw new OutputDirectoryException("output directory " + dir + " already holds a run; "
                    + "choose another --out (results are never overwritten)");
        }
        try {
            Files.createDirectories(dir.resolve(LOGS));
            FileChannel ch = FileChannel.open(dir.resolve(CELLS), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new RunJournal(dir, ch);
        } catch (IOException e) {
            throw new OutputDirectoryException("cannot write results to " + dir + ": " + e.getMessage());
        }
    }

    public Path dir() {
        return dir;
    }

    public synchronized void writeRunInfo(RunInfo info) {
        Path tmp = dir.resolve(RUN + ".tmp");
        try {
            Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
            Files.move(tmp, dir.resolve(RUN), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(RUN), e);
        }
    }

    /** Appends one cell and forces it to disk before returning. */
    public synchronized void append(CellResult result) {
        try {
            byte[] line = (Json.MAPPER.writeValueAsString(result) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                cells.write(buf);
            }
            cells.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + dir.resolve(CELLS), e);
        }
    }

    /**
     * Writes the full log of one attempt of a cell and returns its path relative to the run directory. A retry's
     * log is named for its attempt, so the log of the failure that caused it stays.
     */
    public String writeLog(CellExecution e, int attempt, Map<String, String> environment) {
        String name = LOGS + "/" + fileNameFor(e.cell().id()) + (attempt == 1 ? "" : ".attempt-" + attempt) + ".log";
        StringBuilder s = new StringBuilder();
        s.append("cell: ").append(e.cell().id()).append('\n');
        s.append("image: ").append(e.cell().os().onHost() ? "host" : e.cell().os().image());
        if (e.image() != null) {
            s.append(" (").append(e.image().digest()).append(')');
        }
        s.append('\n');
        s.append("recipe: ").append(e.cell().method().recipe()).append('\n');
        environment.forEach((k, v) -> s.append("env: ").append(k).append('=').append(v).append('\n'));
        if (e.installReused()) {
            s.append("\n== install: reused from the install cache (run --reuse-installs) ==\n");
        }
        if (e.cacheError() != null) {
            s.append("\n== install cache ==\n").append(e.cacheError()).append('\n');
        }
        appendStep(s, e.install());
        appendStep(s, e.probe());
        if (e.infrastructureError() != null) {
            s.append("\n== infrastructure error ==\n").append(e.infrastructureError().category()).append(": ")
                    .append(e.infrastructureError().detail()).append('\n');
        }
        if (e.cleanupError() != null) {
            s.append("\n== cleanup error ==\n").append(e.cleanupError()).append('\n');
        }
        try {
            Files.writeString(dir.resolve(name), s.toString(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), ex);
        }
        return name;
    }

    /** A cell id as a file name: {@code debian-trixie/uv/3.13t#2} becomes {@code debian-trixie__uv__3.13t_2}. */
    public static String fileNameFor(String cellId) {
        return cellId.replace("/", "__").replace("#", "_");
    }

    private static void appendStep(StringBuilder s, StepResult step) {
        if (step == null) {
            return;
        }
        s.append("\n== ").append(step.name()).append(": ");
        if (step.timedOut()) {
            s.append("timed out");
        } else {
            s.append("exit ").append(step.exitCode() == null ? "unknown" : step.exitCode());
        }
        s.append(String.format(" after %.1f s ==%n", step.duration().toMillis() / 1000.0));
        s.append("-- stdout --\n").append(step.stdout());
        if (!step.stdout().endsWith("\n")) {
            s.append('\n');
        }
        s.append("-- stderr --\n").append(step.stderr());
        if (!step.stderr().endsWith("\n")) {
            s.append('\n');
        }
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
    public static class OutputDirectoryException extends FtmatrixException {
        private static final long serialVersionUID = 1L;

        public OutputDirectoryException(String message) {
            super(message);
        }
    }
}
