package dev.ftmatrix.cli;

import dev.ftmatrix.FtmatrixException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point. {@link #run} is the whole CLI with captured streams, for tests and embedding. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(out, err, args));
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        FtmatrixCommand root = new FtmatrixCommand();
        CommandLine cli = commandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(Main::onBadArguments);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> onFailure(e, commandLine, root.stacktrace));
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command tree, parsing as the CLI does; tests check command lines written elsewhere against it. */
    static CommandLine commandLine(FtmatrixCommand root) {
        CommandLine cli = new CommandLine(root);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("ftmatrix: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        return ExitCodes.USAGE;
    }

    private static int onFailure(Exception e, CommandLine cmd, boolean stacktrace) {
        PrintWriter err = cmd.getErr();
        int code = ExitCodes.of(e);
        if (e instanceof FtmatrixException) {
            err.println(code == ExitCodes.USAGE ? e.getMessage() : "ftmatrix: " + e.getMessage());
        } else {
            err.println("ftmatrix: internal error: " + e + " (run again with --stacktrace and report it)");
        }
        if (stacktrace) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
