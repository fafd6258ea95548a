package dev.ftmatrix.matrix;

/**
 * The installation tier a method is claimed to belong to: a positive level (1 is the most reliable),
 * or {@code control}, a negative control that is expected to fail the free-threaded check.
 */
public record Tier(int level) implements Comparable<Tier> {
    private static final int CONTROL_LEVEL = 0;
    public static final Tier CONTROL = new Tier(CONTROL_LEVEL);

    public Tier {
        if (level < 0) {
            throw new IllegalArgumentException("tier must be positive: " + level);
        }
    }

    public static Tier of(int level) {
        if (level < 1) {
            throw new IllegalArgumentException("tier must be positive: " + level);
        }
        return new Tier(level);
    }

    public boolean isControl() {
        return level == CONTROL_LEVEL;
    }

    /** {@code "4"} or {@code "control"}: the form a matrix author writes. */
    public String label() {
        return isControl() ? "control" : Integer.toString(level);
    }

    /** Controls sort after every real tier. */
    @Override
    public int compareTo(Tier o) {
        return Integer.compare(isControl() ? Integer.MAX_VALUE : level, o.isControl() ? Integer.MAX_VALUE : o.level);
    }

    @Override
    public String toString() {
        return label();
    }
}
