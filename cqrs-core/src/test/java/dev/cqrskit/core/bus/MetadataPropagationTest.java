package dev.cqrskit.core.bus;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Fixtures;
import dev.cqrskit.core.Fixtures.RegisterUser;
import dev.cqrskit.core.Fixtures.SendWelcomeMail;
import dev.cqrskit.core.Fixtures.UserRegistered;
import dev.cqrskit.core.Fixtures.WelcomeMailSent;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.cqrskit.core.Fixtures.NOW;
import static dev.cqrskit.core.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How message ids, correlation and causation travel through commands, events and automations. */
class MetadataPropagationTest {

    private final MetadataFactory metadata = Fixtures.deterministicMetadata();

    @Test
    void dispatchWithoutMetadataStartsANewConversation() {
        AtomicReference<Metadata> seen = new AtomicReference<>();
        CommandBus bus = CommandBus.builder().metadataFactory(metadata)
                .handle(RegisterUser.class, command -> {
                    seen.set(MessageContext.require());
                    return "ok";
                })
                .build();

        bus.dispatch(new RegisterUser("a"));

        assertThat(seen.get().messageId()).isEqualTo(id(1));
        assertThat(seen.get().correlationId()).isEqualTo(id(1));
        assertThat(seen.get().causationId()).isEmpty();
        assertThat(seen.get().occurredAt()).isEqualTo(NOW);
    }

    @Test
    void dispatchWithMetadataUsesItAsGiven() {
        AtomicReference<Metadata> seen = new AtomicReference<>();
        CommandBus bus = CommandBus.builder().metadataFactory(metadata)
                .handle(RegisterUser.class, command -> {
                    seen.set(MessageContext.require());
                    return "ok";
                })
                .build();
        Metadata given = Metadata.builder().messageId(id(100)).correlationId(id(200)).occurredAt(NOW)
                .principal("ada").build();

        bus.dispatch(new RegisterUser("a"), given);

        assertThat(seen.get()).isSameAs(given);
    }

    @Test
    void nestedDispatchKeepsCorrelationAndSetsCausation() {
        List<Metadata> seen = new ArrayList<>();
        AtomicReference<CommandBus> self = new AtomicReference<>();
        CommandBus bus = CommandBus.builder().metadataFactory(metadata)
                .handle(RegisterUser.class, command -> {
                    seen.add(MessageContext.require());
                    self.get().dispatch(new SendWelcomeMail(command.email()));
                    seen.add(MessageContext.require());
                    return "ok";
                })
                .handleVoid(SendWelcomeMail.class, command -> seen.add(MessageContext.require()))
                .build();
        self.set(bus);
        Metadata incoming = Metadata.builder().messageId(id(50)).correlationId(id(60)).occurredAt(NOW)
                .tenant("acme").build();

        bus.dispatch(new RegisterUser("a"), incoming);

        Metadata outer = seen.get(0);
        Metadata inner = seen.get(1);
        assertThat(inner.correlationId()).isEqualTo(id(60));
        assertThat(inner.causationId()).contains(id(50));
        assertThat(inner.tenant()).contains("acme");
        assertThat(seen.get(2)).as("outer context restored after the nested dispatch").isSameAs(outer);
    }

    @Test
    void eventsStampedInsideAHandlerAreCausedByTheCommand() {
        AtomicReference<List<EventMessage<UserRegistered>>> stamped = new AtomicReference<>();
        CommandBus bus = CommandBus.builder().metadataFactory(metadata)
                .handle(RegisterUser.class, command -> {
                    stamped.set(metadata.stamp(List.of(new UserRegistered(command.email()))));
                    return "ok";
                })
                .build();

        bus.dispatch(new RegisterUser("a"), Metadata.root(id(50), NOW));

        Metadata event = stamped.get().get(0).metadata();
        assertThat(event.causationId()).contains(id(50));
        assertThat(event.correlationId()).isEqualTo(id(50));
        assertThat(event.messageId()).isNotEqualTo(id(50));
    }

    @Test
    void chainCommandEventAutomationCommandKeepsCorrelationAndLinksCausation() {
        List<EventMessage<?>> published = new ArrayList<>();
        List<Metadata> mailCommands = new ArrayList<>();
        AtomicReference<CommandBus> commands = new AtomicReference<>();
        EventBus events = EventBus.builder().metadataFactory(metadata)
                .subscribe(UserRegistered.class, event ->
                        commands.get().dispatch(new SendWelcomeMail(event.email())))   // the automation
                .build();
        commands.set(CommandBus.builder().metadataFactory(metadata)
                .handle(RegisterUser.class, command -> {
                    List<EventMessage<UserRegistered>> recorded =
                            metadata.stamp(List.of(new UserRegistered(command.email())));
                    published.addAll(recorded);
                    events.publishAll(recorded);
                    return "ok";
                })
                .handleVoid(SendWelcomeMail.class, command -> {
                    mailCommands.add(MessageContext.require());
                    events.publish(new WelcomeMailSent(command.email()));
                })
                .build());
        Metadata request = Metadata.root(id(1000), NOW);

        commands.get().dispatch(new RegisterUser("ada@example.com"), request);

        Metadata registered = published.get(0).metadata();
        Metadata sendMail = mailCommands.get(0);
        assertThat(registered.causationId()).contains(request.messageId());
        assertThat(sendMail.causationId()).contains(registered.messageId());
        assertThat(List.of(registered.correlationId(), sendMail.correlationId())).containsOnly(id(1000));
    }

    @Test
    void contextIsClearedAfterDispatchEvenWhenTheHandlerThrows() {
        CommandBus bus = CommandBus.builder()
                .handle(RegisterUser.class, command -> {
                    throw new IllegalStateException("boom");
                })
                .build();

        assertThatThrownBy(() -> bus.dispatch(new RegisterUser("a"))).hasMessage("boom");
        assertThat(MessageContext.current()).isEmpty();
    }

    @Test
    void requireOutsideAHandlerSaysHowToSetAContext() {
        assertThatThrownBy(MessageContext::require)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No message is being handled on this thread.")
                .hasMessageContaining("MessageContext.callWith(metadata, ...)");
    }

    @Test
    void callWithSetsTheContextForWorkOutsideTheBuses() {
        Metadata incoming = Metadata.root(id(5), NOW);

        Metadata next = MessageContext.callWith(incoming, metadata::next);

        assertThat(next.causationId()).contains(id(5));
        assertThat(next.correlationId()).isEqualTo(id(5));
        assertThat(MessageContext.current()).isEmpty();
    }
}
