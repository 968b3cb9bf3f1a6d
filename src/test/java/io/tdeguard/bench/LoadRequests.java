package io.tdeguard.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.aliyun.tea.TeaRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The request side of the load benchmark ({@code deploy/bench/load}): prepares identities and approvals through the
 * function's own API, and writes pre-signed requests for wrk to replay, each once. Every request is signed by the
 * official Alibaba Cloud SDK's signer ({@code com.aliyun.openapiutil.Client.getAuthorization}, ACS3-HMAC-SHA256), with
 * the headers the SDK sends and a nonce of its own ({@code com.aliyun.teautil.Common.getNonce}).
 *
 * <pre>
 *   LoadRequests setup   ENDPOINT INSTANCE_PREFIX CHANGES        identities, CHANGES approved approvals; prints keys
 *   LoadRequests sign    ENDPOINT INSTANCE_PREFIX FIRST COUNT READS FILE   pre-signed requests (see below)
 *   LoadRequests verify  ENDPOINT                                 CreateAuditCheckpoint, then VerifyAuditTrail
 * </pre>
 *
 * The bootstrap administrator's AccessKey comes from {@code TDEGUARD_BOOTSTRAP_ACCESS_KEY_ID} and
 * {@code TDEGUARD_BOOTSTRAP_ACCESS_KEY_SECRET}; {@code sign} takes the requester's from {@code LOAD_REQUESTER_KEY_ID}
 * and {@code LOAD_REQUESTER_KEY_SECRET} (what {@code setup} printed). {@code sign} writes, with READS = 0,
 * ModifyInstanceTDE enabling TDE on instances {@code <prefix><n>} for n in [FIRST, FIRST + COUNT), and with READS = R
 * (COUNT ignored), R DescribeInstanceTDEStatus of instance {@code <prefix>0}. The file holds each raw HTTP/1.1 request
 * after a line with its length in bytes ({@code deploy/bench/replay.lua} reads it).
 */
public final class LoadRequests {

    static final String API_VERSION = "2015-01-01";
    static final String REQUESTER = "load-requester";
    static final String APPROVER = "load-approver";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final int SETUP_CONNECTIONS = 8;

    private LoadRequests() {
    }

    /** An AccessKey. */
    record Key(String id, String secret) {

