package dev.ftmatrix.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Parses the probe's standard output. */
public final class ProbeReports {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ProbeReports() {
    }

    /** The probe's report is the last line of its standard output that holds a JSON object. */
    public static ProbeReport parse(String stdout) {
        return read(stdout, ProbeReport.class, "the probe");
    }

    /** The timing phase's report: the last JSON line of timing.py's standard output. */
    public static TimingReport parseTiming(String stdout) {
        return read(stdout, TimingReport.class, "the timing phase");
    }

    private static <T> T read(String stdout, Class<T> type, String who) {
        String line = lastJsonLine(stdout);
        if (line == null) {
            throw new ProbeOutputException(who + " printed no JSON report");
        }
        try {
            return JSON.readValue(line, type);
        } catch (JsonProcessingException e) {
            throw new ProbeOutputException(who + "'s report is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String lastJsonLine(String stdout) {
        String[] lines = stdout.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (line.startsWith("{") && line.endsWith("}")) {
                return line;
            }
        }
        return null;
    }
}
