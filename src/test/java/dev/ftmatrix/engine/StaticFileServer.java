package dev.ftmatrix.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A directory tree over HTTP on 127.0.0.1, with a log of the requests it answered: the mirror that a
 * {@code --network host} container reaches where the real archive cannot be reached (python.org's download tree,
 * an apt repository), and the record of what the container really fetched from it.
 */
public final class StaticFileServer implements AutoCloseable {
    /** One answered request: the decoded path, the status, and the body bytes sent. */
    public record Request(String method, String path, int status, long bytes) {
        public Request {
            Objects.requireNonNull(method);
            Objects.requireNonNull(path);
        }
    }

    private final HttpServer server;
    private final Path root;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private StaticFileServer(HttpServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    /** Serves {@code root} on a free port of 127.0.0.1 until closed. */
    public static StaticFileServer serve(Path root) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        StaticFileServer files = new StaticFileServer(server, root.toAbsolutePath().normalize());
        server.createContext("/", files::handle);
        server.start();
        return files;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests answered so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        try (ex) {
            Path file = root.resolve(path.substring(1)).normalize();
            if (!ex.getRequestMethod().equals("GET")) {
                send(ex, path, 405, "only GET\n".getBytes(StandardCharsets.UTF_8));
            } else if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                send(ex, path, 404, "not found\n".getBytes(StandardCharsets.UTF_8));
            } else {
                long size = Files.size(file);
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, size);
                try (OutputStream out = ex.getResponseBody()) {
                    Files.copy(file, out);
                }
                requests.add(new Request(ex.getRequestMethod(), path, 200, size));
            }
        }
    }

    private void send(HttpExchange ex, String path, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        requests.add(new Request(ex.getRequestMethod(), path, status, body.length));
    }

    /** Stops serving: the port is closed from here on, as for a mirror that is down. */
    @Override
    public void close() {
        server.stop(0);
    }
}
