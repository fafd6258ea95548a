package dev.ftmatrix.engine;

import dev.ftmatrix.InfrastructureException;
import dev.ftmatrix.matrix.OsSpec;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks what a run needs, each with the exact command that fixes it when it is missing. */
public final class Doctor {
    /** A source build with its toolchain and the image layers needs a few GiB. */
    static final long MIN_FREE_BYTES = 5L * 1024 * 1024 * 1024;

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
        List<Check> checks = new ArrayList<>();
        checks.add(java());
        if (needs.docker()) {
            docker(needs.images(), checks);
        } else {
            checks.add(new Check("docker", true, "not needed: every os of the matrix runs on the host executor",
                    Optional.empty()));
        }
        checks.add(disk());
        return checks;
    }

    private static void docker(List<String> images, List<Check> checks) {
        Docker docker = null;
        try {
            docker = Docker.connect();
            checks.add(new Check("docker", true, "Docker " + docker.serverVersion() + " (API " + docker.apiVersion()
                    + ") at " + docker.host(), Optional.empty()));
            Images found = new Images(docker);
            for (String image : images) {
                checks.add(found.inspect(image)
                        .map(i -> new Check("image " + image, true, "present (" + i.digest() + ")", Optional.empty()))
                        .orElseGet(() -> new Check("image " + image, false,
                                "not present; run pulls it where a registry is reachable",
                                Optional.of(Images.bootstrappable(image) ? "ftmatrix images bootstrap " + image
                                        : "docker pull " + image))));
            }
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

    private static Check java() {
        int feature = Runtime.version().feature();
        return new Check("java", feature >= 17, "Java " + System.getProperty("java.version"),
                feature >= 17 ? Optional.empty() : Optional.of("apt-get install -y openjdk-17-jre-headless"));
    }

    private static Check disk() {
        Path where = Files.isDirectory(Path.of("/var/lib/docker")) ? Path.of("/var/lib/docker") : Path.of(".");
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
