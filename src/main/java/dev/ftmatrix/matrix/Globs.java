package dev.ftmatrix.matrix;

import java.util.List;
import java.util.regex.Pattern;

/** Shell-style globs, {@code *} for any run of characters and {@code ?} for one, matched against whole ids. */
public final class Globs {
    private Globs() {
    }

    public static boolean matches(String glob, String text) {
        return toPattern(glob).matcher(text).matches();
    }

    public static Pattern toPattern(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** The cells whose id matches one of {@code only} (any cell when it is empty) and none of {@code skip}, in plan order. */
    public static List<Cell> select(List<Cell> cells, List<String> only, List<String> skip) {
        List<Pattern> in = only.stream().map(Globs::toPattern).toList();
        List<Pattern> out = skip.stream().map(Globs::toPattern).toList();
        return cells.stream()
                .filter(c -> in.isEmpty() || in.stream().anyMatch(p -> p.matcher(c.id()).matches()))
                .filter(c -> out.stream().noneMatch(p -> p.matcher(c.id()).matches()))
                .toList();
    }
}
