package dev.ftmatrix.matrix;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part {@code index} of {@code count} of a plan, so that N machines can run one plan ({@code run --shard I/N}).
 *
 * <p>The cells are put in the order method, os, python, repeat (a total order: together they are the cell id) and
 * dealt round-robin: the k-th of them, counting from 0, goes to shard {@code k mod N + 1}. Every method's cells
 * lie next to each other in that order, so each method is spread evenly over the shards and a slow one (a source
 * build) does not pile up on one machine; shard sizes differ by at most one. The split depends only on the set
 * of cells, not on the order of the matrix file. Shards are disjoint and together are the plan; with more shards
 * than cells some are empty.
 */
public record Shard(int index, int count) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

    /** Method first, as the class comment says; then the rest of the cell id. */
    private static final Comparator<Cell> DEALING_ORDER = Comparator.comparing((Cell c) -> c.method().id())
            .thenComparing(c -> c.os().id())
            .thenComparing(Cell::python)
            .thenComparingInt(Cell::repeat);

    public Shard {
        if (count < 1) {
            throw new IllegalArgumentException("the shard count must be at least 1, got " + count);
        }
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("shard index must be between 1 and " + count + ", got " + index);
        }
    }

    /**
     * Reads {@code I/N}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text, for the user
     */
    public static Shard parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not of the form I/N (shard I of N, e.g. 1/4)");
        }
        int index = Integer.parseInt(m.group(1));
        int count = Integer.parseInt(m.group(2));
        if (count < 1) {
            throw new IllegalArgumentException("'" + text + "': the shard count N must be at least 1");
        }
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("'" + text + "': shard index must be between 1 and " + count);
        }
        return new Shard(index, count);
    }

    /** This shard's cells, in the plan's order. */
    public List<Cell> select(List<Cell> plan) {
        List<Cell> dealt = plan.stream().sorted(DEALING_ORDER).toList();
        Set<String> mine = new HashSet<>();
        for (int k = index - 1; k < dealt.size(); k += count) {
            mine.add(dealt.get(k).id());
        }
        return plan.stream().filter(c -> mine.contains(c.id())).toList();
    }

    /** {@code I/N}, as written on the command line and recorded in run.json. */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
