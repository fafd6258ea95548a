package dev.ftmatrix.report;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sorts more items than fit in the heap: past {@code chunk} items held in memory, they are sorted and written to a
 * temporary file (on a thread of its own, while the caller goes on adding), and {@link #sorted()} merges those runs
 * with what is still in memory. The order read back does not depend on whether anything was spilled; equal items
 * keep no particular order, so the comparator should be total. {@link #close()} deletes the temporary files.
 */
final class SpillingSort<T> implements Closeable {
    /** How one item is written to and read from a spilled run. */
    interface Codec<T> {
        void write(T item, DataOutputStream out) throws IOException;

        T read(DataInputStream in) throws IOException;
    }

    /** Items in order; may hold files open. */
    interface Cursor<T> extends Closeable {
        /** The next item, or null at the end. */
        T next() throws IOException;
    }

    private final Comparator<T> order;
    private final Codec<T> codec;
    private final int chunk;
    private final String prefix;
    private List<T> held = new ArrayList<>();
    private final List<Path> spilled = new ArrayList<>();
    /** Sorts and writes one full chunk at a time while the caller fills the next. */
    private ExecutorService spiller;
    private Future<?> spilling;

    /** {@code prefix} names the temporary files, so a leftover one says what left it. */
    SpillingSort(Comparator<T> order, Codec<T> codec, int chunk, String prefix) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1, got " + chunk);
        }
        this.order = order;
        this.codec = codec;
        this.chunk = chunk;
        this.prefix = prefix;
    }

    void add(T item) {
        held.add(item);
        if (held.size() >= chunk) {
            spill();
        }
    }

    /**
     * Adds items in order; a list already sorted (as a reading thread can sort its part) costs the spill's sort
     * little, which merges such runs rather than sorting from scratch.
     */
    void addAll(List<T> items) {
        for (T item : items) {
            add(item);
        }
    }

    /** How many runs went to disk so far. */
    int spilledRuns() {
        return spilled.size();
    }

    /**
     * Hands the full chunk to the spilling thread, after the one before it is on disk: at most two chunks are in
     * memory, and the caller goes on adding (a report's readers keep parsing) while one is sorted and written.
     */
    private void spill() {
        List<T> full = held;
        held = new ArrayList<>();
        awaitSpill();
        Path file;
        try {
            file = Files.createTempFile(prefix, ".rows");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill sorted rows to a temporary file", e);
        }
        file.toFile().deleteOnExit();
        spilled.add(file);
        if (spiller == null) {
            spiller = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ftmatrix-spill");
                t.setDaemon(true);
                return t;
            });
        }
        spilling = spiller.submit(() -> {
            full.sort(order);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file),
                    1 << 16))) {
                for (T item : full) {
                    codec.write(item, out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot spill sorted rows to " + file, e);
            }
        });
    }

    /** Waits for the chunk being spilled, if any, and rethrows what went wrong there. */
    private void awaitSpill() {
        if (spilling == null) {
            return;
        }
        Future<?> f = spilling;
        spilling = null;
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while spilling sorted rows"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Every item added so far, in order; may be called more than once (one pass per call). */
    Cursor<T> sorted() throws IOException {
        awaitSpill();
        held.sort(order);
        List<Cursor<T>> sources = new ArrayList<>();
        try {
            for (Path p : spilled) {
                sources.add(ofFile(p));
            }
        } catch (IOException e) {
            for (Cursor<T> c : sources) {
                c.close();
            }
            throw e;
        }
        Iterator<T> memory = held.iterator();
        sources.add(new Cursor<>() {
            @Override
            public T next() {
                return memory.hasNext() ? memory.next() : null;
            }

            @Override
            public void close() {
            }
        });
        return merge(sources);
    }

    @Override
    public void close() {
        if (spiller != null) {
            spiller.shutdownNow();
            try {
                // The file being written must be closed before it can be deleted everywhere.
                spiller.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            spiller = null;
            spilling = null;
        }
        for (Path p : spilled) {
            p.toFile().delete();
        }
        spilled.clear();
        held.clear();
    }

    private Cursor<T> ofFile(Path file) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        return new Cursor<>() {
            @Override
            public T next() throws IOException {
                try {
                    return codec.read(in);
                } catch (EOFException end) {
                    return null;
                }
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    private Cursor<T> merge(List<Cursor<T>> sources) throws IOException {
        record Head<T>(T item, Cursor<T> source) {
        }
        PriorityQueue<Head<T>> heads = new PriorityQueue<>(Comparator.comparing(Head::item, order));
        for (Cursor<T> s : sources) {
            T item = s.next();
            if (item != null) {
                heads.add(new Head<>(item, s));
            }
        }
        return new Cursor<>() {
            @Override
            public T next() throws IOException {
                Head<T> h = heads.poll();
                if (h == null) {
                    return null;
                }
                T following = h.source().next();
                if (following != null) {
                    heads.add(new Head<>(following, h.source()));
                }
                return h.item();
            }

            @Override
            public void close() throws IOException {
                IOException first = null;
                for (Cursor<T> s : sources) {
                    try {
                        s.close();
                    } catch (IOException e) {
                        first = first == null ? e : first;
                    }
                }
                if (first != null) {
                    throw first;
                }
            }
        };
    }

    /** A nullable string in a spilled run: its UTF-8 length (-1 for null), then the bytes. */
    static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
