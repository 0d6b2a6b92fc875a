package dev.cqrskit.eventbridge;

import dev.cqrskit.core.publish.PublishOutcome;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Classifies EventBridge failures as retryable or permanent. Per entry: {@code ThrottlingException} and
 * {@code InternalFailure} are retryable, every other {@code ErrorCode} is permanent. Per call: throttling, HTTP 429
 * and 5xx, expired credentials or clock skew, timeouts and connection errors are retryable; any other 4xx
 * (authorization, validation) is permanent. Stateless and threadsafe.
 */
final class Failures {

    static final Set<String> RETRYABLE_ENTRY_CODES = Set.of("ThrottlingException", "InternalFailure");

    private static final Set<String> RETRYABLE_REQUEST_CODES = Set.of("ExpiredTokenException", "ExpiredToken",
            "RequestExpired", "RequestTimeout", "RequestTimeoutException", "IDPCommunicationError",
            "ServiceUnavailable", "ServiceUnavailableException", "InternalException", "InternalFailure",
            "TooManyRequestsException", "LimitExceededException");

    private Failures() {
    }

    static PublishOutcome ofEntry(UUID messageId, String errorCode, String errorMessage) {
        String reason = "EventBridge rejected the entry: " + errorCode + ": " + errorMessage;
        return RETRYABLE_ENTRY_CODES.contains(errorCode)
                ? PublishOutcome.retryable(messageId, reason)
                : PublishOutcome.permanent(messageId, reason);
    }

    /** Returns a factory of outcomes for every event of a call that failed as a whole. */
    static Function<UUID, PublishOutcome> ofRequest(RuntimeException failure) {
        if (failure instanceof SdkServiceException service) {
            String code = service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    ? aws.awsErrorDetails().errorCode() : null;
            String reason = "PutEvents failed with HTTP " + service.statusCode()
                    + (code == null ? "" : " " + code) + ": " + service.getMessage();
            boolean retryable = service.isThrottlingException() || service.isClockSkewException()
                    || service.statusCode() == 429 || service.statusCode() >= 500
                    || (code != null && RETRYABLE_REQUEST_CODES.contains(code));
            if (retryable) {
                return id -> PublishOutcome.retryable(id, reason);
            }
            String fix = service.statusCode() == 403 || "AccessDeniedException".equals(code)
                    || "UnrecognizedClientException".equals(code)
                    ? ". Grant events:PutEvents on the event bus to the credentials in use."
                    : ". The request was refused as invalid; check the event mapping and the bus name.";
            return id -> PublishOutcome.permanent(id, reason + fix);
        }
        if (failure instanceof SdkClientException client) {
            String reason = "PutEvents did not complete (timeout or connection error): " + client.getMessage();
            return id -> PublishOutcome.retryable(id, reason);
        }
        String reason = "PutEvents failed unexpectedly: " + failure;
        return id -> PublishOutcome.retryable(id, reason);
    }
}
