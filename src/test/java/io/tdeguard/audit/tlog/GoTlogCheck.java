package io.tdeguard.audit.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Go's golang.org/x/mod/sumdb/note and sumdb/tlog (Debian's golang-go and golang-golang-x-mod-dev) as an independent
 * checker, through our small Go program {@code src/test/go/tlogcheck} (its input: that file's documentation).
 * Without Go a test using it is skipped, except on CI ({@code CI=true}), where it fails.
 */
public final class GoTlogCheck {

    private static final Path GOPATH = Path.of("/usr/share/gocode");
    private static final Path SOURCE = Path.of("src/test/go/tlogcheck/main.go");
    private static final Path BINARY = Path.of("target/tlogcheck");
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private static boolean built;
    private static String unavailable;

    private GoTlogCheck() {
    }

    /** What tlogcheck answered. */
    public record Result(int exitCode, String output) {
    }

    /**
     * Builds the checker once; null when it is ready, else why not (the caller skips: Assumptions.assumeTrue).
     * Fails on CI when Go is missing.
     */
    public static synchronized String unavailable() {
        if (built) {
            return unavailable;
        }
        built = true;
        String go = findGo();
        boolean xmod = Files.isDirectory(GOPATH.resolve("src/golang.org/x/mod/sumdb/tlog"));
        if (go == null || !xmod) {
            unavailable = "Go or golang.org/x/mod is not installed (apt-get install golang-go golang-golang-x-mod-dev)";
            if ("true".equals(System.getenv("CI"))) {
                fail(unavailable + ", and CI=true: the independent Go check must run on CI");
            }
            return unavailable;
        }
        try {
            Files.createDirectories(BINARY.getParent());
            Process build = goEnvironment(new ProcessBuilder(go, "build", "-o", BINARY.toString(), SOURCE.toString()))
                    .redirectErrorStream(true).start();
            String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(build.waitFor(300, TimeUnit.SECONDS), "go build timed out");
            assertEquals(0, build.exitValue(), "go build failed: " + output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return null;
    }

    /** Runs the checker on one input document. */
    public static Result run(String json) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(BINARY.toAbsolutePath().toString()).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(json.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "tlogcheck timed out");
        return new Result(process.exitValue(), output);
    }

    /** GOPATH mode over Debian's packaged sources; no network, no module proxy. */
    private static ProcessBuilder goEnvironment(ProcessBuilder builder) {
        Map<String, String> env = builder.environment();
        env.put("GO111MODULE", "off");
        env.put("GOPATH", GOPATH.toString());
        env.put("GOCACHE", Path.of("target/go-cache").toAbsolutePath().toString());
        env.put("GOFLAGS", "");
        return builder;
    }

    private static String findGo() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File go = new File(dir, "go");
            if (go.canExecute()) {
                return go.getAbsolutePath();
            }
        }
        return null;
    }

    /** A JSON array of base64 strings. */
    public static String base64Array(List<byte[]> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ",").append('"').append(B64.encodeToString(values.get(i))).append('"');
        }
        return out.append(']').toString();
    }

    /** A JSON string: notes hold newlines and non-ASCII (the em dash), which JSON takes as \n and as itself. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
