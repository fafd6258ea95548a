package dev.ftmatrix.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The parts of the containers directory a cell needs (recipes and probe, not the host scripts) as a tar rooted at
 * {@code ftmatrix/}, built once per run and copied into every cell's container before it starts. Scripts keep
 * their executable bit.
 */
final class ContainersArchive {
    private ContainersArchive() {
    }

    static final List<String> PARTS = List.of("recipes", "probe");

    static byte[] of(Path containersDir, String rootName) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            List<Path> paths = new java.util.ArrayList<>(List.of(containersDir));
            for (String part : PARTS) {
                try (Stream<Path> walk = Files.walk(containersDir.resolve(part))) {
                    // Bytecode a local run of the probe's unit tests left behind is no input of a cell.
                    paths.addAll(walk.filter(p -> !p.toString().contains("__pycache__")).sorted().toList());
                }
            }
            for (Path p : paths) {
                String rel = containersDir.relativize(p).toString().replace('\\', '/');
                String name = rel.isEmpty() ? rootName + "/" : rootName + "/" + rel + (Files.isDirectory(p) ? "/" : "");
                TarArchiveEntry entry = new TarArchiveEntry(name);
                if (Files.isDirectory(p)) {
                    entry.setMode(0755 | TarArchiveEntry.DEFAULT_DIR_MODE & ~0777);
                    tar.putArchiveEntry(entry);
                } else {
                    byte[] content = Files.readAllBytes(p);
                    boolean executable = Files.isExecutable(p) || name.endsWith(".sh");
                    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | (executable ? 0755 : 0644));
                    entry.setSize(content.length);
                    tar.putArchiveEntry(entry);
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + containersDir, e);
        }
        return bytes.toByteArray();
    }
}
