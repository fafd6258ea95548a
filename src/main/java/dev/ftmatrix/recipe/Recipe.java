package dev.ftmatrix.recipe;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An install recipe: a script under {@code containers/recipes/}. The content hash covers the script and the
 * shared shell it sources, so a result can tell whether the recipe changed since it was recorded. The platforms,
 * parameters, pins, failure categories and verifications are the script's header declarations, in the order
 * written; a recipe of the user's own may declare no verification.
 */
public record Recipe(String name, Path script, String contentSha256, List<String> platforms, List<String> parameters,
        List<Pin> pins, List<String> categories, List<Verification> verified) {
    public Recipe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(contentSha256, "contentSha256");
        platforms = List.copyOf(platforms);
        parameters = List.copyOf(parameters);
        pins = List.copyOf(pins);
        categories = List.copyOf(categories);
        verified = List.copyOf(verified);
    }

    /** A recipe that declares how it was verified nowhere, as a user's own recipe may. */
    public Recipe(String name, Path script, String contentSha256, List<String> platforms, List<String> parameters,
            List<Pin> pins, List<String> categories) {
        this(name, script, contentSha256, platforms, parameters, pins, categories, List.of());
    }

    /** Where the script is inside a cell's container. */
    public String pathInContainer() {
        return RecipeCatalog.CONTAINER_ROOT + "/recipes/" + script.getFileName();
    }

    /**
     * What the recipe met where ftmatrix is built and tested: {@code # Verified: fake-only (RecipeContractIT ...)}.
     * {@code real-upstream}: the vendor's own servers; {@code real-tool-local-repository}: the real tool, installing
     * from a repository on loopback that holds real artifacts; {@code fake-only}: contract tests against a fake that
     * reproduces the tool's cited messages, never evidence; {@code not-run-here}: no such machine.
     */
    public record Verification(String kind, String how) {
        public static final List<String> KINDS = List.of("real-upstream", "real-tool-local-repository", "fake-only",
                "not-run-here");

        public Verification {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(how, "how");
        }
    }

    /** A version the recipe pins, and where it was confirmed: {@code # Pin: uv 0.12.5 (source: ...)}. */
    public record Pin(String tool, String version, String source) {
        public Pin {
            Objects.requireNonNull(tool, "tool");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(source, "source");
        }
    }
}
