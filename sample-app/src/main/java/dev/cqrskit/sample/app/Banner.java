package dev.cqrskit.sample.app;

/** What the app prints when it is up: where it listens, and a walkthrough to paste into a shell. */
final class Banner {

    private Banner() {
    }

    static String of(SampleApplication app) {
        String url = app.baseUrl();
        return String.join("\n",
                "",
                "cqrs-kit sample app is up at " + url,
                "  database:    " + app.databaseDescription(),
                "  broker:      " + app.brokerDescription(),
                "",
                "Try it (the verification code appears in this log, mailed by the notification context):",
                "  curl -i -X POST " + url + "/users -H 'Content-Type: application/json' \\",
                "       -d '{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\",\"displayName\":\"Ada\"}'",
                "  # no mail, or the code expired or ran out of tries? ask for a new one:",
                "  curl -i -X POST " + url + "/auth/verify/resend -H 'Content-Type: application/json' \\",
                "       -d '{\"email\":\"ada@example.com\"}'",
                "  curl -i -X POST " + url + "/auth/verify -H 'Content-Type: application/json' \\",
                "       -d '{\"email\":\"ada@example.com\",\"code\":\"<code from the log>\"}'",
                "  TOKEN=$(curl -s -X POST " + url + "/auth/token -H 'Content-Type: application/json' \\",
                "       -d '{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\"}' | sed 's/.*\"token\":\"\\([^\"]*\\)\".*/\\1/')",
                "  curl -i " + url + "/users/me -H \"Authorization: Bearer $TOKEN\"",
                "  curl -i -X PATCH " + url + "/auth/password -H \"Authorization: Bearer $TOKEN\" \\",
                "       -H 'Content-Type: application/json' \\",
                "       -d '{\"currentPassword\":\"correct horse battery\",\"newPassword\":\"a much longer passphrase\"}'",
                "",
                "Stop with Ctrl-C.");
    }
}
