package dev.cqrskit.eventbridge;

import dev.cqrskit.core.publish.PublishOutcome;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import java.util.Set;
import java.util.UUID;

/**
 * Classifies EventBridge failures by whose fault they are: the moment's (retryable), the deployment's (systemic:
 * the relay pauses and never parks) or the event's (permanent: the event is parked).
 *
 * <p>Per entry, following the {@code ErrorCode}s AWS documents for {@code PutEventsResultEntry}:
 * <ul>
 *   <li>{@code ThrottlingException}, {@code InternalFailure}: retryable, as AWS says.</li>
 *   <li>{@code AccessDeniedException}, {@code NotAuthorizedForSourceException},
 *       {@code NotAuthorizedForDetailTypeException}, {@code InvalidAccountIdException}: <b>systemic</b>. AWS calls
 *       them non-retryable, but what they refuse is not in the event: the source and detail type come from the
 *       {@link EventMapping} (which already refuses the reserved {@code aws.} sources), the account from its bus
 *       ARN, and the permission from the role's IAM policy (the {@code events:source} and {@code events:detail-type}
 *       condition keys). Fixing the policy or the mapping lets the very same event through, so parking it would
 *       only make an operator replay it by hand. Codes naming KMS are systemic for the same reason (a key
 *       policy).</li>
 *   <li>Any other code ({@code InvalidArgument}, {@code MalformedDetail}, {@code RedactionFailure}, codes AWS adds
 *       later): permanent, the event itself is refused.</li>
 * </ul>
 *
 * <p>Per call (the SDK threw):
 * <ul>
 *   <li>throttling, clock skew, HTTP 429 and 5xx, timeouts and connection errors: retryable;</li>
 *   <li>no credentials found by the provider chain: systemic;</li>
 *   <li>authentication, authorization and signing (HTTP 401 and 403, {@code AccessDeniedException},
 *       {@code UnrecognizedClientException}, {@code InvalidSignatureException}, {@code IncompleteSignature},
 *       {@code MissingAuthenticationToken}, {@code ExpiredToken}, KMS faults) and a missing bus
 *       ({@code ResourceNotFoundException}): systemic, the reason says what to fix;</li>
 *   <li>any other 4xx ({@code ValidationException}, e.g. a total size over the region's limit): the call's content
 *       was refused. The publisher splits such a call and retries the halves until the offending entry is alone;
 *       only an entry refused on its own is permanent.</li>
 * </ul>
 * Stateless and threadsafe.
 */
final class Failures {

    static final Set<String> RETRYABLE_ENTRY_CODES = Set.of("ThrottlingException", "InternalFailure");

    static final Set<String> SYSTEMIC_ENTRY_CODES = Set.of("AccessDeniedException", "NotAuthorizedForSourceException",
            "NotAuthorizedForDetailTypeException", "InvalidAccountIdException");

    private static final Set<String> RETRYABLE_REQUEST_CODES = Set.of("RequestExpired", "RequestTimeout",
            "RequestTimeoutException", "IDPCommunicationError", "ServiceUnavailable", "ServiceUnavailableException",
            "InternalException", "InternalFailure", "TooManyRequestsException", "LimitExceededException");

    private static final Set<String> CREDENTIAL_CODES = Set.of("UnrecognizedClientException", "InvalidClientTokenId",
            "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature", "IncompleteSignatureException",
            "MissingAuthenticationToken", "MissingAuthenticationTokenException", "ExpiredToken",
            "ExpiredTokenException");

    private static final Set<String> PERMISSION_CODES = Set.of("AccessDeniedException", "AccessDenied",
            "NotAuthorized", "UnauthorizedOperation", "OptInRequired");

    private Failures() {
    }

    /** How a call that failed as a whole is to be treated. */
    enum Kind {
        /** A passing fault: every event of the call is retryable. */
        RETRYABLE,
        /** A fault of the deployment: every event of the call is systemic. */
        SYSTEMIC,
        /** The call's content was refused: split it; an entry refused alone is permanent. */
        REFUSED
    }

