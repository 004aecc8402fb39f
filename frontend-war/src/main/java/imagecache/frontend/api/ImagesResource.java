package imagecache.frontend.api;

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

/** Upload, read, list and delete images by key. A key may be empty or hold '/' in the path only to be refused with 400. */
@ApplicationScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {

    @Inject
    ImageService images;

    @POST
    @Path("upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @UploadLimited
    public JsonObject upload(@FormParam("key") EntityPart key, @FormParam("file") EntityPart file) throws Exception {
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
    public Response get(@PathParam("key") String key) {
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
    public Response post(@PathParam("key") String key) {
        return get(key);
    }

    @AdminOnly
    @DELETE
    @Path("key/{key: .*}")
    public JsonObject delete(@PathParam("key") String key) {
        images.delete(ImageKey.of(key));
        return Answers.success().build();
    }

    // Every by-key call also takes the key as a query parameter, /api/key?key=..., a convenience
    // for scripts and forms.

    @GET
    @Path("key")
    public Response getByQuery(@QueryParam("key") String key) {
        return get(key);
    }

    @POST
    @Path("key")
    public Response postByQuery(@QueryParam("key") String key) {
        return get(key);
    }

    @AdminOnly
    @DELETE
    @Path("key")
    public JsonObject deleteByQuery(@QueryParam("key") String key) {
        return delete(key);
    }

    @GET
    @Path("list_keys")
    public JsonObject listKeys() {
        JsonArrayBuilder keys = Json.createArrayBuilder();
        images.keys().forEach(keys::add);
        return Answers.success().add("keys", keys).build();
    }

    @POST
    @Path("list_keys")
    public JsonObject listKeysPost() {
        return listKeys();
    }

    @AdminOnly
    @POST
    @Path("delete_all")
    public JsonObject deleteAll() {
        images.deleteAll();
        return Answers.success().build();
    }

    @GET
    @Path("images")
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
    public JsonObject suggest(@QueryParam("prefix") String prefix, @QueryParam("limit") @DefaultValue("10") int limit) {
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
