package dev.ftmatrix.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The macos-python-org host recipe, run on this machine as the host executor runs it (FTMATRIX_WORK set), up to the
 * point where a real macOS would install into /Library/Frameworks: on Linux it refuses; with the FAKE uname and
 * installer of src/test/resources/fakes/macos it fetches the release's .pkg from a file:// mirror and reports the
 * installer's failure. The install itself, with the fake installer laying out PythonT.framework, is checked in a
 * container by HostRecipeContractIT.
 */
class MacosPythonOrgRecipeTest {
    private static final Path FAKES = Path.of("src/test/resources/fakes").toAbsolutePath();

    @TempDir
    Path tmp;

    private String run(boolean fakeMacos, String fakeMode, Path mirror) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        ProcessBuilder pb = new ProcessBuilder("bash", "containers/recipes/macos-python-org.sh");
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", (fakeMacos ? FAKES.resolve("macos/bin") + ":" : "") + "/usr/bin:/bin");
        env.put("HOME", tmp.toString());
        env.put("FTMATRIX_WORK", work.toString());
        env.put("FTMATRIX_PYTHON", "3.13t");
        env.put("FTMATRIX_PYTHON_VERSION", "3.13");
        env.put("FTMATRIX_PYTHON_MINOR", "3.13");
        env.put("FTMATRIX_FAKE_MODE", fakeMode);
        env.put("FTMATRIX_FAKES_LIB", FAKES.resolve("lib/ftmatrix-fakes/fake-tool.sh").toString());
        env.put("FTMATRIX_PARAM_BASE_URL", mirror.toUri().toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(3);
        return out.strip();
    }

    @Test
    void onAnythingButMacosItIsUnsupported() throws Exception {
        assertThat(run(false, "success", tmp)).isEqualTo(
                "FTMATRIX-FAILURE: unsupported: macos-python-org runs on macOS agents only, not on Linux");
    }

    @Test
    void aReleaseTheMirrorDoesNotHoldIsNotFound() throws Exception {
        Path mirror = Files.createDirectories(tmp.resolve("mirror"));
        assertThat(run(true, "success", mirror)).isEqualTo("FTMATRIX-FAILURE: not-found: cannot read "
                + mirror.toUri() + "3.13.15/python-3.13.15-macos11.pkg (curl exit 37)");
    }

    @Test
    void theInstallerFailingIsABuildFailureQuotingIt() throws Exception {
        Path mirror = Files.createDirectories(tmp.resolve("mirror"));
        Files.writeString(Files.createDirectories(mirror.resolve("3.13.15")).resolve("python-3.13.15-macos11.pkg"),
                "a FAKE package for the FAKE installer\n");
        assertThat(run(true, "install-failed", mirror)).isEqualTo("FTMATRIX-FAILURE: build: installer -pkg"
                + " python-3.13.15-macos11.pkg failed (exit 1): installer: The install failed. (The Installer encountered"
                + " an error that caused the installation to fail. Contact the software manufacturer for assistance. An"
                + " error occurred while running scripts from the package “python-3.13.15-macos11.pkg”.)");
    }
}
