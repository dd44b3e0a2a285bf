package dev.tandem.http;

import io.javalin.Javalin;

/** A group of endpoints; each group lists all its routes in one method. */
@FunctionalInterface
public interface Routes {

    void register(Javalin app, Guard guard);
}
