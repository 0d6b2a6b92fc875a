package dev.cqrskit.test.fake;

import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.bus.EventBus;
import dev.cqrskit.test.SequentialIdGenerator;
import dev.cqrskit.test.TestClock;
import dev.cqrskit.test.bank.AccountEvent.AccountOpened;
import dev.cqrskit.test.bank.AccountId;
import dev.cqrskit.test.bank.BankCommands.OpenAccount;
import dev.cqrskit.test.bank.BankCommands.SendWelcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;

class RecordingBusesTest {

    static final AccountId ACCOUNT = new AccountId("acc-1");

    private final MetadataFactory metadata = new MetadataFactory(TestClock.fixed(), new SequentialIdGenerator());

    @Test
    void recordsCommandsAndAnswersThemInTheCommandsContext() {
        RecordingCommandBus commands = new RecordingCommandBus(metadata)
                .answer(OpenAccount.class, open -> MessageContext.require().principal()
                        .map(AccountId::new).orElseThrow());
        Metadata given = metadata.root().withPrincipal("acc-from-principal");

        AccountId answer = commands.dispatch(new OpenAccount(ACCOUNT, "Ada"), given);

        assertThat(answer).isEqualTo(new AccountId("acc-from-principal"));
        assertThat(commands.dispatched()).containsExactly(new DispatchedCommand(new OpenAccount(ACCOUNT, "Ada"), given));
    }

    @Test
    void continuesTheConversationOfTheCallingThreadAndAnswersNullByDefault() {
        RecordingCommandBus commands = new RecordingCommandBus(metadata);
        Metadata cause = metadata.root();

        Void answer = MessageContext.callWith(cause, () -> commands.dispatch(new SendWelcome(ACCOUNT, "Ada")));

        assertThat(answer).isNull();
        assertThat(commands.dispatched()).singleElement().satisfies(d -> {
            assertThat(d.metadata().correlationId()).isEqualTo(cause.correlationId());
            assertThat(d.metadata().causationId()).contains(cause.messageId());
        });
    }

    @Test
    void recordsAsyncDispatches() {
        RecordingCommandBus commands = new RecordingCommandBus(metadata);

        commands.dispatchAsync(new SendWelcome(ACCOUNT, "Ada"), ForkJoinPool.commonPool()).join();

        assertThat(commands.commands()).containsExactly(new SendWelcome(ACCOUNT, "Ada"));
        commands.clear();
        assertThat(commands.commands()).isEmpty();
    }

    @Test
    void recordsEventsAndPassesThemOn() {
        List<Object> delivered = new ArrayList<>();
        RecordingEventBus events = new RecordingEventBus(metadata, EventBus.builder()
                .subscribe(AccountOpened.class, delivered::add).build());

        events.publish(new AccountOpened(ACCOUNT, "Ada"));

        assertThat(events.events()).containsExactly(new AccountOpened(ACCOUNT, "Ada"));
        assertThat(events.messages()).singleElement()
                .satisfies(m -> assertThat(m.metadata().messageId()).isEqualTo(SequentialIdGenerator.id(1)));
        assertThat(delivered).containsExactly(new AccountOpened(ACCOUNT, "Ada"));
    }
}
