package dev.ftmatrix.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A real PEP 503 simple repository over HTTP on 127.0.0.1, serving the files of one directory: what pip inside a
 * {@code --network host} container talks to when PyPI cannot be reached.
 */
public final class SimpleIndexServer implements AutoCloseable {
    private final HttpServer server;
    private final Path dir;

    private SimpleIndexServer(HttpServer server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    public static SimpleIndexServer serve(Path dir) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        SimpleIndexServer index = new SimpleIndexServer(server, dir);
        server.createContext("/", index::handle);
        server.start();
        return index;
    }

    /** The index URL to give pip: {@code http://127.0.0.1:<port>/simple/}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/simple/";
    }

    /** PEP 503 name normalisation. */
    static String normalize(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }

    private Map<String, List<Path>> projects() {
        try (Stream<Path> files = Files.list(dir)) {
            Map<String, List<Path>> byProject = new TreeMap<>();
            files.filter(Files::isRegularFile).sorted().forEach(f -> byProject
                    .computeIfAbsent(normalize(f.getFileName().toString().split("-", 2)[0]), k -> new java.util.ArrayList<>())
                    .add(f));
            return byProject;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        try (ex) {
            if (path.equals("/simple/")) {
                StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>\n");
                projects().keySet().forEach(p -> html.append("<a href=\"/simple/").append(p).append("/\">").append(p).append("</a>\n"));
                send(ex, 200, "text/html", html.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/simple/") && path.endsWith("/")) {
                List<Path> files = projects().get(normalize(path.substring("/simple/".length(), path.length() - 1)));
                if (files == null) {
                    send(ex, 404, "text/plain", "no such project\n".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>\n");
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    html.append("<a href=\"/files/").append(name).append("#sha256=").append(sha256(f)).append("\">")
                            .append(name).append("</a>\n");
                }
                send(ex, 200, "text/html", html.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/files/") && !path.contains("..")) {
                Path f = dir.resolve(path.substring("/files/".length()));
                if (Files.isRegularFile(f)) {
                    send(ex, 200, "application/octet-stream", Files.readAllBytes(f));
                } else {
                    send(ex, 404, "text/plain", "no such file\n".getBytes(StandardCharsets.UTF_8));
                }
            } else {
                send(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
