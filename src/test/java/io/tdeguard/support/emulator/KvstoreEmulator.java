package io.tdeguard.support.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.tdeguard.kvstore.EncryptionKeyList;
import io.tdeguard.kvstore.EncryptionKeyResult;
import io.tdeguard.kvstore.InstanceAttribute;
import io.tdeguard.kvstore.ModifyTdeCommand;
import io.tdeguard.kvstore.ResourceAuthorization;
import io.tdeguard.kvstore.RkvstoreResponses;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.simulator.SimulatedService;
import io.tdeguard.signature.AccessKeySecret;
import io.tdeguard.signature.Acs3Request;
import io.tdeguard.signature.Acs3SignedRequest;
import io.tdeguard.signature.Acs3Verifier;
import io.tdeguard.signature.SignatureException;

/**
 * An emulator of the R-kvstore OpenAPI (2015-01-01) on 127.0.0.1, for tests: it serves the six RPC operations TDE
 * Guard uses ({@code POST /}, action in {@code x-acs-action}, parameters in the query), verifies every request's
 * ACS3-HMAC-SHA256 signature with the {@code signature} package and refuses bad ones with Alibaba's codes, and
 * answers from the simulator's state machine ({@link SimulatedService}, state in PostgreSQL), so that it and the
 * {@code simulator} backend follow the same rules.
 *
 * <p>Faults: the simulator's injected faults of ModifyInstanceTDE ({@code SimulatorFaults}) are played as a stalled
 * connection that answers nothing for {@link #stall}; {@link #failNext} answers the next call of an action with an
 * error before it reaches the service (throttling, a gateway's 5xx), {@link #failNextWithoutRequestId} with one that
 * carries no RequestId, as R-kvstore answers some 400s.
 */
public final class KvstoreEmulator implements AutoCloseable {

    static final String API_VERSION = "2015-01-01";
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the emulator received, as it authenticated and answered it. */
    public record Received(String action, Map<String, String> parameters, String accessKeyId, String securityToken,
            int status, String code, String requestId) {
    }

    private record Key(AccessKeySecret secret, String securityToken) {
    }

    private record ScriptedError(int status, String code, String message, boolean withRequestId) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Supplier<SimulatedService> service;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final Map<String, ConcurrentLinkedQueue<ScriptedError>> scripted = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Duration stall = Duration.ofSeconds(3);
    private volatile Duration readDelay = Duration.ZERO;

