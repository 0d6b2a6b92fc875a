/** Value objects every bounded context shares. Depends on java and cqrs-core only. */
package dev.cqrskit.sample.common.domain;
