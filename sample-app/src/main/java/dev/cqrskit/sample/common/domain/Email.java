package dev.cqrskit.sample.common.domain;

import dev.cqrskit.core.domain.InvalidValueException;
import dev.cqrskit.core.domain.Require;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address, trimmed, NFKC-normalized and lower-cased so that one mailbox has one spelling (full-width
 * letters and ligatures fold to their plain form). Invisible characters are refused rather than silently kept or
 * dropped: control, format (zero-width space and joiner, bidi overrides, byte order mark) and whitespace characters
 * (including the no-break space) anywhere in the address.
 *
 * @param value the normalized address
 */
public record Email(String value) {

    private static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}.]{2,}");

    /** Normalizes and validates the address. */
    public Email {
        value = Normalizer.normalize(Require.notBlank("email", value).strip(), Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT);
        Require.maxLength("email", value, MAX_LENGTH);
        value.codePoints().filter(Email::invisible).findFirst().ifPresent(c -> {
            throw new InvalidValueException("email", "email must not contain control, format (invisible) or"
                    + " whitespace characters, but has " + String.format("U+%04X", c));
        });
        if (!SHAPE.matcher(value).matches() || value.contains("..")) {
            throw new InvalidValueException("email", "email must be an email address like ada@example.com");
        }
    }

    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                || type == Character.FORMAT || type == Character.SURROGATE || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
    }

    /** @return the part before the {@code @} */
    public String localPart() {
        return value.substring(0, value.indexOf('@'));
    }

    @Override
    public String toString() {
        return value;
    }
}
