package io.tdeguard.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class SchemaVersionTest {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    @Test
    void expectsTheNewestMigration() throws IOException {
        int newest;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            newest = files.map(file -> VERSIONED.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(match -> Integer.parseInt(match.group(1)))
                    .max().orElseThrow();
        }
        assertEquals(String.valueOf(newest), SchemaVersion.EXPECTED,
                "a new migration: update SchemaVersion.EXPECTED, which a prod start checks");
    }
}
