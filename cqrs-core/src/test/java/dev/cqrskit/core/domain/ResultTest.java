package dev.cqrskit.core.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultTest {

    @Test
    void aSuccessCarriesItsValueThroughMap() {
        Result<Integer> result = Result.success("abc").map(String::length);

        assertThat(result.isSuccess()).isTrue();
        assertThat(result).isEqualTo(new Result.Success<>(3));
        assertThat(result.orElseThrow()).isEqualTo(3);
    }

    @Test
    void aFailurePassesThroughMapAndThrowsItsReason() {
        Result<Integer> result = Result.<String>failure("invalid-credentials", "Email or password is wrong")
                .map(String::length);

        assertThat(result.isSuccess()).isFalse();
        assertThat(result).isEqualTo(new Result.Failure<>("invalid-credentials", "Email or password is wrong"));
        assertThatThrownBy(result::orElseThrow)
                .isInstanceOf(DomainException.class).hasMessage("Email or password is wrong");
    }

    @Test
    void callersBranchWithPatternMatching() {
        Result<String> result = Result.failure("locked", "Too many attempts");

        String shown = result instanceof Result.Failure<String> failure ? failure.code() : "ok";

        assertThat(shown).isEqualTo("locked");
    }

    @Test
    void failuresNeedACodeAndAReason() {
        assertThatThrownBy(() -> Result.failure(null, "r")).hasMessage("code must not be null");
        assertThatThrownBy(() -> Result.failure("c", null)).hasMessage("reason must not be null");
    }
}
