package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainersArchiveTest {
    @TempDir
    Path dir;

    @Test
    void holdsRecipesAndProbeUnderTheRootWithScriptsExecutableAndNoHostScripts() throws Exception {
        Files.createDirectories(dir.resolve("recipes/lib"));
        Files.createDirectories(dir.resolve("probe"));
        Files.createDirectories(dir.resolve("host"));
        Files.writeString(dir.resolve("recipes/a.sh"), "echo a\n");
        Files.writeString(dir.resolve("recipes/lib/common.sh"), "x=1\n");
        Files.writeString(dir.resolve("probe/smoke.py"), "print(1)\n");
        Files.writeString(dir.resolve("host/install-docker.sh"), "exit 0\n");

        Map<String, Integer> modes = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new ByteArrayInputStream(ContainersArchive.of(dir, "ftmatrix")))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                modes.put(e.getName(), e.getMode() & 0777);
            }
        }
        assertThat(modes).containsExactly(
                Map.entry("ftmatrix/", 0755),
                Map.entry("ftmatrix/recipes/", 0755),
                Map.entry("ftmatrix/recipes/a.sh", 0755),
                Map.entry("ftmatrix/recipes/lib/", 0755),
                Map.entry("ftmatrix/recipes/lib/common.sh", 0755),
                Map.entry("ftmatrix/probe/", 0755),
                Map.entry("ftmatrix/probe/smoke.py", 0644));
    }
}
