package dev.ftmatrix.matrix;

import static dev.ftmatrix.matrix.MatrixTexts.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ShardTest {
    /** 3 os x 3 methods x 2 versions x 3 repeats, less excludes and apt on two os: 42 cells in groups of 3 and 6. */
    private static final List<Cell> PLAN = Matrices.expand(parse("""
            name: shards
            python: ["3.13t", "3.14t"]
            repeats: 3
            os:
              - { id: trixie, image: "debian:trixie" }
              - { id: sid, image: "debian:sid" }
              - { id: noble, image: "ubuntu:noble" }
            methods:
              - { id: src, recipe: source-build, tier: 4 }
              - { id: uv, recipe: uv-python, tier: 1 }
              - { id: apt, recipe: distro-apt, tier: control, os: ["trixie", "sid"] }
            exclude:
              - { os: noble, method: src, python: "3.14t" }
              - { os: sid, method: apt, python: "3.14t" }
            """));

    private static List<String> ids(List<Cell> cells) {
        return cells.stream().map(Cell::id).toList();
    }

    @Test
    void shardsAreDisjointAndTogetherThePlanForEveryCountIncludingMoreShardsThanCells() {
        assertThat(PLAN).hasSize(42);
        for (int n : List.of(1, 2, 3, 4, 7, 41, 42, 43, 100)) {
            List<String> union = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                union.addAll(ids(new Shard(i, n).select(PLAN)));
            }
            assertThat(union).as("N=%d", n).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(PLAN));
        }
    }

    @Test
    void shardSizesDifferByAtMostOneAndSurplusShardsAreEmpty() {
        for (int n : List.of(2, 5, 7, 60)) {
            List<Integer> sizes = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                sizes.add(new Shard(i, n).select(PLAN).size());
            }
            assertThat(Collections.max(sizes) - Collections.min(sizes)).as("sizes %s", sizes).isLessThanOrEqualTo(1);
        }
        assertThat(new Shard(60, 60).select(PLAN)).isEmpty();
    }

    @Test
    void everyMethodIsSpreadEvenlyOverTheShards() {
        int n = 4;
        Map<String, Long> perMethod = PLAN.stream().collect(Collectors.groupingBy(c -> c.method().id(),
                Collectors.counting()));
        for (int i = 1; i <= n; i++) {
            Map<String, Long> inShard = new Shard(i, n).select(PLAN).stream()
                    .collect(Collectors.groupingBy(c -> c.method().id(), Collectors.counting()));
            perMethod.forEach((method, total) -> assertThat(inShard.getOrDefault(method, 0L)).as(method)
                    .isBetween(total / n, (total + n - 1) / n));
        }
    }

    @Test
    void theSplitDependsOnTheCellsNotOnTheirOrderAndKeepsPlanOrder() {
        List<Cell> shuffled = new ArrayList<>(PLAN);
        Collections.shuffle(shuffled, new Random(42));
        for (int i = 1; i <= 3; i++) {
            Shard shard = new Shard(i, 3);
            List<String> fromPlan = ids(shard.select(PLAN));
            assertThat(Set.copyOf(ids(shard.select(shuffled)))).isEqualTo(Set.copyOf(fromPlan));
            assertThat(ids(shard.select(PLAN))).isEqualTo(fromPlan);
            List<String> planOrder = new ArrayList<>(ids(PLAN));
            planOrder.retainAll(new HashSet<>(fromPlan));
            assertThat(fromPlan).isEqualTo(planOrder);
        }
    }

    @Test
    void dealsRoundRobinOverMethodOsPythonRepeat() {
        List<Cell> plan = Matrices.expand(parse("""
                name: deal
                python: ["3.13t"]
                repeats: 2
                os:
                  - { id: b-os, image: "debian:sid" }
                  - { id: a-os, image: "debian:trixie" }
                methods:
                  - { id: z, recipe: source-build, tier: 4 }
                  - { id: y, recipe: uv-python, tier: 1 }
                """));
        // Dealing order: y/a-os#1 y/a-os#2 y/b-os#1 y/b-os#2 z/a-os#1 z/a-os#2 z/b-os#1 z/b-os#2; each shard
        // lists its cells in plan order (file order: b-os first, z first).
        assertThat(ids(new Shard(1, 3).select(plan)))
                .containsExactly("b-os/z/3.13t#1", "b-os/y/3.13t#2", "a-os/y/3.13t#1");
        assertThat(ids(new Shard(2, 3).select(plan)))
                .containsExactly("b-os/z/3.13t#2", "a-os/z/3.13t#1", "a-os/y/3.13t#2");
        assertThat(ids(new Shard(3, 3).select(plan))).containsExactly("b-os/y/3.13t#1", "a-os/z/3.13t#2");
    }

    @Test
    void parsesIOfN() {
        assertThat(Shard.parse("2/5")).isEqualTo(new Shard(2, 5));
        assertThat(Shard.parse("1/1").toString()).isEqualTo("1/1");
    }

    @Test
    void rejectsWhatIsNotAShardWithTheExpectedForm() {
        assertThatThrownBy(() -> Shard.parse("3/2")).hasMessage("'3/2': shard index must be between 1 and 2");
        assertThatThrownBy(() -> Shard.parse("0/2")).hasMessage("'0/2': shard index must be between 1 and 2");
        assertThatThrownBy(() -> Shard.parse("1/0")).hasMessage("'1/0': the shard count N must be at least 1");
        assertThatThrownBy(() -> Shard.parse("2")).hasMessage("'2' is not of the form I/N (shard I of N, e.g. 1/4)");
        assertThatThrownBy(() -> Shard.parse("-1/2")).hasMessage("'-1/2' is not of the form I/N (shard I of N, e.g. 1/4)");
        assertThatThrownBy(() -> Shard.parse("1/99999999999"))
                .hasMessage("'1/99999999999' is not of the form I/N (shard I of N, e.g. 1/4)");
    }
}
