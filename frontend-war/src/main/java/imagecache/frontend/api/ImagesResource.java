package imagecache.frontend.api;

import static imagecache.frontend.api.ApiApplication.ADMIN_TOKEN;
import static imagecache.frontend.api.ApiApplication.BAD_REQUEST;
import static imagecache.frontend.api.ApiApplication.ERROR;
import static imagecache.frontend.api.ApiApplication.FORBIDDEN;
import static imagecache.frontend.api.ApiApplication.IMAGES;
import static imagecache.frontend.api.ApiApplication.INTERNAL_ERROR;
import static imagecache.frontend.api.ApiApplication.NOT_FOUND;
import static imagecache.frontend.api.ApiApplication.UNAUTHORIZED;
import static imagecache.frontend.api.ApiApplication.UNAVAILABLE;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageKey;
import imagecache.frontend.service.ImageContent;
import imagecache.frontend.service.ImageService;
import imagecache.frontend.service.KeySuggestions;
import imagecache.frontend.service.StoredImage;
import imagecache.frontend.service.UploadResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Upload, read, list and delete images by key. A key may be empty or hold '/' in the path only to be refused with 400. */
@ApplicationScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = IMAGES, description = "upload, read, list and delete images by key")
public class ImagesResource {

    private static final String KEY_IN_PATH = "the key, percent-encoded as one path segment";
    private static final String KEY_IN_QUERY = "the key (the same call as with the key in the path)";

    @Inject
    ImageService images;

