package dev.ftmatrix.recipe;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An install recipe: a script under {@code containers/recipes/}. The content hash covers the script and the
 * shared shell it sources, so a result can tell whether the recipe changed since it was recorded.
 */
public record Recipe(String name, Path script, String contentSha256) {
    public Recipe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(contentSha256, "contentSha256");
    }

    /** Where the script is inside a cell's container. */
    public String pathInContainer() {
        return RecipeCatalog.CONTAINER_ROOT + "/recipes/" + script.getFileName();
    }
}
