package dev.ftmatrix.matrix;

import static dev.ftmatrix.matrix.MatrixTexts.BASE;
import static dev.ftmatrix.matrix.MatrixTexts.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MatrixValidationTest {

    @Test
    void rejectsUnknownKeyWithSuggestion() {
        assertThat(problems(BASE + "repeat: 2\n"))
                .containsExactly("m.yaml:10:1: unknown key 'repeat'; did you mean 'repeats'?");
    }

    @Test
    void rejectsUnknownKeyListingValidKeysWhenNoneIsClose() {
        assertThat(problems(BASE + "colour: red\n")).containsExactly("m.yaml:10:1: unknown key 'colour'; valid keys"
                + " are 'name', 'python', 'repeats', 'timeout', 'parallel', 'network', 'retries', 'limits', 'os', 'methods',"
                + " 'exclude', 'smoke'");
    }

    @Test
    void rejectsMisspelledMethodKeyAndReportsTheKeyItLacks() {
        assertThat(problems("""
                name: quickstart
                python: ["3.13t"]
                os:
                  - id: debian-trixie
                    image: debian:trixie
                methods:
                  - id: source-debian
                    recipie: source-build
                    tier: 4
                """)).containsExactly(
                "m.yaml:7:5: methods[0]: missing required key 'recipe'",
                "m.yaml:8:5: methods[0]: unknown key 'recipie'; did you mean 'recipe'?");
    }

    @Test
    void rejectsUnknownKeysInOsExcludeAndSmoke() {
        assertThat(problems("""
                name: quickstart
                python: ["3.13t"]
                os:
                  - id: debian-trixie
                    image: debian:trixie
                    imgae: debian:sid
                methods:
                  - id: source-debian
                    recipe: source-build
                    tier: 4
                exclude:
                  - { os: debian-trixie, methods: source-debian }
                smoke:
                  thread: 8
                """)).containsExactly(
                "m.yaml:6:5: os[0]: unknown key 'imgae'; did you mean 'image'?",
                "m.yaml:12:26: exclude[0]: unknown key 'methods'; did you mean 'method'?",
                "m.yaml:14:3: smoke: unknown key 'thread'; did you mean 'threads'?");
    }

    @Test
    void rejectsMissingRequiredKeysAtTheStartOfTheirMapping() {
        assertThat(problems("""
                # a matrix that has only begun
                name: quickstart
                os:
                  - id: debian-trixie
                """)).containsExactly(
                "m.yaml:2:1: missing required key 'python'",
                "m.yaml:2:1: missing required key 'methods'",
                "m.yaml:4:5: os[0]: missing required key 'image'");
    }

    @Test
    void rejectsMissingMethodTierAndRecipe() {
        assertThat(problems("""
                name: quickstart
                python: ["3.13t"]
                os: [{ id: debian-trixie, image: "debian:trixie" }]
                methods:
                  - id: source-debian
                """)).containsExactly(
                "m.yaml:5:5: methods[0]: missing required key 'recipe'",
                "m.yaml:5:5: methods[0]: missing required key 'tier'");
    }

    @Test
    void rejectsRepeatsThatIsNotANumber() {
        assertThat(problems(BASE + "repeats: \"two\"\n"))
                .containsExactly("m.yaml:10:1: repeats: expected a positive integer, got 'two'");
    }

    @Test
    void rejectsNonPositiveRepeatsParallelAndThreads() {
        assertThat(problems(BASE + """
                repeats: 0
                parallel: -1
                smoke:
                  threads: 0
                """)).containsExactly(
                "m.yaml:10:1: repeats: expected a positive integer, got '0'",
                "m.yaml:11:1: parallel: expected a positive integer, got '-1'",
                "m.yaml:13:3: smoke.threads: expected a positive integer, got '0'");
    }

    @Test
    void rejectsCountsTooLargeToBeMeant() {
        assertThat(problems(BASE + "parallel: 99999999999\n"))
                .containsExactly("m.yaml:10:1: parallel: '99999999999' is too large; use at most 1000000000");
    }

    @Test
    void rejectsEmptyValueForRequiredKey() {
        assertThat(problems(BASE.replace("name: quickstart", "name:")))
                .containsExactly("m.yaml:1:1: name: expected a name such as 'quickstart', got nothing");
    }

    @Test
    void rejectsMappingWhereAListBelongs() {
        assertThat(problems("""
                name: quickstart
                python: ["3.13t"]
                os: { id: debian-trixie, image: "debian:trixie" }
                methods:
                  - { id: source-debian, recipe: source-build, tier: 4 }
                """)).containsExactly(
                "m.yaml:3:1: os: expected a list of os entries, each with 'id' and 'image', got a mapping");
    }

    @Test
    void rejectsSingleValueWhereAListBelongs() {
        assertThat(problems(BASE.replace("python: [\"3.13t\"]", "python: 3.13t")))
                .containsExactly("m.yaml:2:1: python: expected a list of versions such as [\"3.13t\"], got '3.13t'");
    }

    @Test
    void rejectsListWhereAMappingOrSingleValueBelongs() {
        assertThat(problems(BASE.replace("name: quickstart", "name: [quick, start]") + """
                smoke: [true]
                """)).containsExactly(
                "m.yaml:1:1: name: expected a name such as 'quickstart', got a list",
                "m.yaml:10:1: smoke: expected a mapping of smoke settings such as { venv: true, threads: 4 },"
                        + " got a list");
    }

    @Test
    void rejectsListItemsOfTheWrongShape() {
        assertThat(problems("""
                name: quickstart
                python: [["3.13t"]]
                os: [debian-trixie]
                methods:
                  - source-build
                exclude:
                  - debian-trixie
                """)).containsExactly(
                "m.yaml:2:10: python[0]: expected a version such as '3.13t', got a list",
                "m.yaml:3:6: os[0]: expected a mapping with 'id' and 'image', got 'debian-trixie'",
                "m.yaml:5:5: methods[0]: expected a mapping with 'id', 'recipe' and 'tier', got 'source-build'",
                "m.yaml:7:5: exclude[0]: expected a mapping with one or more of 'os', 'method' and 'python',"
                        + " got 'debian-trixie'");
    }

    @Test
    void rejectsPythonVersionWithoutFreeThreadedSuffix() {
        assertThat(problems(BASE.replace("[\"3.13t\"]", "[\"3.13t\", 3.14, \"3.13.5\"]"))).containsExactly(
                "m.yaml:2:19: python[1]: '3.14' is not a free-threaded version; write it with a 't' suffix,"
                        + " e.g. '3.14t'",
                "m.yaml:2:25: python[2]: '3.13.5' is not a free-threaded version; write it with a 't' suffix,"
                        + " e.g. '3.13.5t'");
    }

    @Test
    void rejectsPythonVersionThatIsNotAVersion() {
        assertThat(problems(BASE.replace("[\"3.13t\"]", "[three, \"\", ~]"))).containsExactly(
                "m.yaml:2:10: python[0]: 'three' is not a Python version; write a free-threaded version such as"
                        + " '3.13t' or '3.13.5t'",
                "m.yaml:2:17: python[1]: '' is not a Python version; write a free-threaded version such as"
                        + " '3.13t' or '3.13.5t'",
                "m.yaml:2:21: python[2]: expected a version such as '3.13t', got nothing");
    }

    @Test
    void rejectsPythonVersionOlderThanFreeThreading() {
        assertThat(problems(BASE.replace("[\"3.13t\"]", "[3.12t, \"2.7\"]"))).containsExactly(
                "m.yaml:2:10: python[0]: '3.12t' is not a free-threaded version; free threading starts with"
                        + " CPython 3.13, e.g. '3.13t'",
                "m.yaml:2:17: python[1]: '2.7' is not a free-threaded version; free threading starts with"
                        + " CPython 3.13, e.g. '3.13t'");
    }

    @Test
    void rejectsDuplicatePythonVersion() {
        assertThat(problems(BASE.replace("python: [\"3.13t\"]", "python:\n  - 3.13t\n  - 3.14t\n  - 3.13t")))
                .containsExactly("m.yaml:5:5: python[2]: duplicate version '3.13t' (first as python[0] on line 3);"
                        + " list each version once");
    }

    @Test
    void rejectsEmptyAxes() {
        assertThat(problems("""
                name: quickstart
                python: []
                os:
                methods: []
                """)).containsExactly(
                "m.yaml:2:1: python: must list at least one version",
                "m.yaml:3:1: os: must list at least one os",
                "m.yaml:4:1: methods: must list at least one method");
    }

    @Test
    void rejectsTimeoutThatIsNotADuration() {
        assertThat(problems(BASE + "timeout: 30 minutes\n")).containsExactly(
                "m.yaml:10:1: timeout: '30 minutes' is not a duration; write a number with a unit: 90s, 30m, 2h");
    }

    @Test
    void rejectsTimeoutWithoutUnitAndZeroTimeout() {
        assertThat(problems(BASE + "timeout: 30\n")).containsExactly(
                "m.yaml:10:1: timeout: '30' is not a duration; write a number with a unit: 90s, 30m, 2h");
        assertThat(problems(BASE + "timeout: 0m\n")).containsExactly(
                "m.yaml:10:1: timeout: '0m' is zero; a duration must be longer than that, e.g. 90s, 30m, 2h");
    }

    @Test
    void rejectsUnknownNetwork() {
        assertThat(problems(BASE + "network: wifi\n"))
                .containsExactly("m.yaml:10:1: network: expected one of 'none', 'host' or 'bridge', got 'wifi'");
    }

    @Test
    void rejectsNonBooleanVenv() {
        assertThat(problems(BASE + "smoke: { venv: maybe }\n"))
                .containsExactly("m.yaml:10:10: smoke.venv: expected true or false, got 'maybe'");
    }

    @Test
    void rejectsInvalidNameAndIds() {
        assertThat(problems("""
                name: my matrix
                python: ["3.13t"]
                os:
                  - id: debian/trixie
                    image: debian:trixie
                methods:
                  - id: "-source"
                    recipe: source-build
                    tier: 4
                """)).containsExactly(
                "m.yaml:1:1: name: 'my matrix' is not a valid name; use letters, digits, '.', '_' and '-',"
                        + " starting with a letter or digit",
                "m.yaml:4:5: os[0].id: 'debian/trixie' is not a valid id; use letters, digits, '.', '_' and '-',"
                        + " starting with a letter or digit",
                "m.yaml:7:5: methods[0].id: '-source' is not a valid id; use letters, digits, '.', '_' and '-',"
                        + " starting with a letter or digit");
    }

    @Test
    void rejectsEmptyOrSpacedImage() {
        assertThat(problems("""
                name: quickstart
                python: ["3.13t"]
                os:
                  - { id: a, image: "" }
                  - { id: b, image: "debian trixie" }
                methods:
                  - { id: m, recipe: source-build, tier: 4 }
                """)).containsExactly(
                "m.yaml:4:14: os[0].image: expected an image such as 'debian:trixie', got ''",
                "m.yaml:5:14: os[1].image: 'debian trixie' is not an image reference; write it like"
                        + " 'debian:trixie' (a lowercase name, optionally a registry host before it, ':tag' or"
                        + " '@sha256:digest' after it)");
    }

    @Test
    void rejectsDuplicateOsIdNamingTheFirst() {
        assertThat(problems("""
                name: quickstart
                python: ["3.13t"]
                os:
                  - id: debian-trixie
                    image: debian:trixie
                  - id: debian-trixie
                    image: debian:sid
                methods:
                  - { id: m, recipe: source-build, tier: 4 }
                """)).containsExactly("m.yaml:6:5: os[1].id: duplicate os id 'debian-trixie' (first as os[0].id on"
                + " line 4); give each os a unique id");
    }

    @Test
    void rejectsDuplicateMethodIdNamingTheFirst() {
        assertThat(problems(BASE + """
                  - id: source-debian
                    recipe: distro-apt
                    tier: control
                """)).containsExactly("m.yaml:10:5: methods[1].id: duplicate method id 'source-debian' (first as"
                + " methods[0].id on line 7); give each method a unique id");
    }

    @Test
    void rejectsDuplicateYamlKeysAtTheSecond() {
        assertThat(problems("""
                name: quickstart
                python: ["3.13t"]
                os:
                  - id: debian-trixie
                    image: debian:trixie
                    id: debian-sid
                methods:
                  - { id: m, recipe: source-build, tier: 4, with: { a: 1, a: 2 } }
                name: other
                """)).containsExactly(
                "m.yaml:6:5: os[0]: duplicate key 'id' (first on line 4); keep only one",
                "m.yaml:8:59: methods[0].with: duplicate key 'a' (first on line 8); keep only one",
                "m.yaml:9:1: duplicate key 'name' (first on line 1); keep only one");
    }

    @Test
    void rejectsUnknownRecipeWithSuggestion() {
        assertThat(problems(BASE + """
                  - id: source-other
                    recipe: sourcebuild
                    tier: 4
                """)).containsExactly("m.yaml:11:5: methods[1].recipe: unknown recipe 'sourcebuild'; did you mean"
                + " 'source-build'? Recipes are the scripts in containers/recipes/");
    }

    @Test
    void rejectsUnknownRecipeListingTheKnownOnes() {
        assertThat(problems(BASE.replace("recipe: source-build", "recipe: homebrew"))).containsExactly(
                "m.yaml:8:5: methods[0].recipe: unknown recipe 'homebrew'; known recipes are 'conda-forge',"
                        + " 'distro-apt', 'source-build', 'uv-python'. Recipes are the scripts in containers/recipes/");
    }

    @Test
    void rejectsEveryRecipeWhenNoneIsKnown() {
        assertThat(problems(BASE, Set.of())).containsExactly("m.yaml:8:5: methods[0].recipe: unknown recipe"
                + " 'source-build'; no recipes are known. Recipes are the scripts in containers/recipes/");
    }

    @Test
    void rejectsTiersThatAreNotPositiveOrControl() {
        assertThat(problems("""
                name: quickstart
                python: ["3.13t"]
                os: [{ id: debian-trixie, image: "debian:trixie" }]
                methods:
                  - { id: a, recipe: source-build, tier: 0 }
                  - { id: b, recipe: source-build, tier: -1 }
                  - { id: c, recipe: source-build, tier: gold }
                  - { id: d, recipe: source-build, tier: Control }
                """)).containsExactly(
                "m.yaml:5:36: methods[0].tier: expected a positive integer or 'control', got '0'",
                "m.yaml:6:36: methods[1].tier: expected a positive integer or 'control', got '-1'",
                "m.yaml:7:36: methods[2].tier: expected a positive integer or 'control', got 'gold'",
                "m.yaml:8:36: methods[3].tier: expected a positive integer or 'control', got 'Control'");
    }

    @Test
    void rejectsBadParameterNamesAndValues() {
        assertThat(problems(BASE + """
                    with:
                      Source: debian
                      jobs: [1, 2]
                      flags:
                      ok_1: yes
                """)).containsExactly(
                "m.yaml:11:7: methods[0].with: 'Source' is not a valid parameter name; use lowercase letters,"
                        + " digits and '_', starting with a letter",
                "m.yaml:12:7: methods[0].with.jobs: expected a text, number or true/false value, got a list",
                "m.yaml:13:7: methods[0].with.flags: expected a text, number or true/false value, got nothing");
    }

    @Test
    void rejectsWithThatIsNotAMapping() {
        assertThat(problems(BASE + "    with: [source]\n")).containsExactly("m.yaml:10:5: methods[0].with: expected"
                + " a mapping of recipe parameters such as { source: debian }, got a list");
    }

    @Test
    void rejectsOsGlobThatMatchesNoOs() {
        assertThat(problems(BASE + "    os: [\"debian-*\", \"ubuntu-*\", ~]\n")).containsExactly(
                "m.yaml:10:22: methods[0].os[1]: 'ubuntu-*' matches no os id; os ids are 'debian-trixie'",
                "m.yaml:10:34: methods[0].os[2]: expected an os id glob such as 'debian-*', got nothing");
    }

    @Test
    void rejectsEmptyOsGlobList() {
        assertThat(problems(BASE + "    os: []\n")).containsExactly("m.yaml:10:5: methods[0].os: must list at"
                + " least one os id glob; leave 'os' out to run the method on every os");
    }

    @Test
    void rejectsExcludeNamingUnknownOsMethodOrPython() {
        assertThat(problems(BASE + """
                exclude:
                  - { os: debian-sid }
                  - { method: distro }
                  - { method: source-debain }
                  - { python: "3.14t" }
                  - { python: "3.14" }
                """)).containsExactly(
                "m.yaml:11:7: exclude[0].os: no os with id 'debian-sid'; os ids are 'debian-trixie'",
                "m.yaml:12:7: exclude[1].method: no method with id 'distro'; method ids are 'source-debian'",
                "m.yaml:13:7: exclude[2].method: no method with id 'source-debain'; did you mean 'source-debian'?",
                "m.yaml:14:7: exclude[3].python: no python version '3.14t'; versions are '3.13t'",
                "m.yaml:15:7: exclude[4].python: '3.14' is not a free-threaded version; write it with a 't'"
                        + " suffix, e.g. '3.14t'");
    }

    @Test
    void rejectsExcludeValuesThatAreNotSingleIds() {
        assertThat(problems(BASE + """
                exclude:
                  - { os: [debian-trixie], method: }
                """)).containsExactly(
                "m.yaml:11:7: exclude[0].os: expected an os id, got a list",
                "m.yaml:11:28: exclude[0].method: expected a method id, got nothing");
    }

    @Test
    void rejectsKeysThatAreNotPlainNames() {
        assertThat(problems(BASE + "? [a, b]\n: c\n"))
                .containsExactly("m.yaml:10:3: a key must be a plain name, got a list");
    }

    @Test
    void rejectsEmptyExclude() {
        assertThat(problems(BASE + "exclude:\n  - {}\n")).containsExactly("m.yaml:11:5: exclude[0]: an empty"
                + " exclude would remove every cell; name at least one of 'os', 'method' or 'python'");
    }

    @Test
    void rejectsMatrixWhoseExcludesRemoveEveryCell() {
        assertThat(problems(BASE + """
                exclude:
                  - { os: debian-trixie }
                """)).containsExactly("m.yaml:10:1: matrix expands to no cells: every combination is excluded or"
                + " no method applies to any os; remove an exclude or widen a method's 'os' globs");
    }

    @Test
    void rejectsMatrixExpandingBeyondTheCellLimit() {
        assertThat(problems(BASE + "repeats: 100001\n")).containsExactly("m.yaml:10:1: matrix expands to 100001"
                + " cells; at most 100000 can run, so lower 'repeats' or split the matrix");
    }

    @Test
    void reportsEveryProblemAtOnceSortedByPosition() {
        assertThat(problems("""
                name: quick start
                python: ["3.13", "3.13t"]
                repeats: two
                timeout: soon
                network: Host
                os:
                  - id: debian-trixie
                methods:
                  - id: source-debian
                    recipe: sourcebuild
                    tier: gold
                smoke:
                  venv: maybe
                extra: 1
                """)).containsExactly(
                "m.yaml:1:1: name: 'quick start' is not a valid name; use letters, digits, '.', '_' and '-',"
                        + " starting with a letter or digit",
                "m.yaml:2:10: python[0]: '3.13' is not a free-threaded version; write it with a 't' suffix,"
                        + " e.g. '3.13t'",
                "m.yaml:3:1: repeats: expected a positive integer, got 'two'",
                "m.yaml:4:1: timeout: 'soon' is not a duration; write a number with a unit: 90s, 30m, 2h",
                "m.yaml:5:1: network: expected one of 'none', 'host' or 'bridge', got 'Host'",
                "m.yaml:7:5: os[0]: missing required key 'image'",
                "m.yaml:10:5: methods[0].recipe: unknown recipe 'sourcebuild'; did you mean 'source-build'?"
                        + " Recipes are the scripts in containers/recipes/",
                "m.yaml:11:5: methods[0].tier: expected a positive integer or 'control', got 'gold'",
                "m.yaml:13:3: smoke.venv: expected true or false, got 'maybe'",
                "m.yaml:14:1: unknown key 'extra'; valid keys are 'name', 'python', 'repeats', 'timeout',"
                        + " 'parallel', 'network', 'retries', 'limits', 'os', 'methods', 'exclude', 'smoke'");
    }
}
