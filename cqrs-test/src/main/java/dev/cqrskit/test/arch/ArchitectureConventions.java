package dev.cqrskit.test.arch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a codebase keeps its layers, for {@link CqrsArchitectureRules}. Package patterns use ArchUnit's syntax
 * ({@code "..domain.."} matches any package with a {@code domain} segment), so by default every bounded context
 * ({@code com.acme.user.domain}, {@code com.acme.billing.domain}) is covered.
 *
 * <pre>{@code
 * ArchitectureConventions conventions = ArchitectureConventions.builder()
 *         .domainPackages("..model..")
 *         .forbiddenInDomain("io.micronaut..")
 *         .namingConventions(true)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and threadsafe.
 *
 * @param domainPackages          the domain layer: aggregates, value objects, events, repository ports
 * @param applicationPackages     the application layer: command and query handlers, automations
 * @param infrastructurePackages  adapters: persistence, HTTP, messaging, the composition root
 * @param contractsPackages       where integration events may live besides the domain
 * @param forbiddenInDomain       packages the domain must not depend on (frameworks)
 * @param boundedContexts         an ArchUnit slice pattern with one capture group per context, such as
 *                                {@code "com.acme.(*).."}; empty to take the package segment before the layer
 * @param repositoryWriteMethods  the {@code Repository} methods that write, which query handlers must not call
 * @param namingConventions       whether {@link CqrsArchitectureRules#all(ArchitectureConventions)} includes the
 *                                naming rules
 * @since 0.1.0
 */
public record ArchitectureConventions(List<String> domainPackages, List<String> applicationPackages,
                                      List<String> infrastructurePackages, List<String> contractsPackages,
                                      List<String> forbiddenInDomain, Optional<String> boundedContexts,
                                      List<String> repositoryWriteMethods, boolean namingConventions) {

    /** The frameworks a domain must not touch: persistence, cloud SDKs, JSON, DI and web APIs, logging. */
    public static final List<String> DEFAULT_FORBIDDEN_IN_DOMAIN = List.of(
            "org.jdbi..", "java.sql..", "javax.sql..", "org.hibernate..", "org.springframework..",
            "software.amazon..", "com.amazonaws..",
            "com.fasterxml.jackson..", "com.google.gson..",
            "jakarta..", "javax.inject..", "javax.persistence..", "javax.servlet..", "javax.ws..",
            "com.google.inject..", "io.avaje..", "io.javalin..", "io.micronaut..", "io.quarkus..",
            "java.net.http..", "org.eclipse.jetty..", "io.netty..",
            "org.slf4j..", "ch.qos.logback..", "org.apache.logging..", "org.apache.commons.logging..",
            "java.util.logging..");

    private static final Pattern SEGMENT_PATTERN = Pattern.compile("^\\.\\.([A-Za-z_$][A-Za-z0-9_$]*)\\.\\.$");

    /**
     * Validates and copies the parts.
     *
     * @throws IllegalArgumentException naming the property that is empty or blank
     */
    public ArchitectureConventions {
        domainPackages = requirePatterns("domainPackages", domainPackages);
        applicationPackages = requirePatterns("applicationPackages", applicationPackages);
        infrastructurePackages = requirePatterns("infrastructurePackages", infrastructurePackages);
        contractsPackages = List.copyOf(Objects.requireNonNull(contractsPackages, "contractsPackages must not be null"));
        forbiddenInDomain = requirePatterns("forbiddenInDomain", forbiddenInDomain);
        Objects.requireNonNull(boundedContexts, "boundedContexts must not be null");
        if (boundedContexts.isPresent() && !boundedContexts.get().contains("(")) {
            throw new IllegalArgumentException("boundedContexts must capture the context name, as in"
                    + " \"com.acme.(*)..\", but was \"" + boundedContexts.get() + "\"");
        }
        repositoryWriteMethods = requirePatterns("repositoryWriteMethods", repositoryWriteMethods);
        if (boundedContexts.isEmpty() && layerSegments(domainPackages, applicationPackages, infrastructurePackages)
                .isEmpty()) {
            throw new IllegalArgumentException("boundedContexts must be set when no layer pattern has the form"
                    + " \"..segment..\" (domainPackages=" + domainPackages + "); set it to a slice pattern such as"
                    + " \"com.acme.(*)..\"");
        }
    }

    /**
     * Returns the conventions of the sample app: {@code ..domain..}, {@code ..application..},
     * {@code ..infrastructure..} and {@code ..contracts..} in every bounded context, the default framework list,
     * contexts taken from the package segment before the layer, {@code save} as the write method, no naming rules.
     *
     * @return the defaults
     */
    public static ArchitectureConventions defaults() {
        return builder().build();
    }

    /**
     * Starts from {@link #defaults()}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the layer segment names ("domain", ...) derived from patterns of the form {@code ..segment..} */
    List<String> layerSegments() {
        return layerSegments(domainPackages, applicationPackages, infrastructurePackages);
    }

    private static List<String> layerSegments(List<String> domain, List<String> application,
                                              List<String> infrastructure) {
        List<String> segments = new ArrayList<>();
        for (List<String> patterns : List.of(domain, application, infrastructure)) {
            for (String pattern : patterns) {
                Matcher matcher = SEGMENT_PATTERN.matcher(pattern);
                if (matcher.matches()) {
                    segments.add(matcher.group(1));
                }
            }
        }
        return List.copyOf(segments);
    }

    private static List<String> requirePatterns(String property, List<String> patterns) {
        Objects.requireNonNull(patterns, property + " must not be null");
        if (patterns.isEmpty() || patterns.stream().anyMatch(p -> p == null || p.isBlank())) {
            throw new IllegalArgumentException(property + " must list at least one non-blank entry, but was "
                    + patterns);
        }
        return List.copyOf(patterns);
    }

    /**
     * Builds {@link ArchitectureConventions}, starting from the defaults. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private List<String> domain = List.of("..domain..");
        private List<String> application = List.of("..application..");
        private List<String> infrastructure = List.of("..infrastructure..");
        private List<String> contracts = List.of("..contracts..");
        private final List<String> forbidden = new ArrayList<>(DEFAULT_FORBIDDEN_IN_DOMAIN);
        private String boundedContexts;
        private List<String> writeMethods = List.of("save");
        private boolean naming;

        private Builder() {
        }

        /**
         * Sets the domain packages.
         *
         * @param patterns ArchUnit package patterns
         * @return this builder
         */
        public Builder domainPackages(String... patterns) {
            this.domain = List.of(patterns);
            return this;
        }

        /**
         * Sets the application packages.
         *
         * @param patterns ArchUnit package patterns
         * @return this builder
         */
        public Builder applicationPackages(String... patterns) {
            this.application = List.of(patterns);
            return this;
        }

        /**
         * Sets the infrastructure packages.
         *
         * @param patterns ArchUnit package patterns
         * @return this builder
         */
        public Builder infrastructurePackages(String... patterns) {
            this.infrastructure = List.of(patterns);
            return this;
        }

        /**
         * Sets the packages where integration events may live besides the domain.
         *
         * @param patterns ArchUnit package patterns
         * @return this builder
         */
        public Builder contractsPackages(String... patterns) {
            this.contracts = List.of(patterns);
            return this;
        }

        /**
         * Adds packages the domain must not depend on, to the default list.
         *
         * @param patterns ArchUnit package patterns
         * @return this builder
         */
        public Builder forbiddenInDomain(String... patterns) {
            this.forbidden.addAll(List.of(patterns));
            return this;
        }

        /**
         * Replaces the list of packages the domain must not depend on.
         *
         * @param patterns ArchUnit package patterns
         * @return this builder
         */
        public Builder onlyForbiddenInDomain(String... patterns) {
            this.forbidden.clear();
            this.forbidden.addAll(List.of(patterns));
            return this;
        }

        /**
         * Sets how classes map to bounded contexts, as an ArchUnit slice pattern.
         *
         * @param slicePattern for example {@code "com.acme.(*).."}
         * @return this builder
         */
        public Builder boundedContexts(String slicePattern) {
            this.boundedContexts = Objects.requireNonNull(slicePattern, "boundedContexts must not be null");
            return this;
        }

        /**
         * Sets the names of the repository methods that write.
         *
         * @param methodNames for example {@code "save", "delete"}
         * @return this builder
         */
        public Builder repositoryWriteMethods(String... methodNames) {
            this.writeMethods = List.of(methodNames);
            return this;
        }

        /**
         * Turns the naming rules on or off in {@link CqrsArchitectureRules#all(ArchitectureConventions)}.
         *
         * @param enabled whether to include them
         * @return this builder
         */
        public Builder namingConventions(boolean enabled) {
            this.naming = enabled;
            return this;
        }

        /**
         * Builds the conventions.
         *
         * @return the conventions
         * @throws IllegalArgumentException naming the property that is invalid
         */
        public ArchitectureConventions build() {
            return new ArchitectureConventions(domain, application, infrastructure, contracts, forbidden,
                    Optional.ofNullable(boundedContexts), writeMethods, naming);
        }
    }
}
