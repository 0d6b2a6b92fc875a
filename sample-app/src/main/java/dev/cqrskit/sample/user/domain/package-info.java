/** The user context's domain: the {@link dev.cqrskit.sample.user.domain.User} aggregate, its events and ports. */
package dev.cqrskit.sample.user.domain;
