package dev.ftmatrix.cli;

import dev.ftmatrix.results.history.HistoryLocation;
import dev.ftmatrix.results.history.HistoryStore;
import picocli.CommandLine.Option;

/** The {@code --history} option of the history commands. */
final class HistoryOption {
    @Option(names = "--history", paramLabel = "PATH_OR_URL",
            description = {"The history: a SQLite file, or a JDBC URL such as"
                    + " jdbc:postgresql://HOST:5432/DB?user=USER&password=PASSWORD"
                + " Default: $" + HistoryLocation.ENV + ", else results/history.sqlite."})
    String value;

    HistoryLocation location() {
        return HistoryLocation.resolve(value, System.getenv());
    }

    HistoryStore open(HistoryStore.Access access) {
        return HistoryStore.open(location(), access);
    }
}
