package dev.ftmatrix.report;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A stand-in, named as such, for how Jenkins' junit plugin reads a junit.xml (the plugin and jenkins-core are not
 * on Maven Central, so the real parser cannot run here). Written from the plugin's source,
 * github.com/jenkinsci/junit-plugin, src/main/java/hudson/tasks/junit/CaseResult.java at commit
 * 2c1655cd28504086cb91dc7807ae081505413250: a case's class is its {@code classname}, split at the last dot into
 * package and simple name ("(root)" without a dot); it failed when it has an {@code <error>} or a
 * {@code <failure>} (the error's text and message first); it is skipped when it has a {@code <skipped>}, whose
 * {@code message} is the reason shown; it passed otherwise; its duration is its {@code time}. Surefire's
 * {@code <flakyFailure>}/{@code <rerunFailure>} do not change the verdict. The counts Jenkins shows are counted
 * from the cases, not taken from the suites' attributes.
 */
final class JunitPluginView {
    enum Status { PASSED, FAILED, SKIPPED }

    record Case(String suite, String packageName, String simpleName, String name, Status status, float duration,
            String errorDetails, String skippedMessage) {
    }

    record Suite(String name, float duration, List<Case> cases) {
    }

    final List<Suite> suites = new ArrayList<>();

    static JunitPluginView read(File junitXml) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junitXml);
        JunitPluginView view = new JunitPluginView();
        for (Element suite : children(doc.getDocumentElement(), "testsuite")) {
            List<Case> cases = new ArrayList<>();
            for (Element c : children(suite, "testcase")) {
                String className = c.getAttribute("classname");
                int dot = className.lastIndexOf('.');
                Element problem = first(c, "error") != null ? first(c, "error") : first(c, "failure");
                Element skipped = first(c, "skipped");
                Status status = skipped != null ? Status.SKIPPED : problem != null ? Status.FAILED : Status.PASSED;
                cases.add(new Case(suite.getAttribute("name"), dot < 0 ? "(root)" : className.substring(0, dot),
                        className.substring(dot + 1), c.getAttribute("name"), status,
                        Float.parseFloat(c.getAttribute("time")), problem == null ? null : problem.getAttribute("message"),
                        skipped == null ? null : skipped.getAttribute("message")));
            }
            view.suites.add(new Suite(suite.getAttribute("name"), Float.parseFloat(suite.getAttribute("time")), cases));
        }
        return view;
    }

    List<Case> cases() {
        return suites.stream().flatMap(s -> s.cases().stream()).toList();
    }

    long count(Status status) {
        return cases().stream().filter(c -> c.status() == status).count();
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                found.add(e);
            }
        }
        return found;
    }

    private static Element first(Element parent, String tag) {
        List<Element> found = children(parent, tag);
        return found.isEmpty() ? null : found.get(0);
    }
}
