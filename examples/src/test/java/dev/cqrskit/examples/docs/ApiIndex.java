package dev.cqrskit.examples.docs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The public types of the cqrs-kit jars on the class path, by simple name, found by listing the {@code dev.cqrskit}
 * packages of each class path entry and loading the classes with reflection (without initialising them).
 * {@code internal} packages and the examples themselves are left out: illustrations may only name API.
 */
final class ApiIndex {

    private static final Pattern NEW = Pattern.compile(
            "\\bnew\\s+((?:[A-Z]\\w*\\.)*[A-Z]\\w*)\\s*(?:<[^;(){}]*>)?\\s*\\(");
    private static final Pattern STATIC_CALL = Pattern.compile(
            "(?<![\\w.])((?:[A-Z]\\w*\\.)*[A-Z]\\w*)\\s*\\.\\s*([a-z]\\w*)\\s*\\(");
    private static final Pattern VARIABLE_CALL = Pattern.compile(
            "(?<![\\w.])([a-z]\\w*)\\s*\\.\\s*([a-z]\\w*)\\s*\\(");
    private static final Pattern DECLARATION = Pattern.compile(
            "(?<![\\w.])([A-Z]\\w*)(?:<[^;=(){}]*>)?\\s+([a-z]\\w*)\\s*[=;,)]");
    private static final Pattern CHAINED = Pattern.compile("\\s*\\.\\s*([a-z]\\w*)\\s*\\(");

    private final Map<String, List<Class<?>>> types;

    private ApiIndex(Map<String, List<Class<?>>> types) {
        this.types = types;
    }

    /** Indexes the cqrs-kit classes on {@code java.class.path}. */
    static ApiIndex ofClassPath() {
        Map<String, List<Class<?>>> types = new HashMap<>();
        ClassLoader loader = ApiIndex.class.getClassLoader();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            for (String name : classNames(Path.of(entry))) {
                if (name.startsWith("dev.cqrskit.examples.") || name.contains(".internal.")
                        || name.matches(".*\\$\\d.*")) {
                    continue;
                }
                try {
                    Class<?> type = Class.forName(name, false, loader);
                    if (isPublicApi(type)) {
                        type.getMethods(); // resolves the signatures now, so a missing dependency surfaces here
                        type.getConstructors();
                        type.getClasses();
                        types.computeIfAbsent(type.getSimpleName(), key -> new ArrayList<>()).add(type);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // A class whose optional dependency (ArchUnit, embedded PostgreSQL, ...) is absent: not indexed.
                }
            }
        }
        return new ApiIndex(types);
    }

