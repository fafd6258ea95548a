package dev.ftmatrix.report;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium} package), driven over the Chrome DevTools Protocol with the
 * JDK's own WebSocket client: one browser connection, pages attached to it as flat sessions. Every wait has a
 * deadline; {@link #close()} kills the whole process tree and waits until it is gone.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(60);
    static final Duration COMMAND = Duration.ofSeconds(30);
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path log, URI devtools) throws Exception {
        this.process = process;
        this.log = log;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(COMMAND)
                .buildAsync(devtools, new Listener()).get(COMMAND.toSeconds(), TimeUnit.SECONDS);
    }

    /** The chromium executable on PATH, if installed. */
    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(d -> !d.isEmpty())
                .flatMap(d -> Stream.of(Path.of(d, "chromium"), Path.of(d, "chromium-browser")))
                .filter(Files::isExecutable).findFirst();
    }

    /** Starts chromium with a fresh profile in {@code dir}; its output goes to {@code dir/chromium.log}. */
    static HeadlessChromium start(Path executable, Path dir) throws Exception {
        Path log = dir.resolve("chromium.log");
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "--headless=new",
                "--remote-debugging-port=0", "--user-data-dir=" + dir.resolve("profile"),
                // Root in a container has no usable sandbox; the page is our own file.
                "--no-sandbox",
                // The browser's own background traffic is not the page's, but keep the machine quiet.
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--no-default-browser-check", "--window-size=1280,900", "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // Chromium keeps its singleton socket in TMPDIR and a killed browser never removes it: keep it in dir.
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        builder.environment().put("TMPDIR", tmp.toString());
        Process process = builder.start();
        try {
            URI devtools = await("chromium to print its DevTools URL").atMost(START)
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("chromium exited before it listened", () -> !process.isAlive())
                    .until(() -> devtoolsUrl(log), Optional::isPresent).orElseThrow();
            return new HeadlessChromium(process, log, devtools);
        } catch (Throwable e) {
            kill(process);
            throw new AssertionError("could not start " + executable + ": " + e.getMessage() + "\n" + tail(log), e);
        }
    }

    private static Optional<URI> devtoolsUrl(Path log) throws IOException {
        Matcher m = DEVTOOLS.matcher(Files.readString(log));
        return m.find() ? Optional.of(URI.create(m.group(1))) : Optional.empty();
    }

    /** Opens a new tab and attaches to it: the session id for {@link #send}. */
    String newPage() {
        String target = send(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
        return send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId")
                .asText();
    }

    /** One CDP command (to the browser when {@code session} is null); its result, or an AssertionError. */
    JsonNode send(String session, String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (socket) {
                // A WebSocket takes one message at a time.
                socket.sendText(message.toString(), true).get(COMMAND.toSeconds(), TimeUnit.SECONDS);
            }
            JsonNode response = reply.get(COMMAND.toSeconds(), TimeUnit.SECONDS);
            if (response.has("error")) {
                throw new AssertionError(method + " failed: " + response.get("error"));
            }
            return response.get("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(method + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(method + " got no answer within " + COMMAND + ": " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    /** A JavaScript expression's value in the page (by value: numbers, strings, JSON-able objects). */
    JsonNode evaluate(String session, String expression) {
        JsonNode result = send(session, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("evaluating " + expression + " threw: " + result.get("exceptionDetails"));
        }
        return result.get("result").path("value");
    }

    /** The events of one session so far, by method name. */
    List<JsonNode> events(String session, String method) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode e : events) {
            if (session.equals(e.path("sessionId").asText()) && method.equals(e.path("method").asText())) {
                found.add(e.get("params"));
            }
        }
        return found;
    }

    /** Chromium's own output, for failure messages. */
    String log() {
        return tail(log);
    }

    @Override
    public void close() {
        socket.abort();
        kill(process);
    }

    /** Kills chromium and every process it started, and waits until all of them are gone. */
    private static void kill(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(COMMAND.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("chromium process " + p.pid() + " survived SIGKILL for " + COMMAND, e);
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Routes replies to their command and keeps every event. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> reply = pending.get(message.get("id").asInt());
                        if (reply != null) {
                            reply.complete(message);
                        }
                    } else {
                        events.add(message);
                    }
                } catch (IOException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            pending.values().forEach(f -> f.completeExceptionally(
                    new IOException("DevTools connection closed: " + statusCode + " " + reason)));
            return null;
        }
    }
}
