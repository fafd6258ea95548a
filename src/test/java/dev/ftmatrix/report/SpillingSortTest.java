package dev.ftmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpillingSortTest {
    private static final SpillingSort.Codec<String> STRINGS = new SpillingSort.Codec<>() {
        @Override
        public void write(String item, DataOutputStream out) throws IOException {
            SpillingSort.writeString(out, item);
        }

        @Override
        public String read(DataInputStream in) throws IOException {
            return SpillingSort.readString(in);
        }
    };

    @Test
    void itemsSpilledInSmallRunsComeBackInTheSameOrderAsASortInMemory() throws IOException {
        Random random = new Random(16);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(Integer.toString(random.nextInt(10_000), 36) + "\u00e9");
        }
        try (SpillingSort<String> sort = new SpillingSort<>(Comparator.naturalOrder(), STRINGS, 7, "ftmatrix-test-")) {
            items.forEach(sort::add);
            assertThat(sort.spilledRuns()).isEqualTo(142);
            // Twice: each call is a fresh pass over the same runs.
            assertThat(drain(sort)).isEqualTo(items.stream().sorted().toList());
            assertThat(drain(sort)).hasSize(1000);
        }
    }

    @Test
    void fewerItemsThanAChunkStayInMemory() throws IOException {
        try (SpillingSort<String> sort = new SpillingSort<>(Comparator.reverseOrder(), STRINGS, 10, "ftmatrix-test-")) {
            List.of("b", "c", "a").forEach(sort::add);
            assertThat(sort.spilledRuns()).isZero();
            assertThat(drain(sort)).containsExactly("c", "b", "a");
        }
    }

    @Test
    void aChunkBelowOneIsRefused() {
        assertThatThrownBy(() -> new SpillingSort<>(Comparator.<String>naturalOrder(), STRINGS, 0, "x"))
                .hasMessage("chunk must be at least 1, got 0");
    }

    private static List<String> drain(SpillingSort<String> sort) throws IOException {
        List<String> out = new ArrayList<>();
        try (SpillingSort.Cursor<String> c = sort.sorted()) {
            for (String s = c.next(); s != null; s = c.next()) {
                out.add(s);
            }
        }
        return out;
    }
}
