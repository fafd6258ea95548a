package dev.ftmatrix.matrix;

import java.util.List;

/**
 * Shell-style globs, {@code *} for any run of characters and {@code ?} for one, matched against whole ids. Matching
 * never backtracks more than once per character of the text for each star, so a glob of many stars against a long id
 * costs at most their product, never an exponential search as a regular expression would.
 */
public final class Globs {
    private Globs() {
    }

    /** Character by character in Unicode code points, so {@code ?} is one character even outside the BMP. */
    public static boolean matches(String glob, String text) {
        int[] pattern = glob.codePoints().toArray();
        int[] chars = text.codePoints().toArray();
        int g = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < chars.length) {
            if (g < pattern.length && pattern[g] != '*' && (pattern[g] == '?' || pattern[g] == chars[t])) {
                g++;
                t++;
            } else if (g < pattern.length && pattern[g] == '*') {
                // Try the star as empty first; on a mismatch later, let it take one more character.
                star = g++;
                resume = t;
            } else if (star >= 0) {
                g = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (g < pattern.length && pattern[g] == '*') {
            g++;
        }
        return g == pattern.length;
    }

    /** The cells whose id matches one of {@code only} (any cell when it is empty) and none of {@code skip}, in plan order. */
    public static List<Cell> select(List<Cell> cells, List<String> only, List<String> skip) {
        return cells.stream()
                .filter(c -> only.isEmpty() || only.stream().anyMatch(g -> matches(g, c.id())))
                .filter(c -> skip.stream().noneMatch(g -> matches(g, c.id())))
                .toList();
    }
}
