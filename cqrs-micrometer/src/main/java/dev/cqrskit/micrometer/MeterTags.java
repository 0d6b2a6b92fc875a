package dev.cqrskit.micrometer;

/** Tag names and values shared by the meters; one place so that every meter spells them alike. */
final class MeterTags {

    static final String TYPE = "type";
    static final String OUTCOME = "outcome";
    static final String EXCEPTION = "exception";
    static final String EVENT = "event";
    static final String SUCCESS = "success";
    static final String FAILURE = "failure";
    static final String NONE = "none";

    private MeterTags() {
    }

    /**
     * The simple name of a class, which is bounded by the classes an application has, unlike messages or ids. An
     * anonymous or hidden class (a lambda) has no simple name, so it falls back to the last segment of its name.
     */
    static String nameOf(Class<?> type) {
        String simple = type.getSimpleName();
        if (!simple.isEmpty()) {
            return simple;
        }
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
