package dev.ftmatrix.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.stats.Ranking.TierCounts;
import dev.ftmatrix.stats.Statistics.RankingCheck;
import org.junit.jupiter.api.Test;

class RankingTest {
    @Test
    void aClearlyMoreReliableHigherTierIsSupported() {
        RankingCheck c = Ranking.check(new TierCounts("1", 60, 59, 3), new TierCounts("2", 40, 28, 2));
        assertThat(c.verdict()).isEqualTo("supported");
        assertThat(c.probability()).isGreaterThanOrEqualTo(0.95);
        assertThat(c.moreTrialsPerMethod()).isNull();
    }

    @Test
    void aLowerTierThatDoesClearlyBetterContradictsTheClaim() {
        RankingCheck c = Ranking.check(new TierCounts("3", 30, 12, 2), new TierCounts("4", 30, 29, 1));
        assertThat(c.verdict()).isEqualTo("contradicted");
        assertThat(c.probability()).isLessThanOrEqualTo(0.05);
    }

    @Test
    void aSmallDifferenceIsInconclusiveAndTheEstimateIsTheFirstDecisiveCount() {
        TierCounts higher = new TierCounts("1", 10, 9, 2);
        TierCounts lower = new TierCounts("2", 10, 8, 2);
        RankingCheck c = Ranking.check(higher, lower);
        assertThat(c.verdict()).isEqualTo("inconclusive");
        long k = c.moreTrialsPerMethod();
        assertThat(k).isPositive();
        assertThat(Ranking.check(scaled(higher, k), scaled(lower, k)).verdict()).isEqualTo("supported");
        assertThat(Ranking.check(scaled(higher, k - 1), scaled(lower, k - 1)).verdict()).isEqualTo("inconclusive");
    }

    @Test
    void equalRatesCannotBeDecidedByMoreTrials() {
        RankingCheck c = Ranking.check(new TierCounts("2", 10, 7, 1), new TierCounts("3", 20, 14, 2));
        assertThat(c.verdict()).isEqualTo("inconclusive");
        assertThat(c.moreTrialsPerMethod()).isNull();
        assertThat(c.note()).isEqualTo("equal observed pass rates: more trials would not decide it if they held");
    }

    @Test
    void aTierWithoutTrialsIsNotMeasured() {
        RankingCheck c = Ranking.check(new TierCounts("1", 0, 0, 0), new TierCounts("2", 5, 5, 1));
        assertThat(c.verdict()).isEqualTo("not_measured");
        assertThat(c.probability()).isNull();
        assertThat(c.note()).isEqualTo("tier 1 has no trials");
    }

    private static TierCounts scaled(TierCounts t, long extraPerMethod) {
        long n = t.trials() + extraPerMethod * t.methods();
        return new TierCounts(t.tier(), n, Math.round((double) t.passes() / t.trials() * n), t.methods());
    }
}
