package dev.ftmatrix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading a file a user named. Only a regular file is opened: a FIFO would block for ever, and a device such as
 * {@code /dev/zero} reports a size of 0 and never ends. And no more than the limit plus one byte is read, whatever
 * size the file claims, so a file that grows while it is read cannot exhaust the heap either.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** The file is a FIFO, a device, a socket or anything else that is not a regular file. */
    public static final class NotRegularFileException extends IOException {
        private static final long serialVersionUID = 1L;

        NotRegularFileException(Path file) {
            super(file + " is not a regular file");
        }
    }

    /** The file holds more bytes than the limit. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long size;

        TooLargeException(Path file, long size) {
            super(file + " is " + size + " bytes");
            this.size = size;
        }

        /** Its size as the file system says, or the limit plus one where that was all that was read. */
        public long size() {
            return size;
        }
    }

    /** Fails with {@link NotRegularFileException} unless the path names a regular file (symbolic links followed). */
    public static void requireRegular(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new NotRegularFileException(file);
        }
    }

    /** The file's bytes, at most {@code limit} of them. */
    public static byte[] read(Path file, int limit) throws IOException {
        requireRegular(file);
        long claimed = Files.size(file);
        if (claimed > limit) {
            throw new TooLargeException(file, claimed);
        }
        try (InputStream in = Files.newInputStream(file)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(claimed, limit) + 1);
            byte[] buffer = new byte[64 * 1024];
            int total = 0;
            for (int n; total <= limit && (n = in.read(buffer, 0, Math.min(buffer.length, limit + 1 - total))) > 0; ) {
                out.write(buffer, 0, n);
                total += n;
            }
            if (total > limit) {
                throw new TooLargeException(file, total);
            }
            return out.toByteArray();
        }
    }
}
