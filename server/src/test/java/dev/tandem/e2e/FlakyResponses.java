package dev.tandem.e2e;

import com.microsoft.playwright.Route;

/**
 * A Playwright route handler for the client's result batches that makes the network fail:
 * every third request (or every n-th) fails, in turn in three ways, and during an outage every
 * request fails.
 * <ul>
 *   <li>the connection drops before the server sees the batch;</li>
 *   <li>a 503 answers before the server sees the batch;</li>
 *   <li>the server stores the batch, then its answer is lost (the client must resend, and the
 *       server must confirm the replay without storing anything twice).</li>
 * </ul>
 * Playwright's synchronous API runs handlers on the test's thread, so plain fields suffice.
 */
final class FlakyResponses {

    private final int every;
    private int requests;
    private int droppedBeforeServer;
    private int refusedWith503;
    private int answerLost;
    private boolean outage;

    /** Fails every third request. */
    FlakyResponses() {
        this(3);
    }

    /** Fails every {@code every}-th request (4: a quarter of them). */
    FlakyResponses(int every) {
        this.every = every;
    }

    void handle(Route route) {
        requests++;
        if (outage) {
            droppedBeforeServer++;
            route.abort("internetdisconnected");
            return;
        }
        if (requests % every != 0) {
            route.resume();
            return;
        }
        switch ((requests / every) % 3) {
            case 0 -> {
                droppedBeforeServer++;
                route.abort("connectionreset");
            }
            case 1 -> {
                refusedWith503++;
                route.fulfill(new Route.FulfillOptions().setStatus(503).setContentType("application/json")
                        .setBody("{\"error\":\"service unavailable (injected by the test)\"}"));
            }
            default -> {
                answerLost++;
                route.fetch(); // reaches the server, which stores the batch
                route.abort("connectionreset");
            }
        }
    }

    /** While on, every response request fails before it reaches the server. */
    void outage(boolean on) {
        outage = on;
    }

    int requests() {
        return requests;
    }

    int failed() {
        return droppedBeforeServer + refusedWith503 + answerLost;
    }

    int answerLost() {
        return answerLost;
    }

    @Override
    public String toString() {
        return requests + " response requests, " + failed() + " failed by the test (" + droppedBeforeServer
                + " dropped before the server, " + refusedWith503 + " answered 503, " + answerLost
                + " stored but the answer lost)";
    }
}
