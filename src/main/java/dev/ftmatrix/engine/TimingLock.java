package dev.ftmatrix.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one cell at a time run its timing phase: one at a time in this process (a fair lock, so cells time in the
 * order they asked), and one at a time on the host, through an exclusive lock on a file every ftmatrix process
 * shares. A second ftmatrix on the same host therefore waits for the first one's timing phase, while both keep
 * installing and running functional checks in parallel. The kernel drops a file lock when its process dies, so a
 * killed run never leaves the lock held.
 */
final class TimingLock {
    /** Shared by every ftmatrix process of one user's temporary directory on the host. */
    static final Path HOST_LOCK_FILE = Path.of(System.getProperty("java.io.tmpdir"), "ftmatrix-timing.lock");
    /** The lock every cell of this process takes, Docker and host executor alike. */
    static final TimingLock HOST = new TimingLock(HOST_LOCK_FILE);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final ReentrantLock IN_PROCESS = new ReentrantLock(true);

    private final Path file;

    TimingLock(Path file) {
        this.file = file;
    }

    /**
     * Blocks until this cell may time, or returns null when the deadline passed first; the caller then skips the
     * timing phase. Close the returned hold to let the next cell time.
     */
    Held acquire(Instant deadline) throws InterruptedException {
        long waitMs = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
        if (!IN_PROCESS.tryLock(waitMs, TimeUnit.MILLISECONDS)) {
            return null;
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            while ((lock = channel.tryLock()) == null) {
                if (Instant.now().isAfter(deadline)) {
                    channel.close();
                    IN_PROCESS.unlock();
                    return null;
                }
                Thread.sleep(POLL.toMillis());
            }
            return new Held(channel, lock);
        } catch (IOException e) {
            IN_PROCESS.unlock();
            throw new UncheckedIOException("cannot lock " + file + " for the timing phase", e);
        } catch (InterruptedException | RuntimeException e) {
            IN_PROCESS.unlock();
            throw e;
        }
    }

    /** The lock held: released (file lock first, then the process's) on close. */
    static final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release the timing lock", e);
            } finally {
                IN_PROCESS.unlock();
            }
        }
    }
}
