package dev.ftmatrix.engine;

import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.VersionComponent;
import java.nio.file.Path;
import java.util.List;

/**
 * The container engines ftmatrix drives through the Docker API: Docker itself, and Podman's Docker-compatible
 * service ({@code podman system service}), which ftmatrix reaches when DOCKER_HOST names its socket.
 */
public enum ContainerEngine {
    DOCKER("Docker", Path.of("/var/lib/docker")),
    PODMAN("Podman", Path.of("/var/lib/containers/storage"));

    /** Where the rootful service listens: the socket path Podman's own systemd unit uses. */
    public static final String PODMAN_SOCKET = "/run/podman/podman.sock";

    private final String displayName;
    private final Path storage;

    ContainerEngine(String displayName, Path storage) {
        this.displayName = displayName;
        this.storage = storage;
    }

    public String displayName() {
        return displayName;
    }

    /** Where the engine keeps images and containers, for the free-disk check. */
    public Path storage() {
        return storage;
    }

    /** Podman answers the version call with a component named "Podman Engine"; Docker's is "Engine". */
    static ContainerEngine of(Version version) {
        List<VersionComponent> components = version.getComponents();
        boolean podman = components != null && components.stream()
                .anyMatch(c -> c.getName() != null && c.getName().startsWith("Podman"));
        return podman ? PODMAN : DOCKER;
    }
}
