package dev.ftmatrix.matrix;

import static dev.ftmatrix.matrix.MatrixTexts.BASE;
import static dev.ftmatrix.matrix.MatrixTexts.parse;
import static dev.ftmatrix.matrix.MatrixTexts.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ftmatrix.recipe.RecipeCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private static final String WITH_SECRET = BASE + "    secrets: { UV_INDEX_TOKEN: 'env:FTM_UV_TOKEN' }\n";

    @Test
    void readsASecretAsTheVariableToTakeItFrom() {
        Secret secret = parse(WITH_SECRET).methods().get(0).secrets().get("UV_INDEX_TOKEN");
        assertThat(secret.variable()).isEqualTo("FTM_UV_TOKEN");
        assertThat(secret.value()).isNull();
    }

    @Test
    void rejectsASecretWrittenInTheMatrix() {
        assertThat(problems(BASE + "    secrets: { UV_INDEX_TOKEN: hunter2 }\n")).containsExactly(
                "m.yaml:10:16: methods[0].secrets.UV_INDEX_TOKEN: expected 'env:VARIABLE', the environment variable"
                        + " to read the secret from at run time, got 'hunter2'; never write a secret's value in the"
                        + " matrix");
    }

    @Test
    void rejectsSecretNamesThatAreNoEnvironmentVariableOrAreReserved() {
        assertThat(problems(BASE + "    secrets: { 'uv-token': 'env:A', FTMATRIX_PYTHON: 'env:B' }\n"))
                .containsExactly(
                        "m.yaml:10:16: methods[0].secrets: 'uv-token' is not a valid secret name; use an environment"
                                + " variable name such as 'UV_INDEX_TOKEN' (not starting with FTMATRIX_)",
                        "m.yaml:10:37: methods[0].secrets: 'FTMATRIX_PYTHON' is not a valid secret name; use an"
                                + " environment variable name such as 'UV_INDEX_TOKEN' (not starting with FTMATRIX_)");
    }

    @Test
    void aMissingVariableIsReportedWhereTheSecretIsDeclaredBeforeAnyCellRuns() {
        List<Cell> cells = Matrices.expand(parse(WITH_SECRET));
        MatrixInvalidException e = catchThrowableOfType(MatrixInvalidException.class,
                () -> Matrices.withSecrets(cells, Map.of()));
        assertThat(e.getMessage()).isEqualTo("m.yaml:10:16: methods[0].secrets.UV_INDEX_TOKEN: environment variable"
                + " FTM_UV_TOKEN is not set; export it before running (its value goes to the recipe as UV_INDEX_TOKEN"
                + " and is never recorded)");
    }

    @Test
    void theRecipeGetsTheValueAndResultsRecordOnlyStars() {
        Cell cell = Matrices.withSecrets(Matrices.expand(parse(WITH_SECRET)), Map.of("FTM_UV_TOKEN", "s3cr3t-value"))
                .get(0);
        assertThat(RecipeCatalog.environment(cell)).containsEntry("UV_INDEX_TOKEN", "s3cr3t-value");
        assertThat(RecipeCatalog.recordedEnvironment(cell)).containsEntry("UV_INDEX_TOKEN", "***");
        assertThat(cell.method().secrets().get("UV_INDEX_TOKEN").toString()).doesNotContain("s3cr3t-value");
    }
}
