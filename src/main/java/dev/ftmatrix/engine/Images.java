package dev.ftmatrix.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.ftmatrix.InfrastructureException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds a cell's image on the daemon, pulling it according to the pull policy. */
public final class Images {
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(15);
    private static final java.util.Set<String> BOOTSTRAPPABLE = java.util.Set.of("debian:bookworm", "debian:12",
            "debian:trixie", "debian:13", "debian:forky", "debian:14", "debian:sid", "debian:unstable");

    /** How an image id looks: a local image without a repository digest is pinned by it. */
    private static final String IMAGE_ID_PREFIX = "sha256:";
    private static final String PODMAN_LOCAL_REPOSITORY = "localhost/";

    private final DockerClient client;

    public Images(Docker docker) {
        this.client = docker.client();
    }

    public Optional<ResolvedImage> inspect(String image) {
        try {
            InspectImageResponse r = client.inspectImageCmd(image).exec();
            String digest = pin(r.getRepoDigests(), r.getId());
            java.util.Map<String, String> labels = r.getConfig() == null ? null : r.getConfig().getLabels();
            boolean simulated = labels != null && "true".equals(labels.get(ResolvedImage.SIMULATED_LABEL));
            return Optional.of(new ResolvedImage(image, r.getId(), digest, simulated));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * What pins an image: its first repository digest, else its id. Podman gives an image that came from no registry
     * (loaded, imported, committed) a repository digest under {@code localhost/}, which no registry serves; such an
     * image is pinned by its id, as Docker pins it, so results and install-cache keys agree between the engines.
     */
    static String pin(List<String> repoDigests, String id) {
        return (repoDigests == null ? List.<String>of() : repoDigests).stream()
                .filter(d -> !d.startsWith(PODMAN_LOCAL_REPOSITORY))
                .findFirst()
                .orElse(id);
    }

    /**
     * Resolves the image, pulling it as {@code policy} says; a pull that fails for any reason but the registry
     * saying the image does not exist is tried again as {@code retry} says, each failure told to {@code listener}.
     */
    public ResolvedImage resolve(String image, PullPolicy policy, RetryPolicy retry, EngineListener listener) {
        if (image.startsWith(IMAGE_ID_PREFIX)) {
            return inspect(image).orElseThrow(() -> new InfrastructureException("image " + image + " is no longer on"
                    + " this daemon, and an image id cannot be pulled; load that exact image (docker load), or replay the"
                    + " failure on a current image with 'ftmatrix repro --report FILE.yaml'"));
        }
        Optional<ResolvedImage> present = policy == PullPolicy.ALWAYS ? Optional.empty() : inspect(image);
        if (present.isPresent()) {
            return present.get();
        }
        if (policy == PullPolicy.NEVER) {
            throw new InfrastructureException("image " + image + " is not present and --pull never forbids pulling it. "
                    + howToProvide(image));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                pull(image);
                break;
            } catch (RuntimeException e) {
                if (e instanceof InfrastructureException) {
                    throw e;
                }
                // A registry that answers "no such image" will answer so again; anything else may pass.
                boolean lasting = e instanceof NotFoundException;
                if (lasting || attempt > retry.retries()) {
                    throw pullFailed(image, policy, e, attempt);
                }
                Duration backoff = retry.backoffBefore(attempt + 1);
                listener.pullFailed(image, attempt, Docker.rootMessage(e), backoff.toSeconds(),
                        retry.retries() - attempt + 1);
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new InfrastructureException("interrupted while pulling image " + image, interrupted);
                }
            }
        }
        return inspect(image).orElseThrow(() -> new InfrastructureException(
                "image " + image + " was pulled but the daemon does not know it. " + howToProvide(image)));
    }

    private void pull(String image) {
        try {
            boolean done = client.pullImageCmd(image).exec(new PullImageResultCallback())
                    .awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                throw new InfrastructureException("pulling image " + image + " took longer than " + PULL_TIMEOUT.toMinutes()
                        + " minutes. " + howToProvide(image));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while pulling image " + image, e);
        }
    }

    private InfrastructureException pullFailed(String image, PullPolicy policy, RuntimeException e, int attempts) {
        String tried = attempts == 1 ? "" : " in " + attempts + " attempts";
        if (policy == PullPolicy.ALWAYS && inspect(image).isPresent()) {
            return new InfrastructureException("image " + image + " could not be pulled" + tried + " ("
                    + Docker.rootMessage(e) + ") and --pull always refuses the local copy; use --pull missing to run"
                    + " with it");
        }
        return new InfrastructureException("image " + image + " is not present and could not be pulled" + tried + " ("
                + Docker.rootMessage(e) + "). " + howToProvide(image), e);
    }

    /** The fix for a missing image: bootstrapping works for Debian images on machines without a registry. */
    public static String howToProvide(String image) {
        if (bootstrappable(image)) {
            return "Build it from the Debian archive: ftmatrix images bootstrap " + image;
        }
        return "Pull it on a machine that reaches its registry, or load it with docker load";
    }

    /** The tags containers/host/bootstrap-image.sh can build from the Debian archive. */
    public static boolean bootstrappable(String image) {
        return BOOTSTRAPPABLE.contains(image);
    }
}
