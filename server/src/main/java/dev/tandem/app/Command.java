package dev.tandem.app;

import java.io.PrintStream;

/** One CLI command, e.g. {@code serve} or {@code experiment load}. */
interface Command {

    /** One line for the usage text. */
    String usage();

    /** Runs the command; returns the process exit code. */
    int run(Args args, AppConfig config, PrintStream out) throws Exception;
}
