package dev.ftmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html opened from disk in real headless Chromium: every chart drawn by the inlined Chart.js, no script error,
 * no request that is not file: or data:, and hostile ids shown as text. Fails, never skips, without chromium.
 */
class HtmlReportChromiumIT {
    private static final Duration LOAD = Duration.ofSeconds(60);

    @TempDir
    static Path browserDir;
    @TempDir
    Path tmp;

    private static HeadlessChromium chromium;

    @BeforeAll
    static void startChromium() throws Exception {
        Path executable = HeadlessChromium.find().orElseThrow(() -> new AssertionError("chromium is not installed"
                + " (no chromium on PATH), so report.html cannot be checked in a real browser: install it with"
                + " `apt-get install -y chromium` (.ci/test does this)"));
        chromium = HeadlessChromium.start(executable, browserDir);
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void drawsEveryChartWithoutErrorsOrNetworkAndShowsHostileIdsAsText() throws Exception {
        Path report = tmp.resolve("report.html");
        Files.writeString(report, HtmlReport.render(HtmlFixture.hostile(), "ftmatrix: <b>fixture</b>"));

        String page = open(report, "5");

        Map<String, JsonNode> canvases = canvases(page);
        assertThat(canvases).containsOnlyKeys("chart-tiers", "chart-methods", "chart-install-times", "chart-failures",
                "chart-performance");
        canvases.forEach((id, c) -> {
            assertThat(c.get("chart").asBoolean()).as("%s has a Chart.js chart", id).isTrue();
            assertThat(c.get("width").asInt()).as("%s width", id).isGreaterThan(300);
            assertThat(c.get("painted").asInt()).as("%s painted pixels", id).isGreaterThan(1000);
        });
        String script = HtmlFixture.SCRIPT_METHOD;
        assertThat(labels(canvases, "chart-tiers")).containsExactly("tier 1", "tier 2", "tier 4");
        assertThat(labels(canvases, "chart-methods")).containsExactly(script + " (tier 2)", "fedora-dnf (tier 1)",
                "python-org (tier 2)", "source-debian (tier 4)", "uv (tier 1)");
        assertThat(labels(canvases, "chart-install-times")).containsExactly(script, "distro-apt", "fedora-dnf",
                "python-org", "source-debian", "uv");
        // distro-apt, the control, is left out: its failures are detections.
        assertThat(labels(canvases, "chart-failures")).containsExactly(script, "fedora-dnf", "python-org",
                "source-debian", "uv");
        assertThat(labels(canvases, "chart-performance")).containsExactly(script + " 3.14t", "fedora-dnf 3.13t",
                "python-org 3.13t", "python-org 3.14t", "source-debian 3.13t", "uv 3.13t");
        assertThat(canvases.get("chart-failures").get("datasets")).extracting(JsonNode::asText)
                .contains(HtmlFixture.CLOSING_CATEGORY, "network");

        // The hostile ids are text in the tables, and nothing they spell ran or loaded.
        assertThat(chromium.evaluate(page, "document.title").asText()).isEqualTo("ftmatrix: <b>fixture</b>");
        assertThat(chromium.evaluate(page, "document.scripts.length").asInt()).isEqualTo(3);
        assertThat(chromium.evaluate(page, "document.images.length").asInt()).isZero();
        assertThat(chromium.evaluate(page, "[...document.querySelectorAll('td')].map(td => td.textContent)"))
                .extracting(JsonNode::asText).contains(HtmlFixture.SCRIPT_METHOD, HtmlFixture.IMG_OS);
        assertThat(chromium.events(page, "Page.javascriptDialogOpening")).isEmpty();
        assertNoErrorsAndNoNetwork(page, report);
    }

    @Test
    void drawsTheHistoryTrendAsOneLinePerTierOverTheRuns() throws Exception {
        Path report = tmp.resolve("report.html");
        Files.writeString(report, HtmlReport.render(HtmlFixture.statistics(), "trend", HtmlFixture.trend(3)));

        String page = open(report, "6");

        JsonNode trend = canvases(page).get("chart-trend");
        assertThat(trend.get("chart").asBoolean()).isTrue();
        assertThat(trend.get("painted").asInt()).isGreaterThan(1000);
        assertThat(trend.get("labels")).extracting(JsonNode::asText)
                .containsExactly("run-01", "run-02", HtmlFixture.HOSTILE_RUN);
        assertThat(trend.get("datasets")).extracting(JsonNode::asText).containsExactly("tier 1", "tier 4");
        // Tier 4 had no trials in run-02: a gap, not a zero.
        assertThat(chromium.evaluate(page, "JSON.stringify(Chart.getChart(document.getElementById('chart-trend'))"
                + ".data.datasets[1].data)").asText()).isEqualTo("[0.5,null,0.5]");
        assertNoErrorsAndNoNetwork(page, report);
    }

    @Test
    void chartsWithoutDataAreNotesAndThePageStillLoadsCleanly() throws Exception {
        Path report = tmp.resolve("report.html");
        Files.writeString(report, HtmlReport.render(HtmlFixture.empty(), "empty"));

        String page = open(report, "0");

        assertThat(chromium.evaluate(page, "document.querySelectorAll('canvas').length").asInt()).isZero();
        assertThat(chromium.evaluate(page, "[...document.querySelectorAll('p.not-measured[id^=chart-]')]"
                + ".filter(p => p.offsetHeight > 0).map(p => p.id)")).extracting(JsonNode::asText)
                .containsExactly("chart-tiers", "chart-methods", "chart-install-times", "chart-failures",
                        "chart-performance");
        assertNoErrorsAndNoNetwork(page, report);
    }

    /**
     * Opens the file in a new tab with Network, Page, Runtime and Log enabled, waits for its load event and for the
     * page script's marker to say how many charts it drew.
     */
    private static String open(Path report, String chartsRendered) {
        String page = chromium.newPage();
        for (String domain : List.of("Network", "Page", "Runtime", "Log")) {
            chromium.send(page, domain + ".enable", Map.of());
        }
        JsonNode navigation = chromium.send(page, "Page.navigate", Map.of("url", report.toUri().toString()));
        assertThat(navigation.has("errorText")).as("navigation: %s", navigation).isFalse();
        await("the load event of " + report).atMost(LOAD).pollInterval(Duration.ofMillis(50))
                .until(() -> !chromium.events(page, "Page.loadEventFired").isEmpty());
        await("report.js to mark the charts rendered").atMost(LOAD).pollInterval(Duration.ofMillis(50))
                .failFast("the page threw", () -> assertThat(chromium.events(page, "Runtime.exceptionThrown"))
                        .as("uncaught exceptions").isEmpty())
                .until(() -> chromium.evaluate(page, "document.body.dataset.chartsRendered ?? ''").asText(),
                        chartsRendered::equals);
        return page;
    }

    /** Every canvas by id: its size, how many pixels are not transparent, its chart's labels and datasets. */
    private static Map<String, JsonNode> canvases(String page) throws Exception {
        JsonNode all = chromium.evaluate(page, """
                JSON.stringify([...document.querySelectorAll('canvas')].map(c => {
                  const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let painted = 0;
                  for (let i = 3; i < pixels.length; i += 4) {
                    if (pixels[i] !== 0) painted++;
                  }
                  const chart = Chart.getChart(c);
                  return {id: c.id, width: c.width, height: c.height, painted: painted, chart: !!chart,
                    labels: chart ? chart.data.labels : [], datasets: chart ? chart.data.datasets.map(d => d.label) : []};
                }))""");
        Map<String, JsonNode> byId = new TreeMap<>();
        for (JsonNode c : new ObjectMapper().readTree(all.asText())) {
            byId.put(c.get("id").asText(), c);
        }
        return byId;
    }

    private static List<String> labels(Map<String, JsonNode> canvases, String id) {
        return StreamSupport.stream(canvases.get(id).get("labels").spliterator(), false).map(JsonNode::asText)
                .toList();
    }

    private static void assertNoErrorsAndNoNetwork(String page, Path report) {
        assertThat(chromium.events(page, "Runtime.exceptionThrown")).as("uncaught exceptions").isEmpty();
        assertThat(chromium.events(page, "Runtime.consoleAPICalled"))
                .filteredOn(e -> List.of("error", "assert").contains(e.get("type").asText()))
                .as("console errors").isEmpty();
        assertThat(chromium.events(page, "Log.entryAdded"))
                .filteredOn(e -> e.get("entry").get("level").asText().equals("error"))
                .as("browser log errors (CSP violations, failed loads)").isEmpty();
        List<String> requests = chromium.events(page, "Network.requestWillBeSent").stream()
                .map(e -> e.get("request").get("url").asText()).toList();
        // The document itself is a request: proof that the listener saw the page's traffic.
        assertThat(requests).contains(report.toUri().toString());
        assertThat(requests).as("requests other than file: and data:")
                .allMatch(url -> url.startsWith("file:") || url.startsWith("data:"));
    }
}
