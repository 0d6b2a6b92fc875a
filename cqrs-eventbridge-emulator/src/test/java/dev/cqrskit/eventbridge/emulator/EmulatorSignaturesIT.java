package dev.cqrskit.eventbridge.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmulatorSignaturesIT {

    private static final String BODY = "{\"Entries\":[{\"Source\":\"s\",\"DetailType\":\"d\",\"Detail\":\"{}\"}]}";

    private final EventBridgeEmulator emulator = EventBridgeEmulator.builder().region("eu-west-1")
            .requireSignedRequests(true).start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        emulator.close();
    }

    private HttpResponse<String> post(String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(emulator.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSEvents.PutEvents")
                .POST(HttpRequest.BodyPublishers.ofString(BODY));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rejectsAnUnsignedRequestWithMissingAuthenticationToken() throws Exception {
        HttpResponse<String> response = post();

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("MissingAuthenticationToken");
        assertThat(response.body())
                .isEqualTo("{\"__type\":\"MissingAuthenticationToken\",\"message\":\"Missing Authentication Token\"}");
        assertThat(emulator.events()).isEmpty();
    }

    @Test
    void theSdkReportsAnAnonymousCallAsMissingAuthenticationToken() {
        try (EventBridgeClient anonymous = EventBridgeClient.builder().endpointOverride(emulator.endpoint())
                .region(Region.EU_WEST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {

            assertThatThrownBy(() -> anonymous.putEvents(request -> request.entries(entry -> entry.source("s")
                    .detailType("d").detail("{}"))))
                    .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationToken");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Missing Authentication Token");
                    });
        }
    }

    @Test
    void rejectsAnAuthorizationHeaderWithoutSignatureAsIncomplete() throws Exception {
        String authorization = "AWS4-HMAC-SHA256 Credential=AKID/20261122/eu-west-1/events/aws4_request,"
                + " SignedHeaders=host;x-amz-date";

        HttpResponse<String> response = post("Authorization", authorization);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("IncompleteSignature");
        assertThat(response.body()).contains("\"message\":\"Authorization header requires 'Signature' parameter."
                + " Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
                + " Authorization=" + authorization + "\"");
    }

    @Test
    void rejectsAnAuthorizationHeaderOfAnotherSchemeAsIncomplete() throws Exception {
        HttpResponse<String> response = post("Authorization", "Bearer token");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"__type\":\"IncompleteSignature\",\"message\":\"Authorization header"
                + " must use the AWS4-HMAC-SHA256 algorithm (Signature Version 4). Authorization=Bearer token\"}");
    }

    @Test
    void rejectsACredentialScopedToAnotherRegion() {
        try (EventBridgeClient elsewhere = EventBridgeClient.builder().endpointOverride(emulator.endpoint())
                .region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {

            assertThatThrownBy(() -> elsewhere.putEvents(request -> request.entries(entry -> entry.source("s")
                    .detailType("d").detail("{}"))))
                    .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Credential should be scoped to a"
                                + " valid region, not 'us-west-2'. The emulator's region is 'eu-west-1'.");
                    });
        }
    }

    @Test
    void acceptsRequestsSignedByTheSdk() {
        try (EventBridgeClient client = EmulatorClients.client(emulator)) {
            assertThat(client.putEvents(request -> request.entries(entry -> entry.source("s").detailType("d")
                    .detail("{}"))).failedEntryCount()).isZero();
        }
    }

    @Test
    void acceptsUnsignedRequestsUnlessRequired() throws Exception {
        try (EventBridgeEmulator lenient = EventBridgeEmulator.start()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(lenient.endpoint())
                    .header("X-Amz-Target", "AWSEvents.PutEvents")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
        }
    }
}
