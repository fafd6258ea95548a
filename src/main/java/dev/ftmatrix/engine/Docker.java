package dev.ftmatrix.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.ftmatrix.InfrastructureException;
import java.io.IOException;
import java.time.Duration;

/**
 * A connection to the Docker daemon named by the standard places (DOCKER_HOST, the docker config and context),
 * so a remote daemon or a podman socket works as well as the local one.
 */
public final class Docker implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final DockerClient client;
    private final String host;
    private final Version version;

    private Docker(DockerClient client, String host, Version version) {
        this.client = client;
        this.host = host;
        this.version = version;
    }

    /** Connects and pings; an unreachable daemon is an {@link InfrastructureException} that says what to do. */
    public static Docker connect() {
        DockerClientConfig config;
        try {
            config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        } catch (RuntimeException e) {
            throw new InfrastructureException("Docker configuration is invalid: " + e.getMessage()
                    + ". Check DOCKER_HOST and ~/.docker/config.json", e);
        }
        String host = String.valueOf(config.getDockerHost());
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
            return new Docker(client, host, client.versionCmd().exec());
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw new InfrastructureException("Docker daemon unreachable at " + host + " (" + rootMessage(e) + ")."
                    + " Start it, e.g. as root on Debian: ftmatrix doctor --fix; or point DOCKER_HOST at a running daemon", e);
        }
    }

    public DockerClient client() {
        return client;
    }

    public String host() {
        return host;
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
