package dev.cqrskit.sample.common.infrastructure.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request's JSON object, read strictly: the body must be one JSON object, and each field is checked for presence
 * and type with a message naming it. Strings longer than {@link #MAX_STRING} characters are refused before any
 * domain code sees them.
 */
public final class JsonBody {

    /** The longest string field accepted. */
    public static final int MAX_STRING = 1_000;

    private final ObjectNode object;

    private JsonBody(ObjectNode object) {
        this.object = object;
    }

    /**
     * Parses a body.
     *
     * @param mapper the JSON mapper
     * @param body   the raw body
     * @return the object
     * @throws HttpProblem 400 if the body is empty, not JSON, or not an object
     */
    public static JsonBody parse(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            throw new HttpProblem(400, "malformed-json", "The request body must be a JSON object.", null);
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new HttpProblem(400, "malformed-json", "The request body is not valid JSON: "
                    + e.getOriginalMessage(), null);
        }
        if (node == null || !node.isObject()) {
            throw new HttpProblem(400, "malformed-json", "The request body must be a JSON object.", null);
        }
        return new JsonBody((ObjectNode) node);
    }

    /**
     * Reads a required string field.
     *
     * @param field the field's name
     * @return its value
     * @throws HttpProblem 400 if it is missing, not a string, or too long
     */
    public String string(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw HttpProblem.badField(field, field + " is required");
        }
        if (!value.isTextual()) {
            throw HttpProblem.badField(field, field + " must be a string, but was " + value.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        String text = value.textValue();
        if (text.length() > MAX_STRING) {
            throw HttpProblem.badField(field, field + " must be at most " + MAX_STRING + " characters long");
        }
        return text;
    }
}
