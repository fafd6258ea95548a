package dev.ftmatrix.matrix;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The family of an os entry, as recipes name their platforms (docs/matrix.md, "OS families"): an image's os-release ID
 * ({@code debian}, {@code fedora}, {@code almalinux}, ...), {@code manylinux} or {@code musllinux} for PyPA's
 * build images, or {@code host:linux}, {@code host:macos}, {@code host:windows} for a host row.
 */
public final class OsFamily {
    public static final String HOST_PREFIX = "host:";
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern HOST = Pattern.compile("host:(linux|macos|windows)");
    /**
     * Image repositories whose family is unambiguous, by the last part of the repository name. The official
     * {@code python} image is not here: it is Debian or Alpine depending on the tag.
     */
    private static final Map<String, String> REPOSITORIES = Map.ofEntries(
            Map.entry("debian", "debian"), Map.entry("ubuntu", "ubuntu"), Map.entry("fedora", "fedora"),
            Map.entry("almalinux", "almalinux"), Map.entry("rockylinux", "rocky"), Map.entry("centos", "centos"),
            Map.entry("ubi8", "rhel"), Map.entry("ubi9", "rhel"), Map.entry("ubi10", "rhel"),
            Map.entry("alpine", "alpine"), Map.entry("archlinux", "arch"));
    private static final Pattern PYPA = Pattern.compile("(manylinux|musllinux)(?:1|2010|2014|_\\d+_\\d+)_[a-z0-9_]+");

    private OsFamily() {
    }

    /** The family an image's name tells, or empty where the name does not say: {@code fedora:43} is fedora. */
    public static Optional<String> ofImage(String image) {
        String repository = image.toLowerCase(Locale.ROOT);
        int at = repository.indexOf('@');
        if (at >= 0) {
            repository = repository.substring(0, at);
        }
        int slash = repository.lastIndexOf('/');
        int colon = repository.lastIndexOf(':');
        if (colon > slash) {
            repository = repository.substring(0, colon);
        }
        String last = repository.substring(slash + 1);
        var pypa = PYPA.matcher(last);
        if (pypa.matches()) {
            return Optional.of(pypa.group(1));
        }
        return Optional.ofNullable(REPOSITORIES.get(last));
    }

    /** The family a host row's id tells: {@code macos-15} is host:macos; empty for ids such as {@code this-machine}. */
    public static Optional<String> ofHostId(String id) {
        for (String os : new String[] {"linux", "macos", "windows"}) {
            if (id.equals(os) || id.startsWith(os + "-")) {
                return Optional.of(HOST_PREFIX + os);
            }
        }
        return Optional.empty();
    }

    /** The family of the machine ftmatrix runs on, as a host row names it. */
    public static String thisMachine() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (name.startsWith("windows")) {
            return HOST_PREFIX + "windows";
        }
        return HOST_PREFIX + (name.startsWith("mac") || name.startsWith("darwin") ? "macos" : "linux");
    }

    static boolean validForContainer(String family) {
        return CONTAINER.matcher(family).matches();
    }

    static boolean validForHost(String family) {
        return HOST.matcher(family).matches();
    }
}
