package dev.tradeloom.bff;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/** What is wrong with a body that is not JSON, said the same way by every route that reads one. */
final class JsonSyntax {
    private JsonSyntax() {}

    /** The parser's first line of complaint and where it stopped: "not valid JSON: … (line 1, column 9)". */
    static String problem(JsonProcessingException e) {
        final @Nullable JsonLocation at = e.getLocation();
        return "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")
               + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ')');
    }
}
