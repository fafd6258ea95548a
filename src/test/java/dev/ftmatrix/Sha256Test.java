package dev.ftmatrix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {
    /** The "abc" test vector of FIPS 180-2, appendix B.1. */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hexMatchesTheStandardTestVector() {
        assertThat(Sha256.hex("abc")).isEqualTo(ABC);
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(ABC);
    }

    @Test
    void aDigestFedInPartsEqualsTheWholeDigest() {
        var sha = Sha256.digest();
        sha.update((byte) 'a');
        sha.update("bc".getBytes(StandardCharsets.UTF_8));
        assertThat(sha.digest()).isEqualTo(Sha256.of("abc".getBytes(StandardCharsets.UTF_8)));
    }
}
