package dev.ftmatrix.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A copy of the checkout's containers/ directory with the test recipes of src/test/resources/it/infra-recipes
 * added, for {@code run --containers}: the real probe and shared shell, plus recipes that misbehave on purpose.
 */
final class InfraRecipes {
    private InfraRecipes() {
    }

    static Path containersIn(Path dir) {
        Path target = dir.resolve("containers");
        copyTree(Path.of("containers"), target);
        copyTree(Path.of("src/test/resources/it/infra-recipes"), target.resolve("recipes"));
        return target;
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
