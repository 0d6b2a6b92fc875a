package dev.cqrskit.sample.common.infrastructure.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A request's JSON object, read strictly: the request must say {@code Content-Type: application/json} (UTF-8, the
 * only charset JSON has), the body must be one JSON object with no duplicate keys and nothing after it, and each
 * field is checked for presence and type with a message naming it. Strings longer than {@link #MAX_STRING}
 * characters are refused before any domain code sees them. The bytes are those {@link HttpServer} read, bounded.
 */
public final class JsonBody {

    /** The longest string field accepted. */
    public static final int MAX_STRING = 1_000;

    private static final Pattern JSON_TYPE = Pattern.compile(
            "application/json\\s*(;\\s*charset\\s*=\\s*\"?utf-8\"?\\s*)?", Pattern.CASE_INSENSITIVE);

    private final ObjectNode object;

    private JsonBody(ObjectNode object) {
        this.object = object;
    }

    /**
     * Reads the body of a request.
     *
     * @param mapper the JSON mapper
     * @param ctx    the request
     * @return the object
     * @throws HttpProblem 415 for another content type; 400 if the body is empty, not JSON, not one object, or has a
     *                     key twice
     */
    public static JsonBody read(ObjectMapper mapper, Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || !JSON_TYPE.matcher(type.strip()).matches()) {
            throw new HttpProblem(415, "unsupported-media-type", "Send the body as JSON with 'Content-Type:"
                    + " application/json' (optionally '; charset=utf-8'), but it was "
                    + (type == null ? "missing" : "'" + abbreviate(type) + "'") + ".", null);
        }
        return parse(mapper, HttpServer.body(ctx));
    }

    static JsonBody parse(ObjectMapper mapper, byte[] body) {
        if (body.length == 0) {
            throw new HttpProblem(400, "malformed-json", "The request body must be a JSON object.", null);
        }
        ObjectReader reader = mapper.reader()
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        JsonNode node;
        try {
            node = reader.readTree(body);
        } catch (JsonProcessingException e) {
            throw new HttpProblem(400, "malformed-json", "The request body is not valid JSON: "
                    + abbreviate(e.getOriginalMessage()), null);
        } catch (IOException e) {
            throw new HttpProblem(400, "malformed-json", "The request body could not be read.", null);
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
                    .name().toLowerCase(Locale.ROOT));
        }
        String text = value.textValue();
        if (text.length() > MAX_STRING) {
            throw HttpProblem.badField(field, field + " must be at most " + MAX_STRING + " characters long");
        }
        return text;
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\p{Cntrl}", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
