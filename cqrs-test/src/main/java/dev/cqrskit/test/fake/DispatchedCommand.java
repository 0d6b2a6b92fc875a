package dev.cqrskit.test.fake;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.Metadata;

import java.util.Objects;

/**
 * A command a {@link RecordingCommandBus} received, with the metadata it was dispatched with. Immutable.
 *
 * @param command  the command
 * @param metadata its metadata: given by the caller, or made to continue the conversation of the calling thread
 * @since 0.1.0
 */
public record DispatchedCommand(Command<?> command, Metadata metadata) {

    /** Validates the parts. */
    public DispatchedCommand {
        Objects.requireNonNull(command, "command must not be null");
        Objects.requireNonNull(metadata, "metadata must not be null");
    }
}
