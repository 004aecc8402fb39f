package imagecache.frontend.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON API as docs/api.md, the reference for people, names it: each call under {@code /api} one
 * of its {@code ###} headings names (`POST /api/upload`, `GET` or `POST /api/key/{key}`, "— admin"
 * for admin calls), with the error statuses its section gives, and the statuses of the "Answers and
 * errors" table. Read from the file, so that what the reference names is what is checked.
 */
final class ApiReference {

    /** One call: a method on a path (docs/api.md's spelling, without its query), an admin call or not, its errors. */
    record Call(String method, String path, boolean admin, Set<Integer> errors) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Pattern BACKTICKED = Pattern.compile("`([^`]*)`");
    private static final Pattern METHOD = Pattern.compile("(GET|POST|PUT|PATCH|DELETE)(?: (/\\S*))?");
    private static final Pattern STATUS = Pattern.compile("\\b([45]\\d\\d)\\b");
    // an error status that opens a sentence or a clause ("404 when the curve is off."; "; 409 while ...")
    private static final Pattern OPENING_STATUS =
            Pattern.compile("(?:^|[.;]\\s+)(?:- )?([45]\\d\\d)\\b", Pattern.MULTILINE);
    private static final Pattern TABLE_ROW =
            Pattern.compile("^\\|\\s*([45]\\d\\d(?:,\\s*[45]\\d\\d)*)\\s*\\|", Pattern.MULTILINE);

    private final List<Call> calls;
    private final Set<Integer> statuses;

    private ApiReference(List<Call> calls, Set<Integer> statuses) {
        this.calls = List.copyOf(calls);
        this.statuses = Set.copyOf(statuses);
    }

    /** docs/api.md of the project whose start.sh the tests run. */
    static ApiReference ofProject() {
        return read(Path.of(ItConfig.property("it.startScript")).getParent().resolve("docs/api.md"));
    }

    static ApiReference read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ApiReference parse(String markdown) {
        List<Call> calls = new ArrayList<>();
        Set<Integer> statuses = new TreeSet<>();
        String[] sections = markdown.split("(?m)^(?=#)");
        for (String section : sections) {
            int endOfHeading = section.indexOf('\n');
            String heading = endOfHeading < 0 ? section : section.substring(0, endOfHeading);
            String body = endOfHeading < 0 ? "" : section.substring(endOfHeading + 1);
            if (heading.startsWith("## Answers and errors")) {
                Matcher row = TABLE_ROW.matcher(body);
                while (row.find()) {
                    Matcher status = STATUS.matcher(row.group(1));
                    while (status.find()) {
                        statuses.add(Integer.valueOf(status.group(1)));
                    }
                }
            } else if (heading.startsWith("### ")) {
                calls.addAll(callsOf(heading, body));
            }
        }
        return new ApiReference(calls, statuses);
    }

    /** The calls a heading names (one per method) with the errors of its section; none outside /api. */
    private static List<Call> callsOf(String heading, String body) {
        List<String> methods = new ArrayList<>();
        String path = null;
        Matcher quoted = BACKTICKED.matcher(heading);
        while (quoted.find()) {
            Matcher method = METHOD.matcher(quoted.group(1));
            if (method.matches()) {
                methods.add(method.group(1));
                if (method.group(2) != null && path == null) {
                    path = method.group(2).replaceFirst("[?\\[].*", "");
                }
            }
        }
        if (path == null || !path.startsWith("/api/")) {
            return List.of();
        }
        boolean admin = heading.contains("— admin");
        Set<Integer> errors = errorsOf(body);
        String named = path;
        return methods.stream()
                .map(method -> new Call(method, named, admin, errors))
                .toList();
    }

    /**
     * The statuses a section gives its call: those of its "Errors" clauses (to the end of their
     * paragraph) and those that open a sentence, not those it mentions of other calls in passing.
     */
    private static Set<Integer> errorsOf(String body) {
        Set<Integer> errors = new TreeSet<>();
        for (String paragraph : body.split("\\n\\s*\\n")) {
            int clause = paragraph.indexOf("Errors");
            if (clause >= 0) {
                Matcher status = STATUS.matcher(paragraph.substring(clause));
                while (status.find()) {
                    errors.add(Integer.valueOf(status.group(1)));
                }
            }
            Matcher opening = OPENING_STATUS.matcher(paragraph);
            while (opening.find()) {
                errors.add(Integer.valueOf(opening.group(1)));
            }
        }
        return errors;
    }

    /** Every call under /api the headings name, one per method. */
    List<Call> calls() {
        return calls;
    }

    /** The statuses of the "Answers and errors" table. */
    Set<Integer> statuses() {
        return statuses;
    }
}