    @POST
    @Path("upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @UploadLimited
    @Operation(summary = "Store an image under a key, replacing what the key held")
    @APIResponse(
            responseCode = "200",
            description = "stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Uploaded")))
    @APIResponse(
            responseCode = "400",
            description = "a bad key, a missing file (Missing file) or an empty one (File is empty)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR)))
    @APIResponse(
            responseCode = "408",
            description = "the body arrived slower than UPLOAD_MIN_RATE_KIB over a window (Connection: close)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR)))
    @APIResponse(
            responseCode = "413",
            description = "a file larger than MAX_UPLOAD_MB, or a canvas larger than MAX_IMAGE_MEGAPIXELS"
                    + " (Connection: close)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR)))
    @APIResponse(
            responseCode = "415",
            description = "not an image of an accepted format, a broken one, or a body that is not multipart",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    @APIResponse(
            responseCode = "507",
            description = "the image store is full or not writable",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR)))
    public JsonObject upload(
            @FormParam("key") EntityPart key,
            // on the last form parameter: Payara applies a request body only once a form parameter made one
            @FormParam("file")
                    @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.MULTIPART_FORM_DATA,
                                            schema = @Schema(ref = "Upload")))
                    EntityPart file)
            throws Exception {
        // the key is checked first, so that a request with neither names the key
        ImageKey imageKey = ImageKey.of(key == null ? null : key.getContent(String.class));
        if (file == null) {
            throw ImageCacheException.invalid("Missing file");
        }
        UploadResult result = images.upload(imageKey, file.getContent());
        return Answers.success()
                .add("key", result.key())
                .add("replaced", result.replaced())
                .add("bytes", result.bytes())
                .add("contentType", result.contentType())
                .build();
    }

    @GET
    @Path("key/{key: .*}")
    @Operation(summary = "The image as JSON, and whether the memcache had it")
    @APIResponse(
            responseCode = "200",
            description = "the image, its bytes in base64",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Image")))
    @APIResponse(responseCode = "400", ref = BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = NOT_FOUND)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public Response get(@PathParam("key") @Parameter(description = KEY_IN_PATH, required = true) String key) {
        return base64Answer(images.find(ImageKey.of(key)));
    }

    /**
     * The image as JSON with its bytes in base64, streamed: the base64 is encoded straight into the
     * response (no String of the whole image) and the length is known up front (no chunking).
     */
    private static Response base64Answer(ImageContent image) {
        byte[] head = ("{\"success\":\"true\",\"key\":" + Answers.JSON.createValue(image.key())
                        + ",\"contentType\":" + Answers.JSON.createValue(image.contentType())
                        + ",\"cached\":" + image.fromCache() + ",\"content\":\"")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
        StreamingOutput body = out -> {
            try (image) {
                out.write(head);
                try (OutputStream base64 = new Base64BlockOutputStream(out)) {
                    image.writeTo(base64);
                }
                out.write(tail);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE)
                .header(
                        HttpHeaders.CONTENT_LENGTH,
                        head.length + Base64BlockOutputStream.encodedLength(image.length()) + tail.length)
                .build();
    }

    @POST
    @Path("key/{key: .*}")
    @Operation(summary = "The image as JSON, as GET does (the course's method)")
    @APIResponse(
            responseCode = "200",
            description = "the image, its bytes in base64",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Image")))
    @APIResponse(responseCode = "400", ref = BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = NOT_FOUND)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public Response post(@PathParam("key") @Parameter(description = KEY_IN_PATH, required = true) String key) {
        return get(key);
    }

    @AdminOnly
    @DELETE
    @Path("key/{key: .*}")
    @Operation(summary = "Delete an image")
    @SecurityRequirement(name = ADMIN_TOKEN)
    @APIResponse(
            responseCode = "200",
            description = "deleted: the image's row, its memcache entry, and its file once no key uses it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Success")))
    @APIResponse(responseCode = "400", ref = BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = FORBIDDEN)
    @APIResponse(responseCode = "404", ref = NOT_FOUND)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject delete(@PathParam("key") @Parameter(description = KEY_IN_PATH, required = true) String key) {
        images.delete(ImageKey.of(key));
        return Answers.success().build();
    }

    // Every by-key call also takes the key as a query parameter, /api/key?key=..., a convenience
    // for scripts and forms.

    @GET
    @Path("key")
    @Operation(summary = "The image as JSON, the key as a query parameter")
    @APIResponse(
            responseCode = "200",
            description = "the image, its bytes in base64",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Image")))
    @APIResponse(responseCode = "400", ref = BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = NOT_FOUND)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public Response getByQuery(@QueryParam("key") @Parameter(description = KEY_IN_QUERY, required = true) String key) {
        return get(key);
    }

    @POST
    @Path("key")
    @Operation(summary = "The image as JSON, the key as a query parameter")
    @APIResponse(
            responseCode = "200",
            description = "the image, its bytes in base64",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Image")))
    @APIResponse(responseCode = "400", ref = BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = NOT_FOUND)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public Response postByQuery(@QueryParam("key") @Parameter(description = KEY_IN_QUERY, required = true) String key) {
        return get(key);
    }

    @AdminOnly
    @DELETE
    @Path("key")
    @Operation(summary = "Delete an image, the key as a query parameter")
    @SecurityRequirement(name = ADMIN_TOKEN)
    @APIResponse(
            responseCode = "200",
            description = "deleted: the image's row, its memcache entry, and its file once no key uses it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Success")))
    @APIResponse(responseCode = "400", ref = BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = FORBIDDEN)
    @APIResponse(responseCode = "404", ref = NOT_FOUND)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject deleteByQuery(
            @QueryParam("key") @Parameter(description = KEY_IN_QUERY, required = true) String key) {
        return delete(key);
    }

    @GET
    @Path("list_keys")
    @Operation(summary = "Every key")
    @APIResponse(
            responseCode = "200",
            description = "every key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Keys")))
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject listKeys() {
        JsonArrayBuilder keys = Json.createArrayBuilder();
        images.keys().forEach(keys::add);
        return Answers.success().add("keys", keys).build();
    }

    @POST
    @Path("list_keys")
    @Operation(summary = "Every key, as GET gives them (the course's method)")
    @APIResponse(
            responseCode = "200",
            description = "every key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Keys")))
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject listKeysPost() {
        return listKeys();
    }

    @AdminOnly
    @POST
    @Path("delete_all")
    @Operation(summary = "Delete every image, row and memcache entry")
    @SecurityRequirement(name = ADMIN_TOKEN)
    @APIResponse(
            responseCode = "200",
            description = "every image deleted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Success")))
    @APIResponse(responseCode = "401", ref = UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = FORBIDDEN)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject deleteAll() {
        images.deleteAll();
        return Answers.success().build();
    }

    @GET
    @Path("images")
    @Operation(summary = "Every image with its stored path, size, type, width, height and upload time")
    @APIResponse(
            responseCode = "200",
            description = "every image",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Images")))
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject list() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (StoredImage image : images.list()) {
            list.add(Json.createObjectBuilder()
                    .add("key", image.key())
                    .add("path", image.path())
                    .add("bytes", image.bytes())
                    .add("contentType", image.contentType())
                    .add("width", number(image.width()))
                    .add("height", number(image.height()))
                    .add("updatedAt", image.updatedAt().toString()));
        }
        return Answers.success().add("images", list).build();
    }

    /** Null until the start-up pass has read the header of an image stored before sizes were kept. */
    private static JsonValue number(Integer value) {
        return value == null ? JsonValue.NULL : Json.createValue(value);
    }

    /**
     * The find box's completions: at most {@code limit} (1 to 10, default 10) keys that start with
     * {@code prefix}, ignoring case, in order.
     */
    @GET
    @Path("suggest")
    @Operation(summary = "Up to limit keys that start with prefix, ignoring case (the find box's completions)")
    @APIResponse(
            responseCode = "200",
            description = "the keys, in order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Keys")))
    @APIResponse(
            responseCode = "400",
            description = "no prefix, or a limit outside 1..10",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject suggest(
            @QueryParam("prefix")
                    @Parameter(description = "the start of a key; % and _ are taken literally", required = true)
                    String prefix,
            @QueryParam("limit")
                    @DefaultValue("10")
                    @Parameter(description = "how many keys at most", schema = @Schema(ref = "SuggestLimit"))
                    int limit) {
        if (prefix == null || prefix.isEmpty()) {
            throw ImageCacheException.invalid("Missing prefix: type the start of a key");
        }
        if (limit < 1 || limit > KeySuggestions.MAX) {
            throw ImageCacheException.invalid("limit must be between 1 and " + KeySuggestions.MAX);
        }
        JsonArrayBuilder keys = Json.createArrayBuilder();
        images.keysStartingWith(prefix, limit).forEach(keys::add);
        return Answers.success().add("keys", keys).build();
    }
}
