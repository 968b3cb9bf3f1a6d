package io.tdeguard.client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.tdeguard.signature.Acs3Headers;

/**
 * {@code acs-call}: makes a signed call to TDE Guard from a shell, as an Alibaba Cloud SDK would.
 *
 * <p>Prints the response body to stdout; a status other than 2xx also goes to stderr. Exits with 0 for a 2xx
 * response, 1 for any other response or when the endpoint cannot be reached, 2 for a command line it cannot run.
 * Depends only on the JDK and {@code io.tdeguard.signature}, so that {@code deploy/bin/acs-call} runs it from
 * {@code target/classes}.
 */
public final class AcsCall {

    static final String USAGE = """
            usage: acs-call [--endpoint URL] [--as NAME] [--identities FILE] Action [JSON]

            Sends POST URL/Action with the JSON body (default {}), signed with ACS3-HMAC-SHA256.

              --endpoint URL     where TDE Guard listens (default $TDEGUARD_ENDPOINT, else http://localhost:8080)
              --as NAME          sign as identity NAME of the identities file (NAME.AccessKeyId, NAME.AccessKeySecret);
                                 without it, sign with $ALIBABA_CLOUD_ACCESS_KEY_ID and
                                 $ALIBABA_CLOUD_ACCESS_KEY_SECRET (and $ALIBABA_CLOUD_SECURITY_TOKEN if set)
              --identities FILE  the identities file (default target/demo-identities.properties)

            example: acs-call --as admin DescribeInstanceTDEStatus '{"InstanceId":"r-bp1zxszhcgatnx0001"}'
            """;

    static final int OK = 0;
    static final int HTTP_ERROR = 1;
    static final int USAGE_ERROR = 2;

    /** Set by {@code deploy/bin/acs-call} so that the default identities file does not depend on the directory. */
    private static final String IDENTITIES_PROPERTY = "acs-call.identities";
    private static final String DEFAULT_IDENTITIES = "target/demo-identities.properties";

    private final Map<String, String> environment;
    private final Path defaultIdentitiesFile;
    private final Clock clock;
    private final Supplier<String> nonce;
    private final HttpClient http;
    private final PrintStream out;
    private final PrintStream err;

    AcsCall(Map<String, String> environment, Path defaultIdentitiesFile, Clock clock, Supplier<String> nonce,
            HttpClient http, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.defaultIdentitiesFile = defaultIdentitiesFile;
        this.clock = clock;
        this.nonce = nonce;
        this.http = http;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        AcsCall call = new AcsCall(System.getenv(), Path.of(System.getProperty(IDENTITIES_PROPERTY, DEFAULT_IDENTITIES)),
                Clock.systemUTC(), Acs3Headers::randomNonce, httpClient(), System.out, System.err);
        System.exit(call.run(List.of(args)));
    }

    static HttpClient httpClient() {
        return HttpClient.newBuilder()
                // Plain HTTP/1.1: the default HTTP/2 would first try an h2c upgrade on http:// endpoints.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Runs one command line and returns the exit status. */
    int run(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return OK;
        }
        SignedCall call;
        try {
            AcsCallArguments arguments = AcsCallArguments.parse(args, environment, defaultIdentitiesFile);
            Credentials credentials = arguments.identity().isPresent()
                    ? Credentials.fromIdentities(arguments.identitiesFile(), arguments.identity().get())
                    : Credentials.fromEnvironment(environment);
            call = SignedCall.build(arguments, credentials, clock, nonce);
        } catch (UsageException e) {
            err.println("acs-call: " + e.getMessage());
            err.print(USAGE);
            return USAGE_ERROR;
        }
        return send(call);
    }

    private int send(SignedCall call) {
        HttpResponse<String> response;
        try {
            response = http.send(call.toHttpRequest(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("acs-call: cannot call " + call.uri() + ": " + describe(e));
            return HTTP_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("acs-call: interrupted");
            return HTTP_ERROR;
        }
        out.println(response.body());
        if (response.statusCode() / 100 != 2) {
            err.println("HTTP " + response.statusCode());
            return HTTP_ERROR;
        }
        return OK;
    }

    /** The first message along the causes: HttpClient's own exceptions often have none. */
    private static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                return cause.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }
}
