package dev.ftmatrix.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.ftmatrix.BadInputException;
import dev.ftmatrix.InfrastructureException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A connection to the Docker daemon named by the standard places (DOCKER_HOST, the docker config and context),
 * so a remote daemon or Podman's service works as well as the local one.
 */
public final class Docker implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final DockerClient client;
    private final DockerHttpClient http;
    private final String host;
    private final Version version;

    private Docker(DockerClient client, DockerHttpClient http, String host, Version version) {
        this.client = client;
        this.http = http;
        this.host = host;
        this.version = version;
    }

    /** Connects and pings; an unreachable daemon is an {@link InfrastructureException} that says what to do. */
    /** The schemes docker-java's transports speak; anything else fails deep inside the HTTP client. */
    private static final Set<String> ENDPOINT_SCHEMES = Set.of("unix", "tcp", "npipe");

    public static Docker connect() {
        return connect(null);
    }

    /** Connects to {@code host} (e.g. {@code unix:///run/podman/podman.sock}), or where the standard places say when null. */
    public static Docker connect(String host) {
        DockerClientConfig config;
        try {
            DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
            config = (host == null ? builder : builder.withDockerHost(host)).build();
        } catch (RuntimeException e) {
            throw new InfrastructureException("Docker configuration is invalid: " + e.getMessage()
                    + ". Check DOCKER_HOST and ~/.docker/config.json", e);
        }
        String endpoint = String.valueOf(config.getDockerHost());
        if (!ENDPOINT_SCHEMES.contains(String.valueOf(config.getDockerHost().getScheme()))) {
            throw new BadInputException("DOCKER_HOST " + endpoint + " is not a Docker endpoint: use unix:///path/to/"
                    + "docker.sock, tcp://HOST:PORT or npipe:////./pipe/docker_engine, or unset it for the local daemon");
        }
        // No response timeout: it would also cut long exec streams; each wait has its own deadline instead.
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT)
                .maxConnections(100)
                .build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        try {
            client.pingCmd().exec();
            return new Docker(client, http, endpoint, client.versionCmd().exec());
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw new InfrastructureException("Docker daemon unreachable at " + endpoint + " (" + rootMessage(e) + ")."
                    + " Start it, e.g. as root on Debian: ftmatrix doctor --fix; or point DOCKER_HOST at a running daemon", e);
        }
    }

    public DockerClient client() {
        return client;
    }

    /**
     * Commits a container as {@code repository:tag} carrying {@code labels}, paused while it is copied. Podman's
     * service ignores the configuration in the request body, where docker-java puts the labels (Podman issue
     * #13770), and applies only the {@code changes} parameter, which docker-java does not offer; so under Podman
     * the labels go there, as Dockerfile LABEL lines, in a request of ftmatrix's own.
     */
    public void commit(String containerId, String repository, String tag, Map<String, String> labels) {
        if (engine() != ContainerEngine.PODMAN) {
            client.commitCmd(containerId).withRepository(repository).withTag(tag).withPause(true).withLabels(labels)
                    .exec();
            return;
        }
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/commit?container=" + query(containerId) + "&repo=" + query(repository) + "&tag=" + query(tag)
                        + "&pause=true" + labelChanges(labels))
                .putHeader("Content-Type", "application/json")
                .body(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)))
                .build();
        try (DockerHttpClient.Response response = http.execute(request)) {
            if (response.getStatusCode() / 100 != 2) {
                String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8).strip();
                throw new InfrastructureException("committing container " + containerId + " failed: HTTP "
                        + response.getStatusCode() + " " + body);
            }
        } catch (IOException e) {
            throw new InfrastructureException("committing container " + containerId + " failed: " + e.getMessage(), e);
        }
    }

    /** The labels as {@code changes} query parameters, one quoted Dockerfile LABEL line each, sorted by key. */
    static String labelChanges(Map<String, String> labels) {
        return new TreeMap<>(labels).entrySet().stream()
                .map(e -> "&changes=" + query("LABEL " + e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\")
                        .replace("\"", "\\\"") + "\""))
                .collect(Collectors.joining());
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public String host() {
        return host;
    }

    public ContainerEngine engine() {
        return ContainerEngine.of(version);
    }

    public String serverVersion() {
        return version.getVersion();
    }

    public String apiVersion() {
        return version.getApiVersion();
    }

    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // Nothing was started through this client; there is nothing left to release.
        }
    }

    @Override
    public void close() {
        closeQuietly(client);
    }
}
