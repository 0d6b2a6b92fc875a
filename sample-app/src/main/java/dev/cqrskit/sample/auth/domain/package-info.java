/** The auth context's domain: one-time verification codes and their events. */
package dev.cqrskit.sample.auth.domain;
