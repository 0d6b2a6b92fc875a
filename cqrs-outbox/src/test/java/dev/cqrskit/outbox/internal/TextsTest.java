package dev.cqrskit.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void replacesNulAndLoneSurrogates() {
        assertThat(Texts.storable("a\u0000b\uD800c\uDC00d", 100)).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd");
    }

    @Test
    void keepsSurrogatePairs() {
        assertThat(Texts.storable("smile \uD83D\uDE00", 100)).isEqualTo("smile \uD83D\uDE00");
    }

    @Test
    void cutsToTheLimitButNeverBetweenTheHalvesOfAPair() {
        assertThat(Texts.storable("abc\uD83D\uDE00", 4)).isEqualTo("abc");
        assertThat(Texts.storable("\u0000bc\uD83D\uDE00", 4)).isEqualTo("\uFFFDbc");
        assertThat(Texts.storable("abcdef", 4)).isEqualTo("abcd");
    }

    @Test
    void turnsNullIntoEmptyText() {
        assertThat(Texts.storable(null, 10)).isEmpty();
    }
}
