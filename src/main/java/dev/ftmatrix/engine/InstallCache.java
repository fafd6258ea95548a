package dev.ftmatrix.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import dev.ftmatrix.Sha256;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Smoke;
import dev.ftmatrix.recipe.Recipe;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Local images of containers whose install succeeded, so that development and reproduction need not rebuild
 * CPython each time. The key covers everything that decides the install: the base image's digest, the recipe's
 * content hash, its parameters and the Python version; a change to any of them misses the cache.
 */
public final class InstallCache {
    public static final String REPOSITORY = "ftmatrix-install-cache";
    static final String LABEL_CACHE = "dev.ftmatrix.cache";
    static final String LABEL_INTERPRETER = "dev.ftmatrix.interpreter";
    static final String LABEL_TWIN = "dev.ftmatrix.twin";
    static final String LABEL_TWIN_ERROR = "dev.ftmatrix.twin-error";
    static final String LABEL_SOURCE_CELL = "dev.ftmatrix.cache.cell";

    private final Docker docker;
    private final DockerClient client;

    public InstallCache(Docker docker) {
        this.docker = docker;
        this.client = docker.client();
    }

    /** An install found in the cache: the image to start from, the interpreter it holds, and its GIL twin. */
    public record Hit(String image, String interpreter, CellExecutor.Twin twin) {
    }

    public static String key(ResolvedImage image, Recipe recipe, Cell cell) {
        StringBuilder s = new StringBuilder();
        s.append("image=").append(image.digest()).append('\n');
        s.append("recipe=").append(recipe.name()).append('@').append(recipe.contentSha256()).append('\n');
        s.append("python=").append(cell.python()).append('\n');
        // A twin is built only when timing against one, so an install without it must not stand in for one with it.
        s.append("baseline=").append(cell.smoke().timing().enabled() ? cell.smoke().timing().baseline().word()
                : Smoke.Baseline.NONE.word()).append('\n');
        cell.method().sortedWith().forEach((k, v) -> s.append("with.").append(k).append('=').append(v).append('\n'));
        return Sha256.hex(s.toString()).substring(0, 32);
    }

    public Optional<Hit> lookup(String key) {
        try {
            InspectImageResponse image = client.inspectImageCmd(REPOSITORY + ":" + key).exec();
            Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
            String interpreter = labels == null ? null : labels.get(LABEL_INTERPRETER);
            return interpreter == null ? Optional.empty()
                    : Optional.of(new Hit(image.getId(), interpreter,
                            new CellExecutor.Twin(labels.get(LABEL_TWIN), labels.get(LABEL_TWIN_ERROR))));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    public void store(String containerId, String key, String interpreter, CellExecutor.Twin twin, Cell cell) {
        Map<String, String> labels = new java.util.TreeMap<>(Map.of(LABEL_CACHE, "install",
                LABEL_INTERPRETER, interpreter, LABEL_SOURCE_CELL, cell.id()));
        if (twin.interpreter() != null) {
            labels.put(LABEL_TWIN, twin.interpreter());
        }
        if (twin.error() != null) {
            labels.put(LABEL_TWIN_ERROR, twin.error());
        }
        docker.commit(containerId, REPOSITORY, key, labels);
    }

    /** Removes every cached install; returns how many images were removed. */
    public int prune() {
        List<Image> cached = client.listImagesCmd().withLabelFilter(Map.of(LABEL_CACHE, "install")).exec();
        int removed = 0;
        for (Image image : cached) {
            try {
                client.removeImageCmd(image.getId()).withForce(true).exec();
                removed++;
            } catch (NotFoundException alreadyGone) {
                // Removed together with another tag of the same image.
            }
        }
        return removed;
    }
}
