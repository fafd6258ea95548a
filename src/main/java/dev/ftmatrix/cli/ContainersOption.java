package dev.ftmatrix.cli;

import dev.ftmatrix.recipe.RecipeCatalog;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --containers} option shared by every command that needs recipes. */
final class ContainersOption {
    @Option(names = "--containers", paramLabel = "DIR",
            description = "Directory with recipes/, probe/ and host/ (default: the checkout's containers/).")
    Path dir;

    Path root() {
        return RecipeCatalog.locate(dir);
    }

    RecipeCatalog catalog() {
        return RecipeCatalog.scan(root());
    }
}
