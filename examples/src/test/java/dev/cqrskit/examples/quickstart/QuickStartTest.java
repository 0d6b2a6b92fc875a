package dev.cqrskit.examples.quickstart;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Builds the standalone quick-start project in {@code examples/quickstart} the way Maven would, without Maven (it
 * needs the cqrs-kit artifacts published): compiles its main and test sources against this test class path, runs
 * its tests and its main class, and checks that its pom uses the versions the parent pom manages.
 */
class QuickStartTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PROJECT = ROOT.resolve("examples/quickstart");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private static URLClassLoader compiled;

    @BeforeAll
    static void compile() throws Exception {
        Path classes = Files.createTempDirectory("quickstart-classes");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(PROJECT.resolve("src"))) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("quick-start sources").isNotEmpty();
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(null, files, diagnostics,
                    List.of("--release", "17", "-parameters", "-Xlint:all,-processing,-path", "-Werror", "-proc:none",
                            "-classpath", System.getProperty("java.class.path"), "-d", classes.toString()),
                    null, files.getJavaFileObjectsFromPaths(sources)).call();
            assertThat(diagnostics.getDiagnostics()).as("compiler messages for examples/quickstart")
                    .extracting(QuickStartTest::describe).isEmpty();
            assertThat(ok).isTrue();
        }
        compiled = new URLClassLoader(new URL[] {classes.toUri().toURL()}, QuickStartTest.class.getClassLoader());
    }

    private static String describe(Diagnostic<? extends JavaFileObject> diagnostic) {
        return diagnostic.getKind() + " " + (diagnostic.getSource() == null ? "" : diagnostic.getSource().getName())
                + ":" + diagnostic.getLineNumber() + ": " + diagnostic.getMessage(null);
    }

    @Test
    void itsTestsPass() throws Exception {
        Class<?> test = compiled.loadClass("com.example.tasks.AddTaskHandlerTest");

        EngineTestKit.engine("junit-jupiter").selectors(selectClass(test)).execute().testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
    }

    @Test
    void itsMainClassRuns() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            compiled.loadClass("com.example.tasks.TasksApp").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Added: Read the cqrs-kit docs")
                .containsPattern("Task [0-9a-f-]{36} is stored at version 1");
    }

    @Test
    void itsPomUsesTheVersionsTheParentPomManages() throws Exception {
        Pom parent = Pom.read(ROOT.resolve("pom.xml"));
        Pom quickstart = Pom.read(PROJECT.resolve("pom.xml"));
        Map<String, String> managed = new HashMap<>(parent.managedVersions());
        managed.put("dev.cqrskit:cqrs-bom", parent.text("version"));

        List<String> checked = new ArrayList<>();
        for (Element declared : quickstart.elements("dependency", "plugin")) {
            String version = quickstart.resolve(Pom.child(declared, "version"));
            if (version == null) {
                continue;
            }
            String key = Pom.key(declared);
            assertThat(managed).as("the parent pom manages %s, used by examples/quickstart/pom.xml", key)
                    .containsKey(key);
            assertThat(version).as("version of %s in examples/quickstart/pom.xml", key).isEqualTo(managed.get(key));
            checked.add(key);
        }
        assertThat(checked).contains("dev.cqrskit:cqrs-bom", "org.junit:junit-bom",
                "org.apache.maven.plugins:maven-compiler-plugin", "org.apache.maven.plugins:maven-surefire-plugin",
                "org.apache.maven.plugins:maven-failsafe-plugin");
        assertThat(quickstart.resolve("${maven.compiler.release}")).as("Java release")
                .isEqualTo(parent.resolve("${maven.compiler.release}"));
        assertThat(quickstart.document.getElementsByTagName("parent").getLength())
                .as("the quick-start is standalone: no <parent>").isZero();
    }

    /** A pom.xml read with the JDK's DOM parser; resolves {@code ${property}} against its own properties. */
    private record Pom(Document document, Map<String, String> properties) {

        static Pom read(Path file) throws Exception {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
            Map<String, String> properties = new HashMap<>();
            NodeList blocks = document.getDocumentElement().getElementsByTagName("properties");
            for (int i = 0; i < blocks.getLength(); i++) {
                NodeList entries = blocks.item(i).getChildNodes();
                for (int j = 0; j < entries.getLength(); j++) {
                    if (entries.item(j) instanceof Element entry) {
                        properties.put(entry.getTagName(), entry.getTextContent().strip());
                    }
                }
            }
            Pom pom = new Pom(document, properties);
            properties.put("project.version", pom.text("version"));
            return pom;
        }

        /** The text of a direct child of {@code <project>}. */
        String text(String tag) {
            return child(document.getDocumentElement(), tag);
        }

        List<Element> elements(String... tags) {
            List<Element> found = new ArrayList<>();
            for (String tag : tags) {
                NodeList nodes = document.getElementsByTagName(tag);
                for (int i = 0; i < nodes.getLength(); i++) {
                    found.add((Element) nodes.item(i));
                }
            }
            return found;
        }

        /** groupId:artifactId to version, of the dependency and plugin management of this pom, resolved. */
        Map<String, String> managedVersions() {
            Map<String, String> versions = new HashMap<>();
            for (Element element : elements("dependency", "plugin")) {
                Node section = element.getParentNode().getParentNode();
                if (section.getNodeName().equals("dependencyManagement")
                        || section.getNodeName().equals("pluginManagement")) {
                    versions.put(key(element), resolve(child(element, "version")));
                }
            }
            return versions;
        }

        String resolve(String value) {
            if (value == null) {
                return null;
            }
            Matcher property = PROPERTY.matcher(value);
            StringBuilder out = new StringBuilder();
            while (property.find()) {
                String replacement = properties.get(property.group(1));
                assertThat(replacement).as("property %s", property.group(1)).isNotNull();
                property.appendReplacement(out, Matcher.quoteReplacement(resolve(replacement)));
            }
            return property.appendTail(out).toString();
        }

        static String key(Element element) {
            String group = child(element, "groupId");
            if (group == null && element.getTagName().equals("plugin")) {
                group = "org.apache.maven.plugins";
            }
            return group + ":" + child(element, "artifactId");
        }

        static String child(Element element, String tag) {
            NodeList children = element.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element child && child.getTagName().equals(tag)) {
                    return child.getTextContent().strip();
                }
            }
            return null;
        }
    }
}
