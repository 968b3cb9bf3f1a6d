package io.tdeguard.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Reads the JSON test data under {@code src/test/resources/policy/}. */
final class TestData {

    /** Decimals stay exact, so a policy document in a test file is passed on exactly as written. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private TestData() {
    }

    /** The JSON files of a folder under {@code policy/}, sorted by name, each with its file name. */
    static List<Map.Entry<String, JsonNode>> files(String folder) {
        URL url = TestData.class.getResource("/policy/" + folder);
        if (url == null) {
            throw new IllegalStateException("no test data folder policy/" + folder);
        }
        try (Stream<Path> paths = Files.list(Path.of(url.toURI()))) {
            List<Map.Entry<String, JsonNode>> files = new ArrayList<>();
            for (Path path : paths.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                files.add(Map.entry(path.getFileName().toString(), JSON.readTree(path.toFile())));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A string, or each string of a list. */
    static List<String> strings(JsonNode node) {
        List<String> strings = new ArrayList<>();
        if (node == null || node.isNull()) {
            return strings;
        }
        if (node.isArray()) {
            node.forEach(item -> strings.add(item.asText()));
        } else {
            strings.add(node.asText());
        }
        return strings;
    }

    /** A request context: each key with a string or a list of strings. */
    static Map<String, List<String>> context(JsonNode node) {
        Map<String, List<String>> context = new LinkedHashMap<>();
        if (node != null) {
            node.properties().forEach(field -> context.put(field.getKey(), strings(field.getValue())));
        }
        return context;
    }

    /** {@code Policy[2]} for a statement reference, as the test data writes it. */
    static String shortRef(StatementRef ref) {
        return ref.policyName() + "[" + ref.index() + "]";
    }
}
