package dev.ftmatrix.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The macos-python-org host recipe, run on this machine as the host executor runs it (FTMATRIX_WORK set), up to the
 * point where a real macOS would install into /Library/Frameworks: on Linux it refuses; with the FAKE uname and
 * installer of src/test/resources/fakes/macos it fetches the release's .pkg from a file:// mirror and reports the
 * installer's failure. The install itself, with the fake installer laying out PythonT.framework, is checked in a
 * container by MacosPythonOrgContractIT. Run as root, as these machines run tests: the fake installer, like the real
 * one, refuses anyone else.
 */
class MacosPythonOrgRecipeTest {
    @TempDir
    Path tmp;

    private String run(boolean fakeMacos, String fakeMode, Path mirror) throws Exception {
        String[] bins = fakeMacos ? new String[] {"macos/bin"} : new String[0];
        HostRecipe.Result r = HostRecipe.run(tmp, "macos-python-org", "3.13t", fakeMode,
                Map.of("base_url", mirror.toUri().toString()), bins);
        assertThat(r.exit()).as(r.stdout()).isEqualTo(3);
        return r.stdout();
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
