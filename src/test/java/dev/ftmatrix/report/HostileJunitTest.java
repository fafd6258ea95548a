package dev.ftmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Issue 15, defect 8: a result carrying control characters or a number beyond a double still gives junit.xml. */
class HostileJunitTest {
    @TempDir
    Path tmp;

    @Test
    void controlCharactersInEveryFieldAndAnInfiniteDurationGiveWellFormedXml() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        String line = "{\"run_id\":\"r\",\"cell\":\"a/m\u001b[31m/3.13t#1\",\"matrix\":\"m\",\"os\":\"a\","
                + "\"method\":\"m\u0001\","
                + "\"tier\":\"2\",\"python\":\"3.13t\",\"repeat\":1,\"attempt\":1,\"outcome\":\"INSTALL_FAILED\","
                + "\"failure\":{\"category\":\"net\u0000work\",\"detail\":\"bad \u0007 bell\"},"
                + "\"durations\":{\"install_s\":1e999999,\"probe_s\":null,\"total_s\":1e999999}}";
        Files.writeString(run.resolve("cells.jsonl"), line.replace("\u001b", "\\u001b").replace("\u0001", "\\u0001")
                .replace("\u0000", "\\u0000").replace("\u0007", "\\u0007") + "\n");
        Path out = tmp.resolve("out");
        Reports.write(List.of(run), out, null);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(out.resolve(Reports.JUNIT).toFile());
        Element testcase = (Element) doc.getElementsByTagName("testcase").item(0);
        assertThat(testcase.getAttribute("time")).isEqualTo("0.000");
        Element failure = (Element) testcase.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("INSTALL_FAILED/net\uFFFDwork");
        assertThat(failure.getAttribute("message")).contains("bad \uFFFD bell");
        assertThat(testcase.getAttribute("name")).doesNotContain("\u001b");
    }
}
