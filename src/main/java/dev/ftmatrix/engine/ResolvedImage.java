package dev.ftmatrix.engine;

/**
 * An image as found on the daemon. {@code digest} is the repository digest when the image came from a registry,
 * else the image id (an imported image has no repository digest); either pins the exact content.
 * {@code simulated}: the image carries the label {@value #SIMULATED_LABEL}{@code =true}, as the contract-test
 * images with fake upstream tools do; results from it are never evidence about a method.
 */
public record ResolvedImage(String name, String id, String digest, boolean simulated) {
    public static final String SIMULATED_LABEL = "dev.ftmatrix.simulated";

    public ResolvedImage(String name, String id, String digest) {
        this(name, id, digest, false);
    }
}
