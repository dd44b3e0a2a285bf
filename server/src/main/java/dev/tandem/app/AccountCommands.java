package dev.tandem.app;

import dev.tandem.common.LogText;
import java.io.PrintStream;

/** Commands an operator runs on accounts from the server's shell. */
final class AccountCommands {

    private AccountCommands() {}

    /**
     * {@code account unlock NAME}: lifts the login throttle of an account (five failed logins in
     * 15 minutes lock it), so that someone guessing {@code admin}'s password cannot lock the
     * admins out for good. The deployment token keeps working while an account is throttled.
     */
    static final class Unlock implements Command {
        @Override
        public String usage() {
            return "account unlock NAME";
        }

        @Override
        public int run(Args args, AppConfig config, PrintStream out) {
            String name = args.positional(0, "NAME");
            try (Tandem tandem = Tandem.open(config, 2)) {
                int failures = tandem.accounts.unlock(name);
                out.println("Account " + LogText.quoted(name) + " unlocked (" + failures + " failed logins forgotten)");
            }
            return 0;
        }
    }
}
