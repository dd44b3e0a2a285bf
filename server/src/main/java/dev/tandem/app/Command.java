package dev.tandem.app;

import java.io.PrintStream;

/** One CLI command, e.g. {@code serve} or {@code experiment load}. */
interface Command {

    /** One line for the usage text. */
    String usage();

    /** Runs the command; returns the process exit code. */
    int run(Args args, AppConfig config, PrintStream out) throws Exception;

    /**
     * Runs the command with the error stream too: a command whose standard output is data (an
     * export) reports progress there. Most commands write only to {@code out}.
     */
    default int run(Args args, AppConfig config, PrintStream out, PrintStream err) throws Exception {
        return run(args, config, out);
    }
}
