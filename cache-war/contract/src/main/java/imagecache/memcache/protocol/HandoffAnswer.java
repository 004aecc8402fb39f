package imagecache.memcache.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The answer to a handoff ({@code PUT entries} with a batch): how many of the items the node stored. */
public record HandoffAnswer(int stored) {

    private static final Pattern STORED = Pattern.compile("\"stored\"\\s*:\\s*(\\d{1,9})");

    /** This answer in JSON, written without a JSON binding (the cache WAR's servlet answers it). */
    public String json() {
        return "{\"stored\":" + stored + "}";
    }

    /** Reads an answer written by {@link #json()}; 0 stored when the text is not one. */
    public static HandoffAnswer parse(String json) {
        Matcher found = STORED.matcher(json);
        return new HandoffAnswer(found.find() ? Integer.parseInt(found.group(1)) : 0);
    }
}
