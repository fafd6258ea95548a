package dev.ftmatrix.engine;

/**
 * An image as found on the daemon. {@code digest} is the repository digest when the image came from a registry,
 * else the image id (an imported image has no repository digest); either pins the exact content.
 */
public record ResolvedImage(String name, String id, String digest) {
}
