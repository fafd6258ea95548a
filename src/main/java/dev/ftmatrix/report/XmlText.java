package dev.ftmatrix.report;

/**
 * Text and numbers as XML 1.0 can carry them. Escaping handles {@code <} and {@code &}; it cannot make a control
 * character legal, and a result can hold any character a step printed.
 */
final class XmlText {
    private XmlText() {
    }

    /** The text with each character XML 1.0 forbids replaced by U+FFFD. */
    static String clean(String s) {
        if (allLegal(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean legal = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
            b.appendCodePoint(legal ? cp : 0xFFFD);
        });
        return b.toString();
    }

    /** Whether every char is legal on its own (a surrogate is not: a pair is checked as a code point). */
    private static boolean allLegal(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 ? c != 0x9 && c != 0xA && c != 0xD : c > 0xD7FF && (c < 0xE000 || c > 0xFFFD)) {
                return false;
            }
        }
        return true;
    }
}
