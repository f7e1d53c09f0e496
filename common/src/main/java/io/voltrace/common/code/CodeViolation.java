package io.voltrace.common.code;

/**
 * The first rule a battery code breaks.
 *
 * @param position    1-based character position (for a wrong length: the first missing or surplus position)
 * @param field       the field the position belongs to, e.g. {@code production-month}; {@code length} for a length error
 * @param description the rule in words
 */
public record CodeViolation(int position, String field, String description) {
    @Override
    public String toString() {
        return field.equals("length") ? description : "position " + position + ": " + description;
    }
}
