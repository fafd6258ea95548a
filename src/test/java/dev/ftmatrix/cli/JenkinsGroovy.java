package dev.ftmatrix.cli;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Groovy that Jenkins runs a Jenkinsfile with, 2.4.21 (org.codehaus.groovy:groovy from Maven Central, copied to
 * target/jenkins-groovy by the build), loaded in a class loader of its own: Groovy 4 on the test class path has the
 * same package names, so the two must not meet.
 */
final class JenkinsGroovy {
    static final Path JAR = Path.of("target/jenkins-groovy/groovy-2.4.21.jar");
    /** CompilationUnit's phase that builds the AST: syntax is checked, nothing is resolved or run. */
    private static final int CONVERSION = 3;

    private JenkinsGroovy() {
    }

    /** The 2.4.21 parser's complaint about the text, or null when it parses. */
    static String syntaxError(String text) throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: mvn generate-test-resources copies it from the local"
                    + " Maven repository");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> unitClass = loader.loadClass("org.codehaus.groovy.control.CompilationUnit");
            String version = (String) loader.loadClass("org.codehaus.groovy.util.ReleaseInfo")
                    .getMethod("getVersion").invoke(null);
            if (!"2.4.21".equals(version)) {
                throw new IllegalStateException(JAR + " is Groovy " + version + ", not 2.4.21");
            }
            Object unit = unitClass.getConstructor().newInstance();
            unitClass.getMethod("addSource", String.class, String.class).invoke(unit, "Jenkinsfile", text);
            try {
                unitClass.getMethod("compile", int.class).invoke(unit, CONVERSION);
                return null;
            } catch (InvocationTargetException e) {
                if (loader.loadClass("org.codehaus.groovy.control.CompilationFailedException").isInstance(e.getCause())) {
                    return e.getCause().getMessage();
                }
                throw e;
            }
        }
    }
}
