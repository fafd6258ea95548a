package dev.ftmatrix.engine;

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

    public static List<Check> check(List<String> images) {
        List<Check> checks = new ArrayList<>();
        checks.add(java());
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
        checks.add(disk());
        return checks;
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