    private KvstoreEmulator(Supplier<SimulatedService> service) throws IOException {
        this.service = service;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    /** Starts an emulator on a free port of 127.0.0.1, answering from the service {@code service} gives. */
    public static KvstoreEmulator start(Supplier<SimulatedService> service) throws IOException {
        KvstoreEmulator emulator = new KvstoreEmulator(service);
        emulator.server.start();
        return emulator;
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Accepts requests signed with this AccessKey. */
    public KvstoreEmulator addAccessKey(String accessKeyId, String secret) {
        keys.put(accessKeyId, new Key(AccessKeySecret.of(secret), null));
        return this;
    }

    /** Accepts requests signed with these STS credentials, which must carry their security token. */
    public KvstoreEmulator addStsCredentials(String accessKeyId, String secret, String securityToken) {
        keys.put(accessKeyId, new Key(AccessKeySecret.of(secret), securityToken));
        return this;
    }

    /** How long a faulted ModifyInstanceTDE keeps the connection without answering. */
    public void stall(Duration stall) {
        this.stall = stall;
    }

    /** How long every call but ModifyInstanceTDE waits before it is served, as a slow R-kvstore would; zero: none. */
    public void delayReads(Duration delay) {
        this.readDelay = delay;
    }

    /** Answers the next call of {@code action} with this error, before it reaches the service. */
    public void failNext(String action, int status, String code, String message) {
        scripted.computeIfAbsent(action, any -> new ConcurrentLinkedQueue<>())
                .add(new ScriptedError(status, code, message, true));
    }

    /** Answers the next call of {@code action} with this error and no RequestId, in the body or a header. */
    public void failNextWithoutRequestId(String action, int status, String code, String message) {
        scripted.computeIfAbsent(action, any -> new ConcurrentLinkedQueue<>())
                .add(new ScriptedError(status, code, message, false));
    }

    public void clearScriptedErrors() {
        scripted.clear();
    }

    /** Every request received so far, oldest first. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests received for one instance, oldest first. */
    public List<Received> receivedFor(String instanceId) {
        return received.stream().filter(r -> instanceId.equals(r.parameters().get("InstanceId"))).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Acs3Request request;
            try {
                request = toAcs3Request(exchange, body);
            } catch (IllegalArgumentException e) {
                answer(exchange, null, error(400, "InvalidParameter", e.getMessage()));
                return;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            request.queryParameters().forEach(p -> parameters.putIfAbsent(p.name(), p.value()));
            String action = request.header("x-acs-action").orElse("");
            Answer answer;
            String accessKeyId = null;
            String token = null;
            try {
                Acs3SignedRequest signed = authenticate(request);
                accessKeyId = signed.accessKeyId();
                token = signed.securityToken().orElse(null);
                answer = serve(exchange, action, parameters);
            } catch (Refusal refusal) {
                answer = refusal.answer;
            }
            if (answer == null) {
                return; // stalled: no answer at all
            }
            received.add(new Received(action, parameters, accessKeyId, token, answer.status,
                    (String) answer.body.get("Code"), (String) answer.body.get("RequestId")));
            answer(exchange, action, answer);
        } catch (RuntimeException e) {
            // A bug of the emulator: answer like a service would, and keep it visible in the test output.
            e.printStackTrace();
            answer(exchange, null, error(500, "InternalError", "emulator failure: " + e));
        }
    }

    private static Acs3Request toAcs3Request(HttpExchange exchange, byte[] body) {
        URI uri = exchange.getRequestURI();
        Acs3Request.Builder builder = Acs3Request.builder(exchange.getRequestMethod(), uri.getRawPath())
                .queryParameters(Acs3Request.parseRawQuery(uri.getRawQuery()))
                .body(body);
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                builder.header(name, values.get(0));
            }
        });
        return builder.build();
    }

    /** The checks of an Alibaba gateway, each with its error code. */
    private Acs3SignedRequest authenticate(Acs3Request request) throws Refusal {
        Acs3SignedRequest signed;
        try {
            signed = Acs3Verifier.inspect(request);
        } catch (SignatureException e) {
            throw new Refusal(error(e.httpStatus(), e.code(), e.getMessage()));
        }
        Key key = keys.get(signed.accessKeyId());
        if (key == null) {
            throw new Refusal(error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."));
        }
        try {
            Acs3Verifier.verify(signed, key.secret());
        } catch (SignatureException e) {
            throw new Refusal(error(400, "SignatureDoesNotMatch",
                    "Specified signature does not match our calculation."));
        }
        if (key.securityToken() != null && !key.securityToken().equals(signed.securityToken().orElse(null))) {
            throw new Refusal(error(400, "InvalidSecurityToken.MismatchWithAccessKey",
                    "Specified SecurityToken mismatch with the AccessKey."));
        }
        try {
            Instant signedAt = Instant.parse(signed.date());
            if (Duration.between(signedAt, clock.instant()).abs().compareTo(CLOCK_SKEW) > 0) {
                throw new Refusal(error(400, "InvalidTimeStamp.Expired",
                        "Specified time stamp or date value is expired."));
            }
        } catch (DateTimeParseException e) {
            throw new Refusal(error(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted."));
        }
        if (!nonces.add(signed.accessKeyId() + "/" + signed.nonce())) {
            throw new Refusal(error(400, "SignatureNonceUsed", "Specified signature nonce was used already."));
        }
        if (!API_VERSION.equals(request.header("x-acs-version").orElse(null))) {
            throw new Refusal(error(400, "InvalidVersion", "Specified parameter Version is not valid."));
        }
        return signed;
    }

    /** Null when the answer is stalled (an injected fault). */
    private Answer serve(HttpExchange exchange, String action, Map<String, String> parameters) throws Refusal {
        if (!"/".equals(exchange.getRequestURI().getRawPath())) {
            throw new Refusal(error(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."));
        }
        ConcurrentLinkedQueue<ScriptedError> errors = scripted.get(action);
        ScriptedError scriptedError = errors == null ? null : errors.poll();
        if (scriptedError != null) {
            Answer error = error(scriptedError.status(), scriptedError.code(), scriptedError.message());
            if (!scriptedError.withRequestId()) {
                error.body.remove("RequestId");
            }
            return error;
        }
        if (!"ModifyInstanceTDE".equals(action) && !readDelay.isZero()) {
            sleep(readDelay);
        }
        SimulatedService simulator = service.get();
        String instanceId = parameters.get("InstanceId");
        try {
            switch (action) {
                case "ModifyInstanceTDE" -> {
                    require(parameters, "InstanceId");
                    require(parameters, "TDEStatus");
                    SimulatedService.Modification modification = simulator.modifyInstanceTde(new ModifyTdeCommand(
                            parameters.get("RegionId"), instanceId, parameters.get("TDEStatus"),
                            parameters.get("EncryptionName"), parameters.get("EncryptionKey"),
                            parameters.get("RoleArn")));
                    if (modification.fault() != null) {
                        received.add(new Received(action, parameters, null, null, 0, "Stalled:" + modification.fault(),
                                modification.requestId()));
                        sleep(stall);
                        return null;
                    }
                    if (modification.rejection() != null) {
                        throw modification.rejection();
                    }
                    return ok(modification.requestId(), Map.of());
                }
                case "DescribeInstanceTDEStatus" -> {
                    require(parameters, "InstanceId");
                    var status = simulator.describeInstanceTdeStatus(parameters.get("RegionId"), instanceId);
                    return ok(status.backendRequestId(), RkvstoreResponses.tdeStatus(status));
                }
                case "DescribeEncryptionKeyList" -> {
                    require(parameters, "InstanceId");
                    EncryptionKeyList list = simulator.describeEncryptionKeyList(parameters.get("RegionId"), instanceId);
                    return ok(list.backendRequestId(), RkvstoreResponses.encryptionKeyList(list));
                }
                case "DescribeEncryptionKey" -> {
                    require(parameters, "InstanceId");
                    require(parameters, "EncryptionKey");
                    EncryptionKeyResult key = simulator.describeEncryptionKey(parameters.get("RegionId"), instanceId,
                            parameters.get("EncryptionKey"));
                    return ok(key.backendRequestId(), RkvstoreResponses.encryptionKey(key));
                }
                case "CheckCloudResourceAuthorized" -> {
                    require(parameters, "InstanceId");
                    ResourceAuthorization authorization = simulator.checkCloudResourceAuthorized(
                            parameters.get("RegionId"), instanceId, parameters.get("RoleArn"));
                    return ok(authorization.backendRequestId(), RkvstoreResponses.resourceAuthorization(authorization));
                }
                case "DescribeInstanceAttribute" -> {
                    require(parameters, "InstanceId");
                    InstanceAttribute attribute = simulator.describeInstanceAttribute(parameters.get("RegionId"),
                            instanceId);
                    return ok(attribute.backendRequestId(), RkvstoreResponses.instanceAttribute(attribute));
                }
                default -> throw new Refusal(error(404, "InvalidAction.NotFound",
                        "Specified api is not found, please check your url and method."));
            }
        } catch (TdeApiException e) {
            Answer error = error(e.httpStatus(), e.code(), e.getMessage());
            error.body.put("RequestId", e.backendRequestId() == null ? newRequestId() : e.backendRequestId());
            return error;
        }
    }

    private static void require(Map<String, String> parameters, String name) throws Refusal {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            throw new Refusal(error(400, "MissingParameter",
                    "The input parameter \"" + name + "\" that is mandatory for processing this request is not supplied."));
        }
    }

    private static Answer ok(String requestId, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", requestId);
        body.putAll(fields);
        return new Answer(200, body);
    }

    private static Answer error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", newRequestId());
        body.put("HostId", "r-kvstore.aliyuncs.com");
        body.put("Code", code);
        body.put("Message", message);
        body.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + code);
        return new Answer(status, body);
    }

    private static void answer(HttpExchange exchange, String action, Answer answer) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(answer.body);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        if (answer.body.get("RequestId") != null) {
            exchange.getResponseHeaders().set("x-acs-request-id", (String) answer.body.get("RequestId"));
        }
        exchange.sendResponseHeaders(answer.status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String newRequestId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    private record Answer(int status, Map<String, Object> body) {
    }

    private static final class Refusal extends Exception {
        final Answer answer;

        Refusal(Answer answer) {
            super((String) answer.body.get("Code"), null, false, false);
            this.answer = answer;
        }
    }
}
