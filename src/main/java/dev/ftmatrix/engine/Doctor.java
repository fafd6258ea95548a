package dev.ftmatrix.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import dev.ftmatrix.InfrastructureException;
import dev.ftmatrix.matrix.OsSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Checks what a run needs, each with the exact command that fixes it when it is missing. */
public final class Doctor {
    /** A source build with its toolchain and the image layers needs a few GiB. */
    static final long MIN_FREE_BYTES = 5L * 1024 * 1024 * 1024;
    private static final String UNIX = "unix://";
    private static final String LABEL_DOCTOR = "dev.ftmatrix.doctor";
    private static final long START_DEADLINE_S = 60;

    private Doctor() {
    }

    /** One check's finding; {@code fix} is empty when it passed. */
    public record Check(String name, boolean ok, String detail, Optional<String> fix) {
    }

    /**
     * What a matrix needs of this machine: Docker unless every os runs on the host executor, and the images of the
     * oses that run in containers, sorted.
     */
    public record Needs(boolean docker, List<String> images) {
        /** Without a matrix: Docker, and no image in particular. */
        public static final Needs DOCKER = new Needs(true, List.of());

        public Needs {
            images = List.copyOf(images);
        }

        public static Needs of(List<OsSpec> systems) {
            List<String> images = systems.stream().filter(Engine::inContainer).map(OsSpec::image).distinct().sorted()
                    .toList();
            return new Needs(!images.isEmpty(), images);
        }
    }

    public static List<Check> check(Needs needs) {
        return check(needs, ContainerEngine.DOCKER, null);
    }

    /**
     * The checks for {@code engine}; {@code dockerHost} is the DOCKER_HOST that {@code run} will use (null: unset).
     * Docker is found where the standard places say. Podman is looked for at DOCKER_HOST, else at its rootful socket,
     * and DOCKER_HOST must name it, or {@code run} would use Docker.
     */
    public static List<Check> check(Needs needs, ContainerEngine engine, String dockerHost) {
        List<Check> checks = new ArrayList<>();
        checks.add(java());
        checks.add(gnuTimeout(System.getenv("PATH")));
        if (!needs.docker()) {
            checks.add(new Check(engine.name().toLowerCase(Locale.ROOT), true,
                    "not needed: every os of the matrix runs on the host executor", Optional.empty()));
        } else if (engine == ContainerEngine.PODMAN) {
            podman(needs.images(), dockerHost, checks);
        } else {
            docker(needs.images(), checks);
        }
        checks.add(disk(engine.storage()));
        return checks;
    }

    /** The endpoint Podman's service is looked for and started at: DOCKER_HOST when it names a socket, else its default. */
    public static String podmanSocket(String dockerHost) {
        return dockerHost != null && dockerHost.startsWith(UNIX) ? dockerHost.substring(UNIX.length())
                : ContainerEngine.PODMAN_SOCKET;
    }

    private static void docker(List<String> images, List<Check> checks) {
        Docker docker = null;
        try {
            docker = Docker.connect();
            checks.add(new Check("docker", true, docker.engine().displayName() + " " + docker.serverVersion()
                    + " (API " + docker.apiVersion() + ") at " + docker.host(), Optional.empty()));
            checks.addAll(images(docker, images, ""));
        } catch (InfrastructureException e) {
            checks.add(new Check("docker", false, e.getMessage().replaceAll("\\. Start it.*", ""),
                    Optional.of("ftmatrix doctor --fix   (as root on Debian: installs docker.io, starts dockerd"
                            + " --bridge=none --iptables=false)")));
            images.forEach(i -> checks.add(new Check("image " + i, false, "unknown until Docker runs",
                    Optional.of("ftmatrix doctor --fix"))));
        } finally {
            if (docker != null) {
                docker.close();
            }
        }
    }

    private static void podman(List<String> images, String dockerHost, List<Check> checks) {
        String endpoint = UNIX + podmanSocket(dockerHost);
        String fix = "ftmatrix doctor --fix --engine podman   (as root on Debian: installs podman, starts podman system"
                + " service --time=0 " + endpoint + ")";
        Docker podman = null;
        try {
            podman = Docker.connect(endpoint);
            if (podman.engine() != ContainerEngine.PODMAN) {
                checks.add(new Check("podman", false, endpoint + " is " + podman.engine().displayName() + " "
                        + podman.serverVersion() + ", not Podman", Optional.of("point DOCKER_HOST at Podman's socket")));
            } else {
                checks.add(new Check("podman", true, "Podman " + podman.serverVersion() + " (API " + podman.apiVersion()
                        + ") at " + endpoint, Optional.empty()));
                checks.addAll(images(podman, images, "--engine podman "));
                startCheck(podman, images).ifPresent(checks::add);
            }
        } catch (InfrastructureException e) {
            checks.add(new Check("podman", false, "Podman's service does not answer at " + endpoint, Optional.of(fix)));
            images.forEach(i -> checks.add(new Check("image " + i, false, "unknown until Podman's service runs",
                    Optional.of(fix))));
        } finally {
            if (podman != null) {
                podman.close();
            }
        }
        boolean pointed = endpoint.equals(dockerHost);
        checks.add(new Check("DOCKER_HOST", pointed, pointed ? endpoint + ": run uses Podman"
                : (dockerHost == null ? "not set" : dockerHost) + ": run would not use Podman",
                pointed ? Optional.empty() : Optional.of("export DOCKER_HOST=" + endpoint)));
    }

