package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How {@link ApiReference} reads docs/api.md's headings and errors, for {@code OpenApiIT}. */
class ApiReferenceTest {

    private static final String REFERENCE = """
            # The API

            ## Answers and errors

            | status | when |
            |---|---|
            | 400 | a bad key |
            | 401, 403 | an admin call without the token |

            ## Images

            ### `POST /api/upload`

            - Input: a key and a file of at most 10 MB.
            - Errors: 400 (bad key, `Missing file`), 408, 413,
              415 (`Not an image`), 503 (`Too many uploads in progress (64)`), 507.

            ### `GET` or `POST /api/key/{key}`

            - Errors: 400 (bad key), 404.

            ### `DELETE /api/key/{key}` — admin

            Success: `{"success": "true"}`. Errors: 404.

            ### `GET /api/cache/pool`

            A server without a grid: target 1, and the calls below answer 409.

            ### `POST /api/cache/pool/grow` — admin

            One node more. 400 when the pool would have more than 8; 409 while a resize is under way.

            ### `POST /api/getRate?rate=miss` (or `hit`)

            The rate over the last minute. 400 for another `rate`.

            ### `GET /images/{key}`

            Errors: 404.
            """;

    @Test
    void callsAreReadFromTheHeadingsOnePerMethod() {
        List<String> calls = ApiReference.parse(REFERENCE).calls().stream()
                .map(Object::toString)
                .toList();
        assertEquals(
                List.of(
                        "POST /api/upload",
                        "GET /api/key/{key}",
                        "POST /api/key/{key}",
                        "DELETE /api/key/{key}",
                        "GET /api/cache/pool",
                        "POST /api/cache/pool/grow",
                        "POST /api/getRate"),
                calls,
                "the query left out, nothing outside /api");
    }

    @Test
    void errorsAreThoseOfTheErrorsClausesAndThoseThatOpenASentence() {
        List<ApiReference.Call> calls = ApiReference.parse(REFERENCE).calls();
        assertEquals(Set.of(400, 408, 413, 415, 503, 507), calls.get(0).errors());
        assertEquals(Set.of(400, 404), calls.get(1).errors());
        assertEquals(Set.of(404), calls.get(3).errors());
        assertEquals(Set.of(), calls.get(4).errors(), "a status named of other calls in passing is not this one's");
        assertEquals(Set.of(400, 409), calls.get(5).errors());
        assertEquals(Set.of(400), calls.get(6).errors());
    }

    @Test
    void adminCallsAreMarkedInTheirHeading() {
        List<Boolean> admin = ApiReference.parse(REFERENCE).calls().stream()
                .map(ApiReference.Call::admin)
                .toList();
        assertEquals(List.of(false, false, false, true, false, true, false), admin);
    }

    @Test
    void theStatusTableIsRead() {
        assertEquals(Set.of(400, 401, 403), ApiReference.parse(REFERENCE).statuses());
    }
}
