package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimingLockTest {
    @TempDir
    Path tmp;

    @Test
    void cellsOfOneRunTimeOneAfterAnother() throws Exception {
        TimingLock lock = new TimingLock(tmp.resolve("timing.lock"));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Instant[]>> windows = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                windows.add(pool.submit(() -> {
                    try (TimingLock.Held held = lock.acquire(Instant.now().plusSeconds(30))) {
                        assertThat(held).isNotNull();
                        Instant start = Instant.now();
                        Thread.sleep(150);
                        return new Instant[] {start, Instant.now()};
                    }
                }));
            }
            List<Instant[]> got = new ArrayList<>();
            for (Future<Instant[]> w : windows) {
                got.add(w.get(30, TimeUnit.SECONDS));
            }
            got.sort((a, b) -> a[0].compareTo(b[0]));
            for (int i = 1; i < got.size(); i++) {
                assertThat(got.get(i)[0]).as("window %d starts after window %d ends", i, i - 1)
                        .isAfterOrEqualTo(got.get(i - 1)[1]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherProcessHoldingTheHostLockMakesTheCellWaitUntilItsDeadline() throws Exception {
        Path file = tmp.resolve("timing.lock");
        // A second JVM holding the file lock is a second ftmatrix process in its timing phase.
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldLock.class.getName(), file.toString()).start();
        try {
            assertThat(new String(other.getInputStream().readNBytes(5))).isEqualTo("held\n");
            Instant before = Instant.now();
            assertThat(new TimingLock(file).acquire(Instant.now().plusMillis(500))).isNull();
            assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        } finally {
            other.destroy();
            other.waitFor(10, TimeUnit.SECONDS);
        }
        try (TimingLock.Held held = new TimingLock(file).acquire(Instant.now().plusSeconds(10))) {
            assertThat(held).as("the kernel released the dead process's lock").isNotNull();
        }
    }

    /** Holds the lock file until killed, like a second ftmatrix in its timing phase. */
    static final class HoldLock {
        public static void main(String[] args) throws Exception {
            FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            System.out.print("held\n");
            System.out.flush();
            Thread.sleep(60_000);
            lock.release();
        }
    }
}
