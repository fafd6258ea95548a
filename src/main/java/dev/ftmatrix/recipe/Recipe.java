package dev.ftmatrix.recipe;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An install recipe: a script under {@code containers/recipes/}. The content hash covers the script and the
 * shared shell it sources, so a result can tell whether the recipe changed since it was recorded. The platforms,
 * parameters, pins and failure categories are the script's header declarations, in the order written.
 */
public record Recipe(String name, Path script, String contentSha256, List<String> platforms, List<String> parameters,
        List<Pin> pins, List<String> categories) {
    public Recipe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(contentSha256, "contentSha256");
        platforms = List.copyOf(platforms);
        parameters = List.copyOf(parameters);
        pins = List.copyOf(pins);
        categories = List.copyOf(categories);
    }

    /** Where the script is inside a cell's container. */
    public String pathInContainer() {
        return RecipeCatalog.CONTAINER_ROOT + "/recipes/" + script.getFileName();
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
