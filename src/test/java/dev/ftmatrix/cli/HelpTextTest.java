package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * picocli prints each element of a description array on a line of its own and wraps within it. An element that
 * ends mid-sentence therefore breaks the help's lines in the middle of a sentence at every terminal width: elements
 * must be whole sentences or paragraphs, or items of an indented list.
 */
class HelpTextTest {
    @Test
    void noHelpTextBreaksItsLinesInTheMiddleOfASentence() {
        List<String> broken = new ArrayList<>();
        check(Main.commandLine(new FtmatrixCommand()), broken);
        assertThat(broken).isEmpty();
    }

    @Test
    void theRuleCatchesAHardWrappedDescription() {
        List<String> broken = new ArrayList<>();
        lines("example", new String[] {"Runs every cell, then the", "probe."}, broken);
        lines("example", new String[] {"Exit codes:", "  0  done", "  2  bad input"}, broken);
        assertThat(broken).containsExactly("example: 'Runs every cell, then the' continues in 'probe.'");
    }

    private static void check(CommandLine cl, List<String> broken) {
        CommandSpec spec = cl.getCommandSpec();
        String name = spec.qualifiedName();
        lines(name, spec.usageMessage().description(), broken);
        lines(name + " (footer)", spec.usageMessage().footer(), broken);
        for (ArgSpec arg : spec.args()) {
            lines(name + " " + (arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName()
                    : arg.paramLabel()), arg.description(), broken);
        }
        cl.getSubcommands().values().forEach(sub -> check(sub, broken));
    }

    private static void lines(String where, String[] text, List<String> broken) {
        for (int i = 0; i + 1 < text.length; i++) {
            String line = text[i].strip();
            String next = text[i + 1];
            boolean sentenceEnds = line.isEmpty() || line.matches(".*[.!?)]$");
            boolean listFollows = next.isBlank() || next.startsWith("  ");
            if (!sentenceEnds && !listFollows) {
                broken.add(where + ": '" + line + "' continues in '" + next.strip() + "'");
            }
        }
    }
}
