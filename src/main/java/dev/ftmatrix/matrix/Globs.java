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

    /** The cells whose id matches the glob, in plan order. */
    public static List<Cell> select(List<Cell> cells, String glob) {
        if (glob == null) {
            return cells;
        }
        Pattern p = toPattern(glob);
        return cells.stream().filter(c -> p.matcher(c.id()).matches()).toList();
    }
}
