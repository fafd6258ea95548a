package dev.ftmatrix.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecipeOutputTest {
    @Test
    void readsTheInterpreterFromTheLastSuccessLine() {
        String out = "log\nFTMATRIX-PYTHON: /old\nmore\nFTMATRIX-PYTHON: /opt/ftmatrix/python3.13t/bin/python3.13t\n";
        assertThat(RecipeOutput.interpreter(out)).contains("/opt/ftmatrix/python3.13t/bin/python3.13t");
    }

    @Test
    void readsCategoryAndDetailOfAFailure() {
        assertThat(RecipeOutput.failure("x\nFTMATRIX-FAILURE: not-found: no python3.14 in trixie\n"))
                .contains(new RecipeOutput.RecipeFailure("not-found", "no python3.14 in trixie"));
    }

    @Test
    void ignoresLinesThatOnlyMentionTheMarker() {
        assertThat(RecipeOutput.failure("echo FTMATRIX-FAILURE: network: x\n")).isEmpty();
        assertThat(RecipeOutput.interpreter("no result\n")).isEmpty();
    }
}
