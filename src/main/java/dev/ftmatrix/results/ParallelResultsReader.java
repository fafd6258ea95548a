package dev.ftmatrix.results;

import dev.ftmatrix.results.ResultsReader.ReadSummary;
import dev.ftmatrix.results.ResultsReader.ResultsUnreadableException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads a {@code cells.jsonl} on all cores for {@code report}: the file is cut into chunks at line boundaries, each
 * chunk is parsed on a worker by a {@link LeanResultParser} (only the fields statistics and {@code junit.xml} read)
 * into a part of the caller's making, and the parts are handed back on the caller's thread in file order, so what
 * the caller merges does not depend on how many cores there were. A line the lean parser does not take is read as
 * {@link ResultsReader} reads it, so the results, the torn-last-line rule and every FILE:LINE message are the same
 * as a sequential read's; the first bad line of the file is the one reported.
 *
 * <p>Only the pulled fields are checked: a line whose image or timestamps data binding would reject is still read
 * here. Results are partial records (the fields not pulled are null) and must not be written back anywhere.
 */
public final class ParallelResultsReader {
    /** Bytes per chunk: small enough that a few in flight fit any heap, large enough to keep the cores busy. */
    static final int DEFAULT_CHUNK_BYTES = 8 << 20;

    private final int chunkBytes;
    private final int threads;

    public ParallelResultsReader() {
        this(DEFAULT_CHUNK_BYTES, Runtime.getRuntime().availableProcessors());
    }

    /** Chunks of {@code chunkBytes} on {@code threads} workers: the result does not depend on either. */
    public ParallelResultsReader(int chunkBytes, int threads) {
        this.chunkBytes = chunkBytes;
        this.threads = Math.max(1, threads);
    }

    /**
     * What a chunk's results go into, on the worker that parses the chunk. {@link #chunkRead()} runs on that worker
     * after the chunk's last result, before the part is handed to the caller's thread: work that can be done per
     * chunk (sorting it, say) is done there, on all cores.
     */
    public interface Part extends Consumer<CellResult> {
        default void chunkRead() {
        }
    }

    /** What one chunk gave: its part, its line count (blank and torn lines included), and its first bad line. */
    private record Chunk<P>(P part, long lines, long results, boolean torn, BadLine bad) {
    }

    /** A line neither parser took, kept so the caller can report it with its line number in the whole file. */
    private record BadLine(long lineInChunk, byte[] bytes) {
    }

