package dev.ftmatrix.matrix;

/** What the smoke probe does after the install: create a venv, and how many threads the scaling test uses. */
public record Smoke(boolean venv, int threads) {
    public static final Smoke DEFAULT = new Smoke(true, 4);

    public Smoke {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
    }
}