    /** The number of indexed types. */
    int size() {
        return types.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Returns every call in {@code code} on a cqrs-kit type that names no public method or constructor, described
     * as {@code CommandBus.Builder.handel(…), but CommandBus.Builder has no public method handel}.
     */
    List<String> missingCalls(String code) {
        String text = withoutCommentsAndLiterals(code);
        Map<String, Class<?>> variables = new HashMap<>();
        Matcher declarations = DECLARATION.matcher(text);
        while (declarations.find()) {
            Class<?> type = single(resolve(declarations.group(1)));
            if (type != null) {
                variables.put(declarations.group(2), type);
            }
        }
        Set<String> missing = new LinkedHashSet<>();
        Matcher constructors = NEW.matcher(text);
        while (constructors.find()) {
            Collection<Class<?>> candidates = resolve(constructors.group(1));
            if (candidates.isEmpty()) {
                continue;
            }
            if (candidates.stream().noneMatch(type -> type.getConstructors().length > 0)) {
                missing.add("new " + constructors.group(1) + "(…), but " + constructors.group(1)
                        + " has no public constructor");
            }
            chain(text, constructors.end() - 1, single(candidates), missing);
        }
        Matcher statics = STATIC_CALL.matcher(text);
        while (statics.find()) {
            call(text, statics.group(1), resolve(statics.group(1)), statics.group(2), statics.end() - 1, missing);
        }
        Matcher calls = VARIABLE_CALL.matcher(text);
        while (calls.find()) {
            Class<?> type = variables.get(calls.group(1));
            if (type != null) {
                call(text, calls.group(1) + " (a " + type.getSimpleName() + ")", List.of(type), calls.group(2),
                        calls.end() - 1, missing);
            }
        }
        return List.copyOf(missing);
    }

    /** Checks {@code receiver.method(} whose argument list opens at {@code open}, then the calls chained on it. */
    private void call(String text, String receiver, Collection<Class<?>> candidates, String method, int open,
            Set<String> missing) {
        if (candidates.isEmpty()) {
            return;
        }
        List<Method> found = candidates.stream().flatMap(type -> Arrays.stream(type.getMethods()))
                .filter(m -> m.getName().equals(method)).toList();
        if (found.isEmpty()) {
            missing.add(receiver + "." + method + "(…), but " + names(candidates) + " has no public method " + method
                    + " (it has " + methodNames(candidates) + ")");
            return;
        }
        Set<Class<?>> returned = new LinkedHashSet<>();
        found.forEach(m -> returned.add(m.getReturnType()));
        chain(text, open, returned.size() == 1 ? returned.iterator().next() : null, missing);
    }

    /** Follows {@code .next(} calls after the argument list that opens at {@code open}, while the type is known. */
    private void chain(String text, int open, Class<?> type, Set<String> missing) {
        int close = closing(text, open);
        if (type == null || close < 0 || !type.getName().startsWith("dev.cqrskit.")) {
            return;
        }
        Matcher next = CHAINED.matcher(text);
        next.region(close + 1, text.length());
        if (next.lookingAt()) {
            call(text, "…" + type.getSimpleName(), List.of(type), next.group(1), next.end() - 1, missing);
        }
    }

    private Collection<Class<?>> resolve(String dotted) {
        String[] parts = dotted.split("\\.");
        List<Class<?>> current = types.getOrDefault(parts[0], List.of());
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            current = current.stream().flatMap(type -> Arrays.stream(type.getClasses()))
                    .filter(nested -> nested.getSimpleName().equals(part)).toList();
        }
        return current;
    }

    private static Class<?> single(Collection<Class<?>> candidates) {
        return candidates.size() == 1 ? candidates.iterator().next() : null;
    }

    private static String names(Collection<Class<?>> candidates) {
        return candidates.stream().map(type -> type.getCanonicalName().substring(type.getPackageName().length() + 1))
                .reduce((a, b) -> a + " / " + b).orElse("");
    }

    private static Set<String> methodNames(Collection<Class<?>> candidates) {
        Set<String> names = new TreeSet<>();
        candidates.forEach(type -> Arrays.stream(type.getMethods())
                .filter(m -> m.getDeclaringClass() != Object.class).forEach(m -> names.add(m.getName())));
        return names;
    }

    private static int closing(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isPublicApi(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /** Blanks out comments and the contents of string and char literals, keeping offsets. */
    static String withoutCommentsAndLiterals(String code) {
        String text = code.replace("...", "   ");
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                out.append(text.substring(i, end).replaceAll("[^\\n]", " "));
                i = end;
            } else if (c == '"' || c == '\'') {
                out.append(c);
                i++;
                while (i < text.length() && text.charAt(i) != c && text.charAt(i) != '\n') {
                    int width = text.charAt(i) == '\\' && i + 1 < text.length() ? 2 : 1;
                    out.append(" ".repeat(width));
                    i += width;
                }
                if (i < text.length()) {
                    out.append(text.charAt(i));
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static List<String> classNames(Path entry) {
        try {
            if (Files.isDirectory(entry)) {
                Path packageRoot = entry.resolve("dev/cqrskit");
                if (!Files.isDirectory(packageRoot)) {
                    return List.of();
                }
                try (Stream<Path> files = Files.walk(packageRoot)) {
                    return files.map(file -> entry.relativize(file).toString().replace(File.separatorChar, '/'))
                            .filter(name -> name.endsWith(".class")).map(ApiIndex::className).toList();
                }
            }
            if (entry.toString().endsWith(".jar") && Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    return jar.stream().map(java.util.zip.ZipEntry::getName)
                            .filter(name -> name.startsWith("dev/cqrskit/") && name.endsWith(".class"))
                            .map(ApiIndex::className).toList();
                }
            }
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + entry, e);
        }
    }

    private static String className(String resource) {
        return resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
    }
}
