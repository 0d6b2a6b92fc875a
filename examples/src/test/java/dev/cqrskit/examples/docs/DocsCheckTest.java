package dev.cqrskit.examples.docs;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves that {@link DocsCheck} fails on made-up documents that drift from the code. */
class DocsCheckTest {

    private static final ApiIndex API = ApiIndex.ofClassPath();

    @TempDir
    Path root;
    private DocsCheck check;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/Example.java"), """
                class Example {
                    void run() {
                        // tag::call[]
                        commands.dispatch(new RegisterUser("ada@example.com"));
                        // end::call[]
                    }
                }
                """);
        check = new DocsCheck(root, API);
    }

    @Test
    void indexesThePublicTypesOfTheCqrsKitJars() {
        assertThat(API.size()).isGreaterThan(50);
        assertThat(API.missingCalls("CommandBus.builder().build();")).isEmpty();
    }

    @Nested
    class Illustrations {

        @Test
        void failsOnAStaticCallOfAMethodThatDoesNotExist() {
            String doc = """
                    # Made up

                    <!-- illustration -->
                    ```java
                    RetryPolicy policy = RetryPolicy.withDefaults();
                    ```
                    """;

            assertThat(check.check("docs/made-up.md", doc, true)).singleElement().asString()
                    .startsWith("docs/made-up.md:4: illustration names RetryPolicy.withDefaults(…), but RetryPolicy "
                            + "has no public method withDefaults")
                    .contains("RetryPolicy policy = RetryPolicy.withDefaults();");
        }

        @Test
        void followsChainedCallsThroughTheReturnTypes() {
            String doc = """
                    <!-- illustration -->
                    ```java
                    CommandBus commands = CommandBus.builder()
                            .middleware(new LoggingMiddleware())
                            .handel(RegisterUser.class, handler)   // a typo
                            .build();
                    ```
                    """;

            assertThat(check.check("docs/made-up.md", doc, true)).singleElement().asString()
                    .contains("docs/made-up.md:2", "…Builder.handel(…), but CommandBus.Builder has no public method "
                            + "handel");
        }

        @Test
        void failsOnAConstructorThatIsNotPublic() {
            assertThat(API.missingCalls("var bus = new CommandBus();")).singleElement().asString()
                    .isEqualTo("new CommandBus(…), but CommandBus has no public constructor");
        }

        @Test
        void checksCallsOnDeclaredVariablesOfCqrsKitTypes() {
            assertThat(API.missingCalls("""
                    void send(CommandBus commands) {
                        commands.send(new RegisterUser("ada@example.com"));
                    }
                    """)).singleElement().asString()
                    .startsWith("commands (a CommandBus).send(…), but CommandBus has no public method send");
        }

        @Test
        void passesWhenEveryCallExistsAndIgnoresOtherTypesCommentsAndStrings() {
            assertThat(API.missingCalls("""
                    // RetryPolicy.nothing() in a comment
                    CommandBus commands = CommandBus.builder()
                            .metadataFactory(new MetadataFactory(clock, ids))
                            .middleware(new RetryMiddleware(RetryPolicy.defaults()))
                            .handle(RegisterUser.class, new RegisterUserHandler(users, ids))
                            .build();
                    UserId id = commands.dispatch(new RegisterUser("RetryPolicy.nothing()"));
                    List.of(id).stream().mapToWhatever(x -> x);
                    ...
                    """)).isEmpty();
        }
    }

    @Nested
    class Snippets {

        @Test
        void passesWhenTheBlockEqualsTheTaggedRegion() {
            String doc = """
                    <!-- snippet: src/Example.java#call -->
                    ```java
                    commands.dispatch(new RegisterUser("ada@example.com"));
                    ```
                    """;

            assertThat(check.check("doc.md", doc, true)).isEmpty();
        }

        @Test
        void failsWhenTheBlockDiffersFromTheTaggedRegion() {
            String doc = """
                    <!-- snippet: src/Example.java#call -->
                    ```java
                    commands.dispatch(new RegisterUser("grace@example.com"));
                    ```
                    """;

            assertThat(check.check("doc.md", doc, true)).singleElement().asString()
                    .contains("doc.md:2: snippet src/Example.java#call differs from the source",
                            "source: commands.dispatch(new RegisterUser(\"ada@example.com\"));",
                            "doc:    commands.dispatch(new RegisterUser(\"grace@example.com\"));");
        }

        @Test
        void failsWhenTheTagOrTheFileIsMissing() {
            String doc = """
                    <!-- snippet: src/Example.java#gone -->
                    ```java
                    x();
                    ```
                    <!-- snippet: src/Gone.java#call -->
                    ```java
                    x();
                    ```
                    """;

            assertThat(check.check("doc.md", doc, true)).containsExactly(
                    "doc.md:2: snippet src/Example.java#gone names tag gone, which src/Example.java lacks",
                    "doc.md:6: snippet src/Gone.java#call names src/Gone.java, which does not exist");
        }

        @Test
        void comparesAWholeFile() {
            String doc = """
                    <!-- file: src/Example.java -->
                    ```java
                    class Example {
                    }
                    ```
                    """;

            assertThat(check.check("doc.md", doc, true)).singleElement().asString()
                    .contains("doc.md:2: file src/Example.java differs from the block", "at line 2");
        }
    }

    @Test
    void aStrictDocumentRefusesAnUnboundJavaBlockAndALenientOneSkipsIt() {
        String doc = """
                ```java
                CommandBus.builder().handel(RegisterUser.class, handler);
                ```
                ```xml
                <not-checked/>
                ```
                """;

        assertThat(check.check("doc.md", doc, true)).singleElement().asString()
                .startsWith("doc.md:1: a ```java block without <!-- snippet: path#tag -->");
        assertThat(check.check("doc.md", doc, false)).isEmpty();
    }
}
