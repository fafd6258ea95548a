package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The macos-python-org host recipe's install, in a Debian container standing in for a macOS agent: a FAKE uname
 * says Darwin and a FAKE installer (src/test/resources/fakes/macos) lays out the frameworks the python.org package
 * installs, PythonT.framework only when the recipe's choice-changes plist selects it. Debian's GIL python3.13 stands
 * behind the fake framework's interpreter: the recipe's contract is the path it reports after running it, not what
 * the interpreter is (the probe's job). The recipe fetches the .pkg from a file:// mirror. Never evidence about
 * macOS; about 30 seconds.
 */
class MacosPythonOrgContractIT {
    @Test
    void theRecipeSelectsThePythonTChoiceAndReportsTheFreeThreadedFrameworksInterpreter() throws Exception {
        try (GenericContainer<?> mac = RealToolImages.container("debian:trixie")
                .withCopyFileToContainer(MountableFile.forHostPath("containers"), "/ftmatrix")
                .withCopyFileToContainer(MountableFile.forHostPath("src/test/resources/fakes"), "/opt/ftmatrix-fakes")) {
            mac.start();
            RealToolImages.exec(mac, 5, "bash", "-euc", String.join(" && ",
                    "apt-get -q update", "DEBIAN_FRONTEND=noninteractive apt-get -q install -y curl python3.13-minimal",
                    "mkdir -p /srv/mirror/3.13.15", "echo 'a FAKE package' > /srv/mirror/3.13.15/python-3.13.15-macos11.pkg"));
            ExecResult r = mac.execInContainer("env", "PATH=/opt/ftmatrix-fakes/macos/bin:/usr/bin:/bin",
                    "FTMATRIX_WORK=/tmp/cell", "FTMATRIX_PYTHON=3.13t", "FTMATRIX_PYTHON_VERSION=3.13",
                    "FTMATRIX_PYTHON_MINOR=3.13", "FTMATRIX_FAKE_MODE=success",
                    "FTMATRIX_FAKES_LIB=/opt/ftmatrix-fakes/lib/ftmatrix-fakes/fake-tool.sh",
                    "FTMATRIX_FAKE_FT_PYTHON=/usr/bin/python3.13", "FTMATRIX_PARAM_BASE_URL=file:///srv/mirror",
                    "bash", "/ftmatrix/recipes/macos-python-org.sh");
            assertThat(r.getExitCode()).as(r.getStdout() + r.getStderr()).isZero();
            assertThat(r.getStdout()).isEqualTo(
                    "FTMATRIX-PYTHON: /Library/Frameworks/PythonT.framework/Versions/3.13/bin/python3.13t\n");
            assertThat(r.getStderr()).contains("installer: The install was successful.");
            assertThat(mac.execInContainer("cat", "/tmp/cell/var/tmp/ftmatrix/choicechanges.plist").getStdout())
                    .contains("<string>org.python.Python.PythonTFramework-3.13</string>");
        }
    }
}
