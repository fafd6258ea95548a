package dev.ftmatrix.stats;

import java.util.List;

/** Reads the compatibility tags of an installed wheel ({@code python-abi-platform}, PEP 425). */
final class PackageWheels {
    private PackageWheels() {
    }

    /** A free-threaded build: an abi tag like {@code cp313t} (PEP 703's "t" ABI). */
    static boolean freeThreaded(List<String> tags) {
        return tags.stream().map(PackageWheels::abi).anyMatch(abi -> abi.matches("cp3\\d+t"));
    }

    /** Pure Python: abi {@code none} and platform {@code any}, runs on any interpreter. */
    static boolean pure(List<String> tags) {
        return !tags.isEmpty() && tags.stream().allMatch(t -> abi(t).equals("none") && t.endsWith("-any"));
    }

    private static String abi(String tag) {
        String[] parts = tag.split("-");
        return parts.length == 3 ? parts[1] : "";
    }
}
