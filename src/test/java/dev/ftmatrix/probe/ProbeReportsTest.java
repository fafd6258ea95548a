package dev.ftmatrix.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProbeReportsTest {
    @Test
    void parsesTheLastJsonLineWithSnakeCaseFields() {
        String out = "noise\n{\"probe_version\":1,\"executable\":\"/p\",\"version\":\"3.13.5\",\"implementation\":\"cpython\","
                + "\"py_gil_disabled\":1,\"gil_enabled_at_start\":false,\"gil_enabled_at_end\":false,"
                + "\"venv\":{\"requested\":false,\"created\":null,\"python\":null,\"py_gil_disabled\":null,"
                + "\"gil_enabled\":null,\"pip_version\":null,\"error\":null},"
                + "\"threads\":{\"n\":4,\"one_thread_s\":0.5,\"n_threads_s\":0.6,\"speedup\":3.33,\"single_thread_s\":0.5},"
                + "\"errors\":[],\"future_field\":true}\n";
        ProbeReport r = ProbeReports.parse(out);
        assertThat(r.freeThreadedBuild()).isTrue();
        assertThat(r.gilEnabledAtStart()).isFalse();
        assertThat(r.venv().requested()).isFalse();
        assertThat(r.threads().speedup()).isEqualTo(3.33);
        assertThat(r.threads().nThreadsS()).isEqualTo(0.6);
    }

    @Test
    void rejectsOutputWithoutAReport() {
        assertThatThrownBy(() -> ProbeReports.parse("Traceback (most recent call last):\n"))
                .isInstanceOf(ProbeOutputException.class)
                .hasMessage("the probe printed no JSON report");
    }

    @Test
    void rejectsATruncatedReport() {
        assertThatThrownBy(() -> ProbeReports.parse("{\"probe_version\": }"))
                .isInstanceOf(ProbeOutputException.class)
                .hasMessageStartingWith("the probe's report is not valid JSON");
    }
}
