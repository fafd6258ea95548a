package dev.ftmatrix.cli;

import dev.ftmatrix.engine.ContainerEngine;
import dev.ftmatrix.engine.Doctor;
import dev.ftmatrix.engine.HostScripts;
import dev.ftmatrix.engine.Images;
import dev.ftmatrix.matrix.Matrices;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Checks what a run needs: Java, a reachable Docker daemon and its API version, the matrix's"
            + " images, free disk. Prints each missing piece with the command that fixes it. With --fix, on Debian"
            + " as root, installs and starts what is missing (docker.io, debootstrap, dockerd --bridge=none"
            + " --iptables=false) and bootstraps missing Debian images; on a ready machine it changes nothing.",
            "With --engine podman it checks Podman's Docker-compatible service instead (at DOCKER_HOST, else"
            + " unix://" + ContainerEngine.PODMAN_SOCKET + "), that a container starts, and that DOCKER_HOST names it;"
            + " --fix installs podman, sets the containers' ulimits where the machine withholds CAP_SYS_RESOURCE,"
            + " starts the service and copies or bootstraps missing Debian images into Podman.",
            "Exit 0 when everything is ready, 3 when something is missing."})
final class DoctorCommand implements Callable<Integer> {
    /** The checks that installing and starting the engine fixes. */
    private static final java.util.Set<String> ENGINE_CHECKS = java.util.Set.of("docker", "podman", "containers");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "MATRIX", description = "Also check this matrix's images.")
    Path matrixFile;

    @Option(names = "--fix", description = "Install and start what is missing (Debian, as root).")
    boolean fix;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "docker",
            description = "docker or podman: the container engine to check (and fix). Default: ${DEFAULT-VALUE}.")
    ContainerEngine engine;

    @Mixin
    ContainersOption containers = new ContainersOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Doctor.Needs needs = Doctor.Needs.DOCKER;
        if (matrixFile != null) {
            needs = Doctor.Needs.of(Matrices.load(matrixFile, containers.catalog().platforms()).os());
        }
        String dockerHost = System.getenv("DOCKER_HOST");
        List<Doctor.Check> checks = Doctor.check(needs, engine, dockerHost);
        if (fix && checks.stream().anyMatch(c -> !c.ok())) {
            HostScripts host = new HostScripts(containers.root());
            if (checks.stream().anyMatch(c -> ENGINE_CHECKS.contains(c.name()) && !c.ok())) {
                out.println("fixing: " + engine.displayName());
                if (engine == ContainerEngine.PODMAN) {
                    host.installPodman(Doctor.podmanSocket(dockerHost), out);
                } else {
                    host.installDocker(out);
                }
            }
            for (String image : needs.images()) {
                boolean present = Doctor.check(new Doctor.Needs(true, List.of(image)), engine, dockerHost).stream()
                        .anyMatch(c -> c.name().equals("image " + image) && c.ok());
                if (!present && Images.bootstrappable(image)) {
                    out.println("fixing: image " + image);
                    host.bootstrapImage(engine, image, null, out);
                }
            }
            checks = Doctor.check(needs, engine, dockerHost);
        }
        for (Doctor.Check c : checks) {
            out.printf("%-7s %-22s %s%n", c.ok() ? "ok" : "MISSING", c.name(), c.detail());
            c.fix().ifPresent(f -> out.printf("%-7s %-22s fix: %s%n", "", "", f));
        }
        boolean ready = checks.stream().allMatch(Doctor.Check::ok);
        out.println(ready ? "ready" : "not ready: run the fix commands above" + (fix ? "" : ", or ftmatrix doctor --fix"
                + (engine == ContainerEngine.PODMAN ? " --engine podman" : "")));
        return ready ? ExitCodes.OK : ExitCodes.INFRASTRUCTURE;
    }
}
