package dev.cqrskit.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class EventCodecStatementsTest {

    private final IntFunction<String> statements = EventCodec.statementsByCount(rows -> "SELECT * FROM " + rows);

    @Test
    void picksTheRowSourceOfEachCountUpToTheValuesRowsAndTheArraysBeyond() {
        for (int count = 1; count <= EventCodec.MAX_VALUES_ROWS; count++) {
            assertThat(statements.apply(count)).isEqualTo("SELECT * FROM " + EventCodec.columns(count));
        }
        assertThat(statements.apply(EventCodec.MAX_VALUES_ROWS + 1))
                .isEqualTo("SELECT * FROM " + EventCodec.UNNEST_COLUMNS);
        assertThat(statements.apply(10_000)).isEqualTo("SELECT * FROM " + EventCodec.UNNEST_COLUMNS);
    }
}
