package dev.ftmatrix.cli;

import dev.ftmatrix.engine.ContainerEngine;
import dev.ftmatrix.engine.Docker;
import dev.ftmatrix.engine.HostScripts;
import dev.ftmatrix.engine.InstallCache;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "images", mixinStandardHelpOptions = true,
        description = "Manages the base images cells run in.",
        subcommands = {ImagesCommand.Bootstrap.class, ImagesCommand.Prune.class})
final class ImagesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(name = "bootstrap", mixinStandardHelpOptions = true,
            description = {"Builds a Debian base image from the Debian archive with debootstrap and tags it exactly"
                + " as named (e.g. debian:trixie), for machines that reach no container registry. Needs root.",
                "Images: debian:bookworm, debian:trixie, debian:forky, debian:sid (or 12, 13, 14, unstable)."})
    static final class Bootstrap implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "IMAGE", description = "The tag to create, e.g. debian:trixie.")
        String image;

        @Option(names = "--mirror", paramLabel = "URL", description = "Debian mirror (default: debootstrap's own).")
        String mirror;

        @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "docker",
                description = "docker or podman: whose storage the image goes into. Podman copies it from the local"
                        + " Docker daemon when that has it. Default: ${DEFAULT-VALUE}.")
        ContainerEngine engine;

        @Mixin
        ContainersOption containers = new ContainersOption();

        @Override
        public Integer call() {
            new HostScripts(containers.root()).bootstrapImage(engine, image, mirror, spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Removes the install cache that 'run --reuse-installs' fills (local images "
                    + InstallCache.REPOSITORY + ":<key>).")
    static final class Prune implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Docker docker = Docker.connect()) {
                int removed = new InstallCache(docker).prune();
                spec.commandLine().getOut().println("removed " + removed + " cached install" + (removed == 1 ? "" : "s"));
            }
            return ExitCodes.OK;
        }
    }
}
