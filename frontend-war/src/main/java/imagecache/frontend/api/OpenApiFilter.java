package imagecache.frontend.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Tidies what Payara's OpenAPI scan infers from the Java signatures where the annotations say better
 * (the last step before {@code /openapi} is served; {@code mp.openapi.filter}): JAX-RS path templates
 * with a regular expression ({@code key/{key: .*}}) become OpenAPI's {@code {key}}, and a request body
 * keeps the media types the annotations name, without the {@code *}{@code /*} of a form parameter or the
 * JSON string of a {@code String body} parameter, which no call takes.
 */
public class OpenApiFilter implements OASFilter {

    private static final Pattern TEMPLATE = Pattern.compile("\\{(\\w+)\\s*:[^}]*\\}");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Paths paths = openAPI.getPaths();
        if (paths == null || paths.getPathItems() == null) {
            return;
        }
        Map<String, PathItem> items = new LinkedHashMap<>(paths.getPathItems());
        items.forEach((path, item) -> {
            if (item.getOperations() != null) {
                item.getOperations().values().forEach(OpenApiFilter::tidy);
            }
            String template = TEMPLATE.matcher(path).replaceAll("{$1}");
            if (!template.equals(path)) {
                paths.removePathItem(path);
                paths.addPathItem(template, item);
            }
        });
    }

    private static void tidy(Operation operation) {
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if (parameter.getIn() == Parameter.In.PATH) {
                    parameter.setRequired(true);
                }
            }
        }
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        Content content = operation.getRequestBody().getContent();
        Map<String, MediaType> types = content.getMediaTypes();
        if (types == null || types.size() < 2) {
            return;
        }
        for (Map.Entry<String, MediaType> type : new LinkedHashMap<>(types).entrySet()) {
            if (type.getKey().equals("*/*")
                    || (type.getKey().equals("application/json") && plainString(type.getValue()))) {
                content.removeMediaType(type.getKey());
            }
        }
    }

    private static boolean plainString(MediaType type) {
        Schema schema = type.getSchema();
        return schema == null || (schema.getRef() == null && schema.getType() == Schema.SchemaType.STRING);
    }
}
