package dev.cqrskit.kafka;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the code in docs/kafka.md and this module's README identical to the tagged regions of compiled tests, as
 * the other modules' DocsSnippetsTest do for their documents.
 */
class DocsSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet: ([^#]+)#([\\w-]+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

    @ParameterizedTest
    @ValueSource(strings = {"docs/kafka.md", "cqrs-kafka/README.md"})
    void everySnippetMatchesItsTaggedRegion(String document) throws IOException {
        String text = Files.readString(ROOT.resolve(document));
        Matcher snippets = SNIPPET.matcher(text);
        List<String> checked = new ArrayList<>();
        while (snippets.find()) {
            String source = Files.readString(ROOT.resolve(snippets.group(1)));
            String tag = snippets.group(2);
            Matcher region = Pattern.compile("// tag::" + Pattern.quote(tag) + "\\[\\]\\n(.*?)\\n[ \\t]*// end::"
                    + Pattern.quote(tag) + "\\[\\]", Pattern.DOTALL).matcher(source);
            assertThat(region.find()).as("%s names tag %s in %s, which is missing", document, tag,
                    snippets.group(1)).isTrue();
            assertThat(snippets.group(3)).as("snippet %s#%s in %s", snippets.group(1), tag, document)
                    .isEqualTo(dedent(region.group(1)).stripTrailing());
            checked.add(tag);
        }
        assertThat(checked).as("snippets in %s", document).isNotEmpty();
    }

    private static String dedent(String text) {
        List<String> lines = text.lines().toList();
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }
}
