package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.results.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** matrices/tiers.yaml as of 2026-12-02: current Python versions, and no image past its end of life. */
class TiersMatrixTest {
    private static final Path TIERS = Path.of("matrices/tiers.yaml");
    private static final LocalDate AS_OF = LocalDate.of(2026, 12, 2);

    /**
     * End of life of images a tier matrix has named or might name, with where the date comes from. An image whose
     * date is on or before {@link #AS_OF} must not be in the matrix.
     */
    private static final Map<String, LocalDate> END_OF_LIFE = Map.ofEntries(
            // Fedora: EOL four weeks after release N+2 (docs.fedoraproject.org/en-US/releases/lifecycle/); dates of
            // the release schedules, as issue 12 quotes them.
            Map.entry("fedora:40", LocalDate.of(2025, 5, 13)),
            Map.entry("fedora:41", LocalDate.of(2025, 12, 15)),
            Map.entry("fedora:42", LocalDate.of(2026, 5, 28)),
            // Ubuntu: end of standard support of each LTS (ubuntu.com/about/release-cycle); interim releases get
            // nine months and are not supported by deadsnakes at all.
            Map.entry("ubuntu:20.04", LocalDate.of(2025, 5, 31)),
            Map.entry("ubuntu:24.10", LocalDate.of(2025, 7, 10)),
            Map.entry("ubuntu:25.04", LocalDate.of(2026, 1, 15)),
            // Debian: end of security support of bookworm (debian.org/releases/bookworm, LTS continues separately).
            Map.entry("debian:bookworm", LocalDate.of(2026, 6, 10)),
            // AlmaLinux 8: active support ended 2024-05-31; only security updates remain until 2029, so the tier
            // matrix measures 9 and 10 (wiki.almalinux.org/release-notes).
            Map.entry("almalinux:8", LocalDate.of(2024, 5, 31)),
            // manylinux2014 is CentOS 7, end of life 2024-06-30 (pypa/manylinux README).
            Map.entry("quay.io/pypa/manylinux2014_x86_64", LocalDate.of(2024, 6, 30)),
            // The official python image of a CPython minor follows that minor's end of life (peps.python.org/pep-0569).
            Map.entry("python:3.8", LocalDate.of(2024, 10, 7)));

    /** Host rows have no image: their os ids name the releases. macOS 14 fell to Homebrew's tier 3 in 2026-09. */
    private static final Map<String, LocalDate> HOST_END_OF_LIFE = Map.of(
            "macos-13", LocalDate.of(2025, 9, 15),
            "macos-14", LocalDate.of(2026, 9, 15),
            "windows-2019", LocalDate.of(2024, 1, 9));

    private static List<JsonNode> plan() throws Exception {
        Cli r = Cli.run("plan", TIERS.toString(), "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> cells = new ArrayList<>();
        Json.MAPPER.readTree(r.out()).forEach(cells::add);
        return cells;
    }

    @Test
    void validatesAndCoversThePythonAxisThroughThreeFifteenT() throws Exception {
        Cli r = Cli.run("validate", TIERS.toString(), "matrices/quickstart.yaml", "matrices/packages.yaml");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(plan()).extracting(c -> c.get("python").asText()).containsOnly("3.13t", "3.14t", "3.15t")
                .contains("3.15t");
    }

    @Test
    void namesNoImageOrHostReleasePastItsEndOfLife() throws Exception {
        TreeSet<String> images = new TreeSet<>();
        TreeSet<String> hosts = new TreeSet<>();
        for (JsonNode c : plan()) {
            if ("host".equals(c.get("image").asText())) {
                hosts.add(c.get("os").asText());
            } else {
                images.add(c.get("image").asText());
            }
        }
        assertThat(images).isNotEmpty().allSatisfy(image -> {
            String repository = image.replaceFirst(":[^:/]*$", "");
            END_OF_LIFE.forEach((dead, date) -> {
                boolean same = dead.contains(":") ? image.equals(dead) : repository.equals(dead);
                assertThat(same && !date.isAfter(AS_OF)).as("%s reached its end of life on %s", image, date).isFalse();
            });
        });
        assertThat(hosts).containsExactlyInAnyOrder("macos-15", "macos-26", "windows-2022", "windows-2025");
        assertThat(hosts).allSatisfy(h -> assertThat(HOST_END_OF_LIFE).doesNotContainKey(h));
    }

    @Test
    void everyOsEntryStatesItsEndOfSupportAndEveryExcludeSaysWhy() throws Exception {
        Pattern os = Pattern.compile("^  - \\{ id: ([^,]+),.*\\}\\s+# (.+)$");
        Pattern date = Pattern.compile("(\\d{4}-\\d{2}(?:-\\d{2})?)");
        boolean inOs = false;
        boolean inExclude = false;
        int osEntries = 0;
        int excludes = 0;
        for (String line : Files.readAllLines(TIERS)) {
            if (!line.startsWith(" ")) {
                inOs = line.equals("os:");
                inExclude = line.equals("exclude:");
                continue;
            }
            if (inOs) {
                osEntries++;
                Matcher m = os.matcher(line);
                assertThat(m.matches()).as("an end-of-support comment on: %s", line).isTrue();
                Matcher d = date.matcher(m.group(2));
                while (d.find()) {
                    String when = d.group(1).length() == 7 ? d.group(1) + "-28" : d.group(1);
                    assertThat(LocalDate.parse(when)).as("support ends after %s: %s", AS_OF, line).isAfter(AS_OF);
                }
            }
            if (inExclude) {
                excludes++;
                assertThat(line).as("an exclude says why").matches("^  - \\{.*\\}\\s+# \\S.*$");
            }
        }
        assertThat(osEntries).isEqualTo(15);
        assertThat(excludes).isEqualTo(8);
    }
}
