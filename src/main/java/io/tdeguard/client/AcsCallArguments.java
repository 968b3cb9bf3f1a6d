package io.tdeguard.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parsed command line {@code acs-call [--endpoint URL] [--as NAME] [--identities FILE] Action [JSON]}.
 *
 * @param endpoint where the function listens, without trailing slash
 * @param identity the name of an identity in {@code identitiesFile}, or empty to use the environment's credentials
 * @param identitiesFile the properties file holding {@code NAME.AccessKeyId} and {@code NAME.AccessKeySecret}
 * @param action the function to call, e.g. {@code DescribeInstanceTDEStatus}
 * @param json the request body
 */
record AcsCallArguments(URI endpoint, Optional<String> identity, Path identitiesFile, String action, String json) {

    static final String DEFAULT_ENDPOINT = "http://localhost:8080";
    static final String ENDPOINT_VARIABLE = "TDEGUARD_ENDPOINT";
    static final String DEFAULT_JSON = "{}";

    /** A function name as Funqy serves it: the path segment after the endpoint, so nothing that needs escaping. */
    private static final Pattern ACTION = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    /**
     * Parses the arguments; the endpoint defaults to {@value #ENDPOINT_VARIABLE} from {@code environment}, then
     * to {@value #DEFAULT_ENDPOINT}.
     *
     * @throws UsageException if they do not make a call
     */
    static AcsCallArguments parse(List<String> args, Map<String, String> environment, Path defaultIdentitiesFile)
            throws UsageException {
        String endpoint = environment.getOrDefault(ENDPOINT_VARIABLE, DEFAULT_ENDPOINT);
        String identity = null;
        Path identitiesFile = null;
        String action = null;
        String json = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--endpoint" -> endpoint = valueOf(args, ++i, arg);
                case "--as" -> identity = valueOf(args, ++i, arg);
                case "--identities" -> identitiesFile = Path.of(valueOf(args, ++i, arg));
                default -> {
                    if (arg.startsWith("-")) {
                        throw new UsageException("unknown option '" + arg + "'");
                    } else if (action == null) {
                        action = arg;
                    } else if (json == null) {
                        json = arg;
                    } else {
                        throw new UsageException("unexpected argument '" + arg + "'");
                    }
                }
            }
        }
        if (action == null) {
            throw new UsageException("missing Action");
        }
        if (!ACTION.matcher(action).matches()) {
            throw new UsageException("malformed Action '" + action + "': expected a function name like CreateUser");
        }
        if (identitiesFile != null && identity == null) {
            throw new UsageException("--identities needs --as NAME");
        }
        return new AcsCallArguments(
                parseEndpoint(endpoint),
                Optional.ofNullable(identity),
                identitiesFile == null ? defaultIdentitiesFile : identitiesFile,
                action,
                json == null ? DEFAULT_JSON : json);
    }

    private static String valueOf(List<String> args, int index, String option) throws UsageException {
        if (index >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(index);
    }

    private static URI parseEndpoint(String endpoint) throws UsageException {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new UsageException("malformed endpoint '" + endpoint + "'");
        }
        boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        if (!http || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UsageException("malformed endpoint '" + endpoint + "': expected http[s]://host[:port][/path]");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path);
    }

    /** The URI of the call: the endpoint followed by {@code /Action}. */
    URI callUri() {
        return URI.create(endpoint + "/" + action);
    }
}
