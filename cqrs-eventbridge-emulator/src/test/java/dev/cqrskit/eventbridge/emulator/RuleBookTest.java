package dev.cqrskit.eventbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.GenericMachine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RuleBookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATTERN = "{\"detail\":{\"lines\":{\"sku\":[\"a\"],\"qty\":[1]}}}";

    @Test
    void matchesArraysOfObjectsElementByElementWhereTheFlatteningApiWouldNot() throws Exception {
        // given: "a" and quantity 1 occur, but in different elements of the array
        JsonNode event = JSON.readTree("{\"source\":\"orders\",\"detail\":{\"lines\":[{\"sku\":\"a\",\"qty\":2},"
                + "{\"sku\":\"b\",\"qty\":1}]}}");
        RuleBook rules = new RuleBook();
        rules.add("default", "single-a", PATTERN, List.of(delivered -> { }));
        GenericMachine<String> flattening = new GenericMachine<>();
        flattening.addRule("single-a", PATTERN);

        // when
        List<RuleBook.Match> arrayConsistent = rules.match("default", event);
        @SuppressWarnings("deprecation")
        List<String> flattened = flattening.rulesForEvent(event);

        // then: rulesForEvent flattens the array and matches across elements; EventBridge (and the emulator) do not
        assertThat(flattened).containsExactly("single-a");
        assertThat(arrayConsistent).isEmpty();
    }
}