        static Key fromEnvironment(String idVariable, String secretVariable) {
            String id = System.getenv(idVariable);
            String secret = System.getenv(secretVariable);
            if (id == null || secret == null) {
                throw new IllegalStateException(idVariable + " and " + secretVariable + " must be set");
            }
            return new Key(id, secret);
        }
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[1]);
        Key admin = Key.fromEnvironment("TDEGUARD_BOOTSTRAP_ACCESS_KEY_ID", "TDEGUARD_BOOTSTRAP_ACCESS_KEY_SECRET");
        switch (args[0]) {
            case "setup" -> setup(endpoint, admin, args[2], Integer.parseInt(args[3]));
            case "sign" -> sign(endpoint, Key.fromEnvironment("LOAD_REQUESTER_KEY_ID", "LOAD_REQUESTER_KEY_SECRET"),
                    args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Path.of(args[6]));
            case "verify" -> System.exit(verify(endpoint, admin) ? 0 : 1);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /** A simulated instance's id: {@code <prefix>} and ten digits. */
    static String instanceId(String prefix, int n) {
        return prefix + String.format("%010d", n);
    }

    /**
     * A requester allowed to read TDE status and to ask for and make TDE changes, an approver allowed to decide
     * approvals, and one approved approval per instance {@code 1..changes}, each created by the requester and approved
     * by the approver. Prints the requester's key as shell assignments.
     */
    static void setup(URI endpoint, Key admin, String prefix, int changes) throws Exception {
        Key requester = user(endpoint, admin, REQUESTER, """
                {"Version":"1","Statement":[
                  {"Effect":"Allow","Action":["kvstore:ModifyInstanceTDE","tdeguard:CreateApproval"],
                   "Resource":"acs:kvstore:*:*:instance/*","Condition":{"StringEquals":{"kvstore:TDEStatus":"Enabled"}}},
                  {"Effect":"Allow","Action":"kvstore:DescribeInstanceTDEStatus","Resource":"acs:kvstore:*:*:instance/*"}]}""");
        Key approver = user(endpoint, admin, APPROVER, """
                {"Version":"1","Statement":[{"Effect":"Allow","Action":"tdeguard:DecideApproval",
                  "Resource":"acs:tdeguard:*:*:approval/*"}]}""");
        ExecutorService pool = Executors.newFixedThreadPool(SETUP_CONNECTIONS);
        List<Future<?>> approvals = new ArrayList<>();
        for (int n = 1; n <= changes; n++) {
            String instance = instanceId(prefix, n);
            approvals.add(pool.submit(() -> {
                Map<String, Object> parameters = new LinkedHashMap<>();
                parameters.put("InstanceId", instance);
                parameters.put("TDEStatus", "Enabled");
                Map<String, Object> create = new LinkedHashMap<>();
                create.put("Action", "kvstore:ModifyInstanceTDE");
                create.put("Parameters", parameters);
                create.put("Reason", "load benchmark");
                String approvalId = call(endpoint, requester, "CreateApproval", create).path("ApprovalId").asText();
                String status = call(endpoint, approver, "ApproveApproval", Map.of("ApprovalId", approvalId,
                        "Comment", "load benchmark")).path("Status").asText();
                if (!"Approved".equals(status)) {
                    throw new IllegalStateException("approval " + approvalId + " is " + status + " after approving");
                }
                return null;
            }));
        }
        for (Future<?> approval : approvals) {
            approval.get(30, TimeUnit.MINUTES);
        }
        pool.shutdown();
        System.out.println("LOAD_REQUESTER_KEY_ID=" + requester.id());
        System.out.println("LOAD_REQUESTER_KEY_SECRET=" + requester.secret());
    }

    /** A user with an AccessKey and a policy of its own, made by the administrator. */
    private static Key user(URI endpoint, Key admin, String userName, String policyDocument) throws Exception {
        call(endpoint, admin, "CreateUser", Map.of("UserName", userName));
        JsonNode key = call(endpoint, admin, "CreateAccessKey", Map.of("UserName", userName)).path("AccessKey");
        String policyName = userName + "-policy";
        call(endpoint, admin, "CreatePolicy", Map.of("PolicyName", policyName, "PolicyDocument", policyDocument));
        call(endpoint, admin, "AttachPolicyToUser", Map.of("PolicyName", policyName, "UserName", userName));
        return new Key(key.path("AccessKeyId").asText(), key.path("AccessKeySecret").asText());
    }

    static void sign(URI endpoint, Key requester, String prefix, int first, int count, int reads, Path file)
            throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            if (reads > 0) {
                byte[] body = JSON.writeValueAsBytes(Map.of("InstanceId", instanceId(prefix, 0)));
                for (int i = 0; i < reads; i++) {
                    write(out, raw(signed(endpoint, requester, "DescribeInstanceTDEStatus", body)));
                }
            } else {
                for (int n = first; n < first + count; n++) {
                    byte[] body = JSON.writeValueAsBytes(Map.of("InstanceId", instanceId(prefix, n),
                            "TDEStatus", "Enabled"));
                    write(out, raw(signed(endpoint, requester, "ModifyInstanceTDE", body)));
                }
            }
        }
    }

    /** Integrates every waiting event and verifies the whole log; prints the answer. */
    static boolean verify(URI endpoint, Key admin) throws Exception {
        JsonNode checkpoint = call(endpoint, admin, "CreateAuditCheckpoint", Map.of());
        JsonNode verified = call(endpoint, admin, "VerifyAuditTrail", Map.of());
        System.out.println("CreateAuditCheckpoint TreeSize=" + checkpoint.path("TreeSize").asLong());
        System.out.println("VerifyAuditTrail " + verified);
        return verified.path("Verified").asBoolean(false);
    }

    /** A request signed as the official SDK signs it: its headers in signing order, the body. */
    record Signed(String action, TreeMap<String, String> headers, byte[] body) {
    }

    static Signed signed(URI endpoint, Key key, String action, byte[] body) throws Exception {
        TeaRequest request = new TeaRequest();
        request.method = "POST";
        request.pathname = "/" + action;
        request.query = new HashMap<>();
        TreeMap<String, String> headers = new TreeMap<>();
        headers.put("host", endpoint.getHost() + ":" + endpoint.getPort());
        headers.put("content-type", "application/json");
        headers.put("x-acs-action", action);
        headers.put("x-acs-version", API_VERSION);
        headers.put("x-acs-date", com.aliyun.openapiutil.Client.getTimestamp());
        headers.put("x-acs-signature-nonce", com.aliyun.teautil.Common.getNonce());
        String payloadHash = com.aliyun.openapiutil.Client.hexEncode(
                com.aliyun.openapiutil.Client.hash(body, "ACS3-HMAC-SHA256"));
        headers.put("x-acs-content-sha256", payloadHash);
        request.headers = new HashMap<>(headers);
        headers.put("authorization", com.aliyun.openapiutil.Client.getAuthorization(request, "ACS3-HMAC-SHA256",
                payloadHash, key.id(), key.secret()));
        return new Signed(action, headers, body);
    }

    /** The request as it goes on the wire (HTTP/1.1, keep-alive). */
    static byte[] raw(Signed signed) {
        StringBuilder head = new StringBuilder("POST /").append(signed.action()).append(" HTTP/1.1\r\n");
        signed.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("content-length: ").append(signed.body().length).append("\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[start.length + signed.body().length];
        System.arraycopy(start, 0, raw, 0, start.length);
        System.arraycopy(signed.body(), 0, raw, start.length, signed.body().length);
        return raw;
    }

    private static void write(OutputStream out, byte[] raw) throws IOException {
        out.write((raw.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(raw);
    }

    /** One signed call that must answer 200; its JSON answer. */
    static JsonNode call(URI endpoint, Key key, String action, Object members) throws Exception {
        Signed signed = signed(endpoint, key, action, JSON.writeValueAsBytes(members));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/" + action))
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        signed.headers().forEach((name, value) -> {
            if (!name.equals("host")) {
                request.header(name, value);
            }
        });
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(action + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