    /**
     * A whole-call failure, classified.
     *
     * @param kind   how to treat it
     * @param reason what happened and how to fix it
     */
    record RequestFailure(Kind kind, String reason) {

        /** @return the outcome of one event of the call (a refused call's lone entry is permanent) */
        PublishOutcome outcome(UUID messageId) {
            return switch (kind) {
                case RETRYABLE -> PublishOutcome.retryable(messageId, reason);
                case SYSTEMIC -> PublishOutcome.systemic(messageId, reason);
                case REFUSED -> PublishOutcome.permanent(messageId, reason);
            };
        }
    }

    static PublishOutcome ofEntry(UUID messageId, String errorCode, String errorMessage) {
        String reason = "EventBridge rejected the entry: " + errorCode + ": " + errorMessage;
        if (RETRYABLE_ENTRY_CODES.contains(errorCode)) {
            return PublishOutcome.retryable(messageId, reason);
        }
        if (SYSTEMIC_ENTRY_CODES.contains(errorCode) || errorCode.contains("KMS")) {
            return PublishOutcome.systemic(messageId, reason + ". This is a fault of the deployment, not of the event:"
                    + " allow events:PutEvents for this source and detail type on the bus (IAM condition keys"
                    + " events:source and events:detail-type), or fix the EventMapping's bus ARN or key policy;"
                    + " publishing resumes by itself.");
        }
        return PublishOutcome.permanent(messageId, reason);
    }

    /** Classifies a call that failed as a whole. */
    static RequestFailure ofRequest(RuntimeException failure) {
        if (failure instanceof SdkServiceException service) {
            String code = service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    ? aws.awsErrorDetails().errorCode() : null;
            String reason = "PutEvents failed with HTTP " + service.statusCode()
                    + (code == null ? "" : " " + code) + ": " + service.getMessage();
            int status = service.statusCode();
            if (service.isThrottlingException() || service.isClockSkewException() || status == 429 || status >= 500
                    || (code != null && RETRYABLE_REQUEST_CODES.contains(code))) {
                return new RequestFailure(Kind.RETRYABLE, reason);
            }
            if (code != null && (CREDENTIAL_CODES.contains(code) || status == 401)) {
                return new RequestFailure(Kind.SYSTEMIC, reason + ". The credentials in use are missing, expired or"
                        + " not valid for this account and region: renew them or fix the credential provider;"
                        + " publishing resumes by itself.");
            }
            if (code != null && code.contains("KMS")) {
                return new RequestFailure(Kind.SYSTEMIC, reason + ". The bus's KMS key refuses the credentials in use:"
                        + " grant them kms:GenerateDataKey and kms:Decrypt in the key policy, or enable the key;"
                        + " publishing resumes by itself.");
            }
            if ("ResourceNotFoundException".equals(code) || status == 404) {
                return new RequestFailure(Kind.SYSTEMIC, reason + ". The event bus does not exist in this account"
                        + " and region: create it, or fix the EventMapping's eventBusName; publishing resumes by"
                        + " itself.");
            }
            if (status == 403 || (code != null && PERMISSION_CODES.contains(code))) {
                return new RequestFailure(Kind.SYSTEMIC, reason + ". Grant events:PutEvents on the event bus to the"
                        + " credentials in use; publishing resumes by itself.");
            }
            return new RequestFailure(Kind.REFUSED, reason + ". EventBridge refused this entry on its own, so the"
                    + " event itself is at fault: check its size and the EventMapping.");
        }
        if (failure instanceof SdkClientException client && String.valueOf(client.getMessage())
                .startsWith("Unable to load credentials")) {
            return new RequestFailure(Kind.SYSTEMIC, "PutEvents could not be signed: " + client.getMessage()
                    + ". Give the process credentials (environment, profile, container or instance role);"
                    + " publishing resumes by itself.");
        }
        if (failure instanceof SdkClientException client) {
            return new RequestFailure(Kind.RETRYABLE,
                    "PutEvents did not complete (timeout or connection error): " + client.getMessage());
        }
        return new RequestFailure(Kind.RETRYABLE, "PutEvents failed unexpectedly: " + failure);
    }
}
