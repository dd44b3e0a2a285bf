package dev.tandem.upload;

import dev.tandem.common.InvalidInputException;

/**
 * A zip entry Tandem will not unpack (a path that could leave its folder, a link, a device, a
 * duplicate): the whole upload is refused, and the message names the entry as the zip spells it.
 */
public final class UnsafeEntryException extends InvalidInputException {

    UnsafeEntryException(String entry, String why) {
        super("file", "zip entry \"" + printable(entry) + "\" " + why);
    }

    /** The name as written, with control characters (NUL included) shown as {@code \\uXXXX}. */
    private static String printable(String entry) {
        StringBuilder out = new StringBuilder();
        entry.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
