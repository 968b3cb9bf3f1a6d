package io.tdeguard.audit.offline;

import java.io.PrintStream;
import java.util.List;

/** Runs the offline verifier's command line in process, for tests in other packages. */
public final class VerifyExportRunner {

    private VerifyExportRunner() {
    }

    public static int run(PrintStream out, String... args) {
        return new VerifyExport(out, out).run(List.of(args));
    }
}
