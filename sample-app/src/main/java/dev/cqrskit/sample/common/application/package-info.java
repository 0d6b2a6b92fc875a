/** What the application layers of every bounded context share: throttling and the audit log. */
package dev.cqrskit.sample.common.application;
