package io.tdeguard.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 request sent as bytes, with a request target exactly as given: the HTTP clients of the JDK and of
 * rest-assured refuse to send a URI that is not one, which is what a hostile caller sends.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** An answer read off the wire; header names in lower case. */
    public record Answer(int status, Map<String, String> headers, String body) {
    }

    /** Sends {@code method target} with a body of {@code {}} and these extra header lines, and reads the answer. */
    public static Answer send(int port, String method, String target, Map<String, String> headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write((request + "\r\n{}").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int headersEnd = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, headersEnd).split("\r\n");
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                answerHeaders.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), answerHeaders, text.substring(headersEnd + 4));
        }
    }
}
