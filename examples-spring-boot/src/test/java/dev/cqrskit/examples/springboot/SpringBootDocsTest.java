package dev.cqrskit.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/spring-boot.md in step with the code: every snippet equals its tagged region, and the properties table
 * lists exactly the properties the configuration processor found, with their defaults.
 */
class SpringBootDocsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->\\n```java\\n(.*?)\\n```",
            Pattern.DOTALL);
    private static final Pattern ROW = Pattern.compile("^\\| `(cqrs\\.[a-z.-]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    @Test
    void everySnippetEqualsItsTaggedRegion() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/spring-boot.md"));
        Matcher snippet = SNIPPET.matcher(doc);
        int count = 0;
        while (snippet.find()) {
            count++;
            String source = Files.readString(ROOT.resolve(snippet.group(1)));
            Matcher region = Pattern.compile("// tag::" + Pattern.quote(snippet.group(2)) + "\\[\\]\\n(.*?)\\n[ \\t]*"
                    + "// end::" + Pattern.quote(snippet.group(2)) + "\\[\\]", Pattern.DOTALL).matcher(source);
            assertThat(region.find()).as("region %s in %s", snippet.group(2), snippet.group(1)).isTrue();
            assertThat(snippet.group(3)).as("snippet %s#%s", snippet.group(1), snippet.group(2))
                    .isEqualTo(dedent(region.group(1)));
        }
        assertThat(count).isEqualTo(4);
    }

    @Test
    void propertiesTableListsEveryGeneratedPropertyWithItsDefault() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(ROOT.resolve("docs/spring-boot.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2).strip());
        }
        Map<String, String> generated = new LinkedHashMap<>();
        for (JsonNode property : metadata().get("properties")) {
            String name = property.get("name").asText();
            if (name.startsWith("cqrs.")) {
                JsonNode value = property.get("defaultValue");
                generated.put(name, value == null ? "(none)" : "`" + value.asText() + "`");
            }
        }

        assertThat(documented).isEqualTo(generated);
    }

    @Test
    void gettingStartedLinksHere() throws IOException {
        assertThat(Files.readString(ROOT.resolve("docs/getting-started.md"))).contains("(spring-boot.md)");
    }

    private static JsonNode metadata() throws IOException {
        List<URL> found = Collections.list(SpringBootDocsTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"));
        for (URL url : found) {
            if (url.toString().contains("cqrs-spring-boot-autoconfigure")) {
                try (InputStream in = url.openStream()) {
                    return new ObjectMapper().readTree(in);
                }
            }
        }
        throw new AssertionError("No cqrs-spring-boot-autoconfigure metadata among " + found);
    }

    private static String dedent(String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).toList());
    }
}