    /**
     * Streams the results of {@code input} (a result directory or a cells.jsonl): each chunk's results go into a
     * fresh part from {@code newPart} on a worker thread, and each part then goes to {@code merge} on this thread,
     * in file order.
     */
    public <P extends Part> ReadSummary read(Path input, Supplier<P> newPart, Consumer<P> merge) {
        Path file = ResultsReader.cellsFile(input);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ftmatrix-read");
            t.setDaemon(true);
            return t;
        });
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            int chunks = (int) ((size + chunkBytes - 1) / chunkBytes);
            Deque<Future<Chunk<P>>> inFlight = new ArrayDeque<>();
            int submitted = 0;
            long lines = 0;
            long results = 0;
            boolean torn = false;
            for (int i = 0; i < chunks; i++) {
                while (submitted < chunks && inFlight.size() < 2 * threads) {
                    int index = submitted++;
                    inFlight.add(pool.submit(() -> chunk(file, channel, size, index, newPart)));
                }
                Chunk<P> c = await(inFlight.poll());
                if (c.bad() != null) {
                    // The results before the bad line first, so what the caller checks of them comes first as in
                    // a sequential read; then the bad line's own words with its number in the whole file.
                    merge.accept(c.part());
                    badLine(file, lines + c.bad().lineInChunk(), c.bad().bytes());
                    throw new IllegalStateException("line " + (lines + c.bad().lineInChunk()) + " of " + file
                            + " was read differently on a second look");
                }
                merge.accept(c.part());
                lines += c.lines();
                results += c.results();
                torn |= c.torn();
            }
            return new ReadSummary(file, results, torn);
        } catch (IOException e) {
            throw new ResultsUnreadableException("cannot read " + file + ": " + e.getMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Throws what the sequential reader says of this line. */
    private static void badLine(Path file, long number, byte[] bytes) {
        if (bytes == null) {
            throw new ResultsUnreadableException(file + ":" + number + ": the line is longer than "
                    + ResultLines.MAX_LINE_BYTES + " bytes, more than a result line may have; delete it");
        }
        ResultLines.parse(file, number, bytes);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResultsUnreadableException("interrupted while reading results");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The lines that start in chunk {@code index}; the last of them may run past the chunk's end. */
    private <P extends Part> Chunk<P> chunk(Path file, FileChannel channel, long size, int index,
            Supplier<P> newPart) throws IOException {
        long from = (long) index * chunkBytes;
        long to = Math.min(size, from + chunkBytes);
        P part = newPart.get();
        LeanResultParser lean = new LeanResultParser();
        Window w = new Window(channel, size, Math.max(from - 1, 0), Math.min(1 << 20, Math.max(chunkBytes, 256)));
        if (from > 0 && w.lineEnd() < 0) {
            return new Chunk<>(part, 0, 0, false, null);
        }
        if (from > 0) {
            // Position from - 1 decides: a newline there means a line starts at from.
            w.skipLine();
        }
        long lines = 0;
        long results = 0;
        boolean torn = false;
        while (w.position() < to) {
            int end = w.lineEnd();
            boolean terminated = end >= 0;
            int length = (terminated ? end : w.limit()) - w.offset();
            lines++;
            if (!blank(w.bytes(), w.offset(), length)) {
                if (length > ResultLines.MAX_LINE_BYTES) {
                    return new Chunk<>(part, lines, results, torn, new BadLine(lines, null));
                }
                CellResult r = lean.parse(w.bytes(), w.offset(), length);
                if (r == null) {
                    byte[] line = java.util.Arrays.copyOfRange(w.bytes(), w.offset(), w.offset() + length);
                    try {
                        r = ResultLines.parse(file, lines, line);
                    } catch (ResultsUnreadableException e) {
                        // A last line without its newline that does not parse is the one a killed run was writing.
                        if (terminated) {
                            return new Chunk<>(part, lines, results, torn, new BadLine(lines, line));
                        }
                        torn = true;
                    }
                }
                if (r != null) {
                    part.accept(r);
                    results++;
                }
            }
            if (!terminated) {
                break;
            }
            w.skipLine();
        }
        part.chunkRead();
        return new Chunk<>(part, lines, results, torn, null);
    }

    private static boolean blank(byte[] b, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The index of the first {@code '\n'} in {@code b[from, to)}, or -1: eight bytes at a time (a word's bytes equal
     * to a newline become zero bytes, and the lowest zero byte of a word is found exactly by the borrow trick).
     */
    static int newline(byte[] b, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long zeros = (x - ONES) & ~x & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * A window of the file around the current line: {@code bytes[offset..]} is the file from {@link #position()},
     * refilled by positional reads (safe on a channel shared between threads) and grown for lines longer than it.
     */
    private static final class Window {
        private final FileChannel channel;
        private final long size;
        private byte[] bytes;
        private long bytesAt;
        private int offset;
        private int limit;
        private int scanned;

        Window(FileChannel channel, long size, long start, int capacity) {
            this.bytes = new byte[capacity];
            this.channel = channel;
            this.size = size;
            this.bytesAt = start;
        }

        byte[] bytes() {
            return bytes;
        }

        int offset() {
            return offset;
        }

        int limit() {
            return limit;
        }

        long position() {
            return bytesAt + offset;
        }

        /** The index in {@link #bytes()} of the newline ending the current line, -1 when the file ends first. */
        int lineEnd() throws IOException {
            while (true) {
                int i = newline(bytes, Math.max(scanned, offset), limit);
                if (i >= 0) {
                    scanned = i;
                    return i;
                }
                scanned = limit;
                if (!fill()) {
                    return -1;
                }
            }
        }

        /** Moves past the current line and its newline (whose index {@link #lineEnd()} found). */
        void skipLine() throws IOException {
            int end = lineEnd();
            offset = end < 0 ? limit : end + 1;
            scanned = offset;
        }

        /** Reads more of the file after what the window holds; false at the end of the file. */
        private boolean fill() throws IOException {
            if (bytesAt + limit >= size) {
                return false;
            }
            if (offset > 0) {
                System.arraycopy(bytes, offset, bytes, 0, limit - offset);
                bytesAt += offset;
                limit -= offset;
                scanned -= offset;
                offset = 0;
            }
            if (limit == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            ByteBuffer into = ByteBuffer.wrap(bytes, limit, bytes.length - limit);
            int read = channel.read(into, bytesAt + limit);
            if (read <= 0) {
                return false;
            }
            limit += read;
            return true;
        }
    }
}
