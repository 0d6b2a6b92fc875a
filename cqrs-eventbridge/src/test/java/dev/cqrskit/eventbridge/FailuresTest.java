package dev.cqrskit.eventbridge;

import dev.cqrskit.core.publish.PublishOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static AwsServiceException serviceError(int status, String code) {
        return AwsServiceException.builder().statusCode(status).message("refused")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("refused").build()).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ThrottlingException", "InternalFailure"})
    void treatsTheEntryCodesAwsCallsRetryableAsRetryable(String code) {
        assertThat(Failures.ofEntry(ID, code, "m")).isInstanceOf(PublishOutcome.RetryableFailure.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AccessDeniedException", "NotAuthorizedForSourceException",
            "NotAuthorizedForDetailTypeException", "InvalidAccountIdException", "KMSAccessDeniedException"})
    void treatsEntryCodesAboutPermissionsAndTheMappingAsSystemic(String code) {
        assertThat(Failures.ofEntry(ID, code, "m")).isInstanceOfSatisfying(PublishOutcome.SystemicFailure.class,
                failure -> assertThat(failure.reason()).startsWith("EventBridge rejected the entry: " + code + ": m.")
                        .contains("fault of the deployment"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"InvalidArgument", "MalformedDetail", "RedactionFailure", "SomethingNew"})
    void treatsOtherEntryCodesAsPermanent(String code) {
        assertThat(Failures.ofEntry(ID, code, "m")).isInstanceOf(PublishOutcome.PermanentFailure.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
            "IncompleteSignature", "MissingAuthenticationToken", "ExpiredToken", "ExpiredTokenException",
            "KMSDisabledException", "ResourceNotFoundException"})
    void treatsWholeCallFaultsOfTheDeploymentAsSystemic(String code) {
        int status = code.startsWith("Access") || code.contains("Signature") || code.contains("Token")
                || code.startsWith("Unrecognized") ? 403 : 400;

        Failures.RequestFailure failure = Failures.ofRequest(serviceError(status, code));

        assertThat(failure.kind()).isEqualTo(Failures.Kind.SYSTEMIC);
        assertThat(failure.outcome(ID)).isInstanceOf(PublishOutcome.SystemicFailure.class);
        assertThat(failure.reason()).contains(code).endsWith("publishing resumes by itself.");
    }

    @Test
    void treatsMissingCredentialsAsSystemic() {
        Failures.RequestFailure failure = Failures.ofRequest(SdkClientException.create(
                "Unable to load credentials from any of the providers in the chain"));

        assertThat(failure.kind()).isEqualTo(Failures.Kind.SYSTEMIC);
    }

    @Test
    void treatsAValidationExceptionAsARefusalToSplitAndPermanentForALoneEntry() {
        Failures.RequestFailure failure = Failures.ofRequest(serviceError(400, "ValidationException"));

        assertThat(failure.kind()).isEqualTo(Failures.Kind.REFUSED);
        assertThat(failure.outcome(ID)).isInstanceOf(PublishOutcome.PermanentFailure.class);
    }

    @Test
    void treatsThrottlingServerErrorsAndTimeoutsAsRetryable() {
        assertThat(Failures.ofRequest(serviceError(400, "ThrottlingException")).kind())
                .isEqualTo(Failures.Kind.RETRYABLE);
        assertThat(Failures.ofRequest(serviceError(503, "ServiceUnavailableException")).kind())
                .isEqualTo(Failures.Kind.RETRYABLE);
        assertThat(Failures.ofRequest(SdkClientException.create("Read timed out")).kind())
                .isEqualTo(Failures.Kind.RETRYABLE);
    }
}
