package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedOutputTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsEverythingWhenWithinLimits() {
        BoundedOutput out = new BoundedOutput(4, 8);
        out.append(bytes("abc"));
        out.append(bytes("defg"));
        assertThat(out.text()).isEqualTo("abcdefg");
        assertThat(out.omittedBytes()).isZero();
    }

    @Test
    void keepsHeadAndTailAndCountsWhatIsOmitted() {
        BoundedOutput out = new BoundedOutput(3, 4);
        out.append(bytes("0123456789"));
        out.append(bytes("ABCDEF"));
        assertThat(out.totalBytes()).isEqualTo(16);
        assertThat(out.omittedBytes()).isEqualTo(9);
        assertThat(out.text()).isEqualTo("012\n[ftmatrix: 9 bytes omitted]\nCDEF");
    }

    @Test
    void memoryStaysFixedForLargeOutput() {
        BoundedOutput out = new BoundedOutput(16, 16);
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < 64; i++) {
            out.append(chunk);
        }
        assertThat(out.totalBytes()).isEqualTo(64L << 20);
        assertThat(out.text()).hasSize(16 + 16 + ("\n[ftmatrix: " + ((64L << 20) - 32) + " bytes omitted]\n").length());
    }
}