    private static List<Check> images(Docker docker, List<String> images, String engineOption) {
        Images found = new Images(docker);
        List<Check> checks = new ArrayList<>();
        for (String image : images) {
            checks.add(found.inspect(image)
                    .map(i -> new Check("image " + image, true, "present (" + i.digest() + ")", Optional.empty()))
                    .orElseGet(() -> new Check("image " + image, false,
                            "not present; run pulls it where a registry is reachable",
                            Optional.of(Images.bootstrappable(image) ? "ftmatrix images bootstrap " + engineOption + image
                                    : docker.engine().displayName().toLowerCase(Locale.ROOT) + " pull " + image))));
        }
        return checks;
    }

    /**
     * Starts a container that runs {@code true}: the check that catches an engine that answers but cannot start
     * anything (Podman 4.3 without CAP_SYS_RESOURCE: "error setting rlimit type 7"). It uses the matrix's first
     * present image, else any local one; with no image at all there is nothing to start and no check.
     */
    private static Optional<Check> startCheck(Docker engine, List<String> images) {
        DockerClient client = engine.client();
        Images found = new Images(engine);
        Optional<String> image = images.stream().filter(i -> found.inspect(i).isPresent()).findFirst()
                .or(() -> client.listImagesCmd().exec().stream().map(Image::getId).filter(Objects::nonNull).sorted()
                        .findFirst());
        if (image.isEmpty()) {
            return Optional.empty();
        }
        String containerId = null;
        try {
            CreateContainerResponse created = client.createContainerCmd(image.get()).withCmd("true")
                    .withLabels(Map.of(LABEL_DOCTOR, "true"))
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec();
            containerId = created.getId();
            client.startContainerCmd(containerId).exec();
            Integer code = client.waitContainerCmd(containerId).start().awaitStatusCode(START_DEADLINE_S, TimeUnit.SECONDS);
            return Optional.of(Objects.equals(code, 0)
                    ? new Check("containers", true, "a container of " + image.get() + " starts and exits 0", Optional.empty())
                    : new Check("containers", false, "a container of " + image.get() + " exited " + code,
                            Optional.of("check the engine's log")));
        } catch (RuntimeException e) {
            return Optional.of(new Check("containers", false, "cannot start a container: " + Docker.rootMessage(e),
                    Optional.of("ftmatrix doctor --fix --engine podman   (without CAP_SYS_RESOURCE it sets the"
                            + " containers' ulimits in /etc/containers/containers.conf.d/ftmatrix-ulimits.conf)")));
        } finally {
            if (containerId != null) {
                try {
                    client.removeContainerCmd(containerId).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // Only an engine that is failing anyway keeps it; the label says it is the doctor's.
                }
            }
        }
    }

    private static Check java() {
        int feature = Runtime.version().feature();
        return new Check("java", feature >= 17, "Java " + System.getProperty("java.version"),
                feature >= 17 ? Optional.empty() : Optional.of("apt-get install -y openjdk-17-jre-headless"));
    }

    /**
     * GNU coreutils' {@code timeout} on the PATH: the Jenkinsfile bounds a run with it, so that ftmatrix gets SIGTERM
     * and time to record its cells before Jenkins would kill the step.
     */
    static Check gnuTimeout(String path) {
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            for (String name : List.of("timeout", "timeout.exe")) {
                Path candidate = dir.isEmpty() ? null : Path.of(dir, name);
                if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return new Check("timeout", true, "GNU timeout at " + candidate + " (the Jenkinsfile bounds runs"
                            + " with it)", Optional.empty());
                }
            }
        }
        return new Check("timeout", false, "no timeout command on PATH; the Jenkinsfile bounds runs with GNU"
                + " coreutils' timeout", Optional.of("apt-get install -y coreutils (macOS: brew install coreutils and"
                + " put its gnubin directory on PATH)"));
    }

    private static Check disk(Path storage) {
        Path where = Files.isDirectory(storage) ? storage : Path.of(".");
        try {
            FileStore store = Files.getFileStore(where);
            long free = store.getUsableSpace();
            boolean ok = free >= MIN_FREE_BYTES;
            return new Check("disk", ok, String.format("%.1f GiB free at %s", free / (1024.0 * 1024 * 1024), where),
                    ok ? Optional.empty() : Optional.of("free at least 5 GiB at " + where));
        } catch (IOException e) {
            return new Check("disk", false, "cannot read free space at " + where + ": " + e.getMessage(),
                    Optional.of("check that " + where + " is readable"));
        }
    }
}
