package dev.cqrskit.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the code blocks of one Markdown document against the sources they claim to show, and returns every
 * problem found (an empty list when the document is in step with the code).
 *
 * <p>A code block is bound by the HTML comment on the line right before its opening fence:
 * <ul>
 *   <li>{@code <!-- snippet: path/To.java#tag -->}: the block equals the region between {@code // tag::tag[]} and
 *       {@code // end::tag[]} in that file, dedented; tag lines of other regions inside it are left out;</li>
 *   <li>{@code <!-- file: path/to/file -->}: the block equals the whole file;</li>
 *   <li>{@code <!-- illustration -->}: the block is not complete Java; every call it makes on a cqrs-kit type
 *       ({@code Type.method(}, {@code new Type(}, {@code variable.method(} on a declared cqrs-kit variable, and the
 *       calls chained on those) must name a public method or constructor that exists ({@link ApiIndex}).</li>
 * </ul>
 * In a strict document every {@code java} block must carry one of these; in a lenient one unbound blocks are
 * skipped (documents written before the rule).
 */
final class DocsCheck {

    private static final Pattern MARKER = Pattern.compile("<!-- (snippet|file): (\\S+) -->");
    private static final Pattern ILLUSTRATION = Pattern.compile("<!-- illustration -->");

    private final Path root;
    private final ApiIndex api;

    DocsCheck(Path root, ApiIndex api) {
        this.root = root;
        this.api = api;
    }

    /** Reads {@code document} (relative to the root) and checks it. */
    List<String> check(String document, boolean strict) {
        return check(document, read(root.resolve(document)), strict);
    }

    /** Checks {@code markdown}, reported as {@code document}. */
    List<String> check(String document, String markdown, boolean strict) {
        List<String> problems = new ArrayList<>();
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            String language = fence.substring(3).strip();
            String marker = i > 0 ? lines.get(i - 1).strip() : "";
            int opening = i;
            StringBuilder block = new StringBuilder();
            while (++i < lines.size() && !lines.get(i).strip().equals("```")) {
                block.append(lines.get(i)).append('\n');
            }
            String code = dedent(block.toString()).stripTrailing();
            String where = document + ":" + (opening + 1);
            Matcher bound = MARKER.matcher(marker);
            if (bound.matches() && bound.group(1).equals("snippet")) {
                problems.addAll(checkSnippet(where, bound.group(2), code));
            } else if (bound.matches() && bound.group(1).equals("file")) {
                problems.addAll(checkFile(where, bound.group(2), code));
            } else if (ILLUSTRATION.matcher(marker).matches()) {
                api.missingCalls(code).forEach(missing -> problems.add(
                        where + ": illustration names " + missing + ".\n" + firstLines(code)));
            } else if (strict && language.equals("java")) {
                problems.add(where + ": a ```java block without <!-- snippet: path#tag -->, <!-- file: path --> "
                        + "or <!-- illustration --> on the line before it.\n" + firstLines(code));
            }
        }
        return problems;
    }

    private List<String> checkSnippet(String where, String target, String code) {
        int hash = target.indexOf('#');
        if (hash < 0) {
            return List.of(where + ": snippet " + target + " names no tag; write path#tag");
        }
        String path = target.substring(0, hash);
        String tag = target.substring(hash + 1);
        Path file = root.resolve(path);
        if (!Files.isRegularFile(file)) {
            return List.of(where + ": snippet " + target + " names " + path + ", which does not exist");
        }
        Matcher region = Pattern.compile("(?m)^[ \\t]*// tag::" + Pattern.quote(tag) + "\\[]\\n(.*?)^[ \\t]*// end::"
                + Pattern.quote(tag) + "\\[]", Pattern.DOTALL).matcher(read(file));
        if (!region.find()) {
            return List.of(where + ": snippet " + target + " names tag " + tag + ", which " + path + " lacks");
        }
        String expected = dedent(region.group(1).replaceAll("(?m)^[ \\t]*// (tag|end)::[\\w-]+\\[]\\n", ""))
                .stripTrailing();
        return code.equals(expected) ? List.of()
                : List.of(where + ": snippet " + target + " differs from the source.\n" + diff(expected, code));
    }

    private List<String> checkFile(String where, String path, String code) {
        Path file = root.resolve(path);
        if (!Files.isRegularFile(file)) {
            return List.of(where + ": file " + path + " does not exist");
        }
        String expected = read(file).stripTrailing();
        return code.equals(expected) ? List.of()
                : List.of(where + ": file " + path + " differs from the block.\n" + diff(expected, code));
    }

    private static String diff(String expected, String actual) {
        List<String> want = expected.lines().toList();
        List<String> have = actual.lines().toList();
        for (int i = 0; i < Math.max(want.size(), have.size()); i++) {
            String source = i < want.size() ? want.get(i) : "<end>";
            String doc = i < have.size() ? have.get(i) : "<end>";
            if (!source.equals(doc)) {
                return "  first difference at line " + (i + 1) + " of the block:\n  source: " + source
                        + "\n  doc:    " + doc;
            }
        }
        return "";
    }

    private static String firstLines(String code) {
        return code.lines().limit(3).map(line -> "  | " + line).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    static String dedent(String text) {
        List<String> lines = text.lines().toList();
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
