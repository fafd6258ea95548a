package dev.ftmatrix.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the head and the tail of a byte stream and counts what lies between, so that a step printing
 * gigabytes costs a fixed amount of memory while its first lines and its final error stay visible.
 */
public final class BoundedOutput {
    public static final int DEFAULT_HEAD = 64 * 1024;
    public static final int DEFAULT_TAIL = 1024 * 1024;

    private final int headLimit;
    private final ByteArrayOutputStream head;
    private final byte[] tail;
    private int tailStart;
    private int tailLength;
    private long total;

    public BoundedOutput() {
        this(DEFAULT_HEAD, DEFAULT_TAIL);
    }

    public BoundedOutput(int headLimit, int tailLimit) {
        this.headLimit = headLimit;
        this.head = new ByteArrayOutputStream(Math.min(headLimit, 8192));
        this.tail = new byte[tailLimit];
    }

    public synchronized void append(byte[] bytes) {
        total += bytes.length;
        int offset = 0;
        if (head.size() < headLimit) {
            int n = Math.min(headLimit - head.size(), bytes.length);
            head.write(bytes, 0, n);
            offset = n;
        }
        for (int i = offset; i < bytes.length; i++) {
            int at = (tailStart + tailLength) % tail.length;
            tail[at] = bytes[i];
            if (tailLength < tail.length) {
                tailLength++;
            } else {
                tailStart = (tailStart + 1) % tail.length;
            }
        }
    }

    public synchronized long totalBytes() {
        return total;
    }

    public synchronized long omittedBytes() {
        return total - head.size() - tailLength;
    }

    /** Head, a marker naming how much was left out (if anything), and tail, as UTF-8 text. */
    public synchronized String text() {
        StringBuilder s = new StringBuilder(head.toString(StandardCharsets.UTF_8));
        long omitted = omittedBytes();
        if (omitted > 0) {
            s.append("\n[ftmatrix: ").append(omitted).append(" bytes omitted]\n");
        }
        byte[] t = new byte[tailLength];
        for (int i = 0; i < tailLength; i++) {
            t[i] = tail[(tailStart + i) % tail.length];
        }
        return s.append(new String(t, StandardCharsets.UTF_8)).toString();
    }
}
