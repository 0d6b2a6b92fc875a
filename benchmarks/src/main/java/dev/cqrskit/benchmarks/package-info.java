/** JMH benchmarks of cqrs-kit, side by side with peer libraries. Not published. */
package dev.cqrskit.benchmarks;
