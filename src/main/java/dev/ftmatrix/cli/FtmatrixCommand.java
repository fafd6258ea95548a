package dev.ftmatrix.cli;

import dev.ftmatrix.FtmatrixVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "ftmatrix",
        mixinStandardHelpOptions = true,
        versionProvider = FtmatrixCommand.Version.class,
        subcommands = {ValidateCommand.class, PlanCommand.class, RunCommand.class, ReproCommand.class, MergeCommand.class,
                ReportCommand.class, HistoryCommand.class, GcCommand.class, ImagesCommand.class, DoctorCommand.class,
                RecipesCommand.class},
        description = {
            "Runs an OS x install-method x Python-version matrix in containers and records, for every cell,"
                    + " whether a free-threaded CPython (3.13t, 3.14t) was installed and really works.",
            "",
            "Start with: ftmatrix doctor --fix matrices/quickstart.yaml && ftmatrix run matrices/quickstart.yaml"},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  done (for run: every cell was executed, whatever its outcome)",
            "  1  internal error",
            "  2  bad input or usage",
            "  3  infrastructure unavailable (Docker daemon, image, history database)",
            "  4  repro: the cell ran but the failure did not reproduce",
            "  130, 143  run stopped by SIGINT, SIGTERM (finish it with run --resume DIR)"})
final class FtmatrixCommand {
    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure (for bug reports).")
    boolean stacktrace;

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ftmatrix " + FtmatrixVersion.get()};
        }
    }
}
