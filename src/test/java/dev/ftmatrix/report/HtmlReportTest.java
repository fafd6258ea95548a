package dev.ftmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    /** SHA-256 of dist/chart.umd.min.js in https://registry.npmjs.org/chart.js/-/chart.js-4.6.1.tgz. */
    private static final String CHART_JS_SHA256 = "87364cc2b2a76a6684929e7d6b80b18a897794db38400caff1fcf1791c6925d2";

    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"ftmatrix-statistics\">(.*?)</script>", Pattern.DOTALL);

    @Test
    void theSameStatisticsGiveTheSameBytes() {
        String first = HtmlReport.render(HtmlFixture.statistics(), "ftmatrix: fixture");
        String second = HtmlReport.render(HtmlFixture.statistics(), "ftmatrix: fixture");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void resultsInAnotherOrderAndAnotherDefaultLocaleGiveTheSameBytes() {
        String expected = HtmlReport.render(HtmlFixture.statistics(), "fixture");
        List<CellResult> shuffled = new ArrayList<>(HtmlFixture.results());
        Collections.shuffle(shuffled, new Random(7));
        Locale before = Locale.getDefault();
        try {
            // A decimal comma would change every number if formatting followed the machine's locale.
            Locale.setDefault(Locale.GERMANY);
            assertThat(HtmlReport.render(HtmlFixture.build(shuffled), "fixture")).isEqualTo(expected);
        } finally {
            Locale.setDefault(before);
        }
        assertThat(expected).contains("<td class=\"num\">85.7%</td>");
    }

    @Test
    void hostileIdsAreTextNeverMarkup() {
        String page = HtmlReport.render(HtmlFixture.hostile(), "<b>title</b> & \"quotes\"");

        assertThat(page).doesNotContain(HtmlFixture.SCRIPT_METHOD, HtmlFixture.IMG_OS, HtmlFixture.CLOSING_CATEGORY,
                "<img", "<b>title");
        assertThat(page).contains("<td>&lt;script&gt;document.title=&#39;injected&#39;&lt;/script&gt;</td>",
                "<td>&quot;&gt;&lt;img src=https://injected.invalid/x.png onerror=&quot;document.title=&#39;injected&#39;&quot;&gt;</td>",
                "&lt;/script&gt;&lt;script&gt;document.title=&#39;injected&#39;&lt;/script&gt; 1",
                "<title>&lt;b&gt;title&lt;/b&gt; &amp; &quot;quotes&quot;</title>");
        // Exactly the page's three script elements: the data, Chart.js and the page script.
        assertThat(count(page, "<script")).isEqualTo(3);
        assertThat(count(page, "</script>")).isEqualTo(3);
    }

    @Test
    void theJsonBlobHoldsTheStatisticsInSnakeCaseWithMarkupEscaped() throws Exception {
        String page = HtmlReport.render(HtmlFixture.hostile(), "fixture");
        Matcher m = DATA.matcher(page);
        assertThat(m.find()).isTrue();
        String json = m.group(1);
        assertThat(json).doesNotContain("<", ">").contains("\\u003C/script\\u003E");

        JsonNode data = Json.MAPPER.readTree(json);
        assertThat(data).isEqualTo(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(HtmlFixture.hostile())));
        assertThat(data.get("install_times").get(0).has("median_s")).isTrue();
        assertThat(data.findValuesAsText("method")).contains(HtmlFixture.SCRIPT_METHOD);
    }

    @Test
    void loadsNothingFromTheNetwork() {
        String page = HtmlReport.render(HtmlFixture.hostile(), "fixture");
        Matcher urlAttribute = Pattern.compile("<[a-zA-Z][^>]*\\s(?:src|href|action|poster|data)\\s*=\\s*[\"']?\\s*"
                + "(?:https?:)?//", Pattern.CASE_INSENSITIVE).matcher(page);
        assertThat(urlAttribute.find()).as("a tag loading a URL: %s", urlAttribute.results().findFirst()).isFalse();
        assertThat(Pattern.compile("url\\(\\s*['\"]?\\s*(?:https?:)?//", Pattern.CASE_INSENSITIVE).matcher(page).find())
                .isFalse();
        assertThat(page).doesNotContain("@import", "<link", "<iframe", "<img");
        assertThat(page).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "script-src 'sha256-");
        for (Matcher script = SCRIPT.matcher(page); script.find(); ) {
            assertThat(script.group(1)).doesNotContain("src");
        }
    }

    @Test
    void inlinesChartJsAsPublishedWithItsLicense() throws Exception {
        byte[] vendored;
        try (InputStream in = HtmlReport.class.getResourceAsStream("chartjs/chart.umd.min.js")) {
            vendored = in.readAllBytes();
        }
        // Also proves the build did not filter ${...} in it.
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(vendored)))
                .isEqualTo(CHART_JS_SHA256);
        String library = new String(vendored, StandardCharsets.UTF_8)
                .replace("//# sourceMappingURL=chart.umd.min.js.map", "").strip();

        String page = HtmlReport.render(HtmlFixture.statistics(), "fixture");
        assertThat(page).contains(library, " * Chart.js v" + HtmlReport.CHART_JS_VERSION,
                "Copyright (c) 2014-2024 Chart.js Contributors", "Permission is hereby granted, free of charge");
        assertThat(page).doesNotContain("sourceMappingURL");
    }

    @Test
    void everyChartHasACanvasWhenItsDataExists() {
        String page = HtmlReport.render(HtmlFixture.statistics(), "fixture");
        for (String chart : List.of("tiers", "methods", "install-times", "failures", "performance")) {
            assertThat(page).contains("<canvas id=\"chart-" + chart + "\" data-chart=\"" + chart + "\"");
        }
        assertThat(page).doesNotContain("Not measured");
    }

    @Test
    void aChartWithoutDataIsANoteNotAnEmptyCanvas() {
        String page = HtmlReport.render(HtmlFixture.empty(), "empty");
        assertThat(page).doesNotContain("<canvas");
        assertThat(page).contains(
                "<p class=\"not-measured\" id=\"chart-tiers\">Not measured: no tier has trials.</p>",
                "<p class=\"not-measured\" id=\"chart-methods\">Not measured: no method has trials.</p>",
                "<p class=\"not-measured\" id=\"chart-install-times\">Not measured: no install produced an"
                        + " interpreter.</p>",
                "<p class=\"not-measured\" id=\"chart-failures\">Not measured: no cell failed.</p>",
                "<p class=\"not-measured\" id=\"chart-performance\">Not measured: no free-threaded trial timed the"
                        + " benchmark suite.</p>");
    }

    @Test
    void tablesShowRatesIntervalsVerdictsAndClaims() {
        String page = HtmlReport.render(HtmlFixture.statistics(), "fixture");
        // Tier 1: uv 6 of 7, fedora-dnf 4 of 4; Wilson 95% for 10 of 11.
        assertThat(page).contains("<tr><td>1</td><td class=\"num\">2</td><td class=\"num\">11</td>"
                + "<td class=\"num\">10</td><td class=\"num\">90.9%</td><td class=\"num\">62.3&ndash;98.4%</td>");
        assertThat(page).contains("<td>tier 1 &gt; tier 2</td><td>10 of 11</td><td>6 of 8</td>");
        assertThat(page).contains("<td>distro-apt</td><td class=\"num\">2</td><td class=\"num\">2</td>"
                + "<td class=\"num\">100.0%</td>");
        assertThat(page).contains("<td>numpy</td><td>python-org</td><td>3.13t</td><td class=\"num\">3</td>"
                + "<td class=\"num\">3</td>");
        assertThat(page).contains("<td>C extensions without free-threading support re-enable the GIL</td>"
                + "<td>1 of 10 package imports re-enabled the GIL (yaml)</td>"
                + "<td><span class=\"verdict verdict-consistent\">consistent</span></td>");
    }

    @Test
    void withAHistoryTheTrendHasAChartATableOfTheLastRunsAndItsOwnData() {
        String page = HtmlReport.render(HtmlFixture.statistics(), "fixture", HtmlFixture.trend(25));

        assertThat(page).contains("<a href=\"#trend\">Trend</a>", "<section id=\"trend\">\n<h2>Tier trend</h2>",
                "<canvas id=\"chart-trend\" data-chart=\"trend\"",
                "The table shows the last 20 of 25 runs; the chart and report.json have all.",
                "<th class=\"num\">tier 1</th><th class=\"num\">tier 4</th>",
                "<tr><td>run-06</td><td>2026-11-01 06:00</td><td class=\"num\">75.0% of 4 (30.1&ndash;95.4%)</td>"
                        + "<td class=\"num\">50.0% of 2 (9.5&ndash;90.5%)</td></tr>",
                "<td>&lt;i&gt;run&lt;/i&gt;</td>", "<script type=\"application/json\" id=\"ftmatrix-history\">");
        assertThat(page).doesNotContain("<td>run-05</td>", "<i>run</i>");
        assertThat(count(page, "<script")).isEqualTo(4);
    }

    @Test
    void aRunWithoutTrialsOfATierIsAGapAndAnEmptyHistorySaysSo() {
        String page = HtmlReport.render(HtmlFixture.statistics(), "fixture", HtmlFixture.trend(3));
        assertThat(page).contains("<tr><td>run-02</td><td>2026-11-01 02:00</td><td class=\"num\">75.0% of 4"
                + " (30.1&ndash;95.4%)</td><td class=\"num\">&ndash;</td></tr>").doesNotContain("The table shows");

        String empty = HtmlReport.render(HtmlFixture.statistics(), "fixture",
                new dev.ftmatrix.stats.HistoryTrend("run", List.of(), List.of(), List.of(), List.of()));
        assertThat(empty).contains("<p class=\"not-measured\" id=\"chart-trend\">Not measured: the history has no"
                + " runs of fixture.</p>");
    }

    @Test
    void withoutAHistoryThereIsNoTrend() {
        String page = HtmlReport.render(HtmlFixture.statistics(), "fixture");
        assertThat(page).doesNotContain("#trend", "chart-trend", "id=\"ftmatrix-history\"");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
