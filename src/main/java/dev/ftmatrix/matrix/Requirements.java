package dev.ftmatrix.matrix;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of PEP 508 a smoke package may use: a project name, optional extras and optional version clauses.
 * URLs and environment markers are left out: a smoke package names what to install, not how or when.
 */
final class Requirements {
    private static final String NAME = "[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?";
    private static final String WS = "[ \\t]*+";
    private static final String EXTRAS =
            "\\[" + WS + "(?:" + NAME + "(?:" + WS + "," + WS + NAME + ")*+)?" + WS + "\\]";
    private static final String VERSION = "[A-Za-z0-9](?:[A-Za-z0-9.*+!_-]*[A-Za-z0-9*])?";
    private static final String CLAUSE = "(?:===|==|!=|<=|>=|~=|<|>)" + WS + VERSION;
    private static final Pattern REQUIREMENT = Pattern.compile(
            "(" + NAME + ")" + WS + "(?:" + EXTRAS + WS + ")?(?:" + CLAUSE + "(?:" + WS + "," + WS + CLAUSE + ")*+)?");
    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");
    private static final Pattern MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*+(?:\\.[A-Za-z_][A-Za-z0-9_]*+)*+");
    private static final Set<String> KEYWORDS = Set.of(
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
            "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
            "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

    private Requirements() {}

    /** The project name as written in the requirement, or null when the text is not a requirement we accept. */
    static String projectName(String requirement) {
        Matcher m = REQUIREMENT.matcher(requirement);
        return m.matches() ? m.group(1) : null;
    }

    /** PEP 503: lowercase, with every run of '-', '_' and '.' as one '-'. */
    static String normalize(String projectName) {
        return SEPARATORS.matcher(projectName).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    /** The module a project is imported as unless told otherwise: {@code Pydantic-Core} gives {@code pydantic_core}. */
    static String importName(String projectName) {
        return projectName.toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /** Whether the text can follow {@code import}: dotted identifiers, none of them a keyword. */
    static boolean isModuleName(String text) {
        if (!MODULE.matcher(text).matches()) {
            return false;
        }
        for (String part : text.split("\\.")) {
            if (KEYWORDS.contains(part)) {
                return false;
            }
        }
        return true;
    }
}
