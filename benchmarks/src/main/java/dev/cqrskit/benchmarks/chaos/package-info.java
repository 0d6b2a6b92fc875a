/**
 * A long chaos run of the outbox relay, by hand: relays in child JVMs killed with SIGKILL, PostgreSQL shut down in
 * immediate mode, producers rolling back, poison events; see {@link dev.cqrskit.benchmarks.chaos.RelayChaos}.
 */
package dev.cqrskit.benchmarks.chaos;
