package io.tdeguard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import one.profiler.AsyncProfiler;

/**
 * Profiles one section of a benchmark with async-profiler when {@code -Dbench.profile=EVENT} names an event
 * ({@code cpu}, {@code wall}, {@code alloc}, …): each section is written as a flame graph
 * {@code target/bench-profile/<section>-<event>.html} (and {@code .collapsed}, its stacks as text); without the property a section just runs. The whole JVM is
 * sampled (the in-process client and the function alike), only while the section runs.
 */
final class SectionProfiler {

    private static final String EVENT = System.getProperty("bench.profile", "");
    private static final Path DIRECTORY = Path.of("target", "bench-profile");

    private SectionProfiler() {
    }

    /** Runs {@code section}, profiled as {@code name} if profiling was asked for. */
    static <T> T profile(String name, Callable<T> section) throws Exception {
        if (EVENT.isEmpty()) {
            return section.call();
        }
        AsyncProfiler profiler = AsyncProfiler.getInstance();
        try {
            Files.createDirectories(DIRECTORY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // wall: every thread is sampled, so threads that wait show where a request waits
        String interval = EVENT.equals("wall") ? ",interval=2ms" : "";
        profiler.execute("start,event=" + EVENT + interval);
        try {
            return section.call();
        } finally {
            Path file = DIRECTORY.resolve(name + "-" + EVENT + ".html").toAbsolutePath();
            // the same samples as collapsed stacks too, one line per stack, for scripts that sum them
            profiler.execute("dump,collapsed,file=" + DIRECTORY.resolve(name + "-" + EVENT + ".collapsed").toAbsolutePath());
            profiler.execute("stop,file=" + file);
            System.out.println("[audit-benchmark] profile of " + name + ": " + file);
        }
    }
}
