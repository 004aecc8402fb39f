package imagecache.frontend.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may change the memcache and delete images: anyone while ADMIN_TOKEN is unset, else only a
 * client presenting that token (API: a bearer token; pages: a sign-in).
 */
@ApplicationScoped
public class AdminAccess {

    @Inject
    @ConfigProperty(name = "admin.token")
    Optional<String> token;

    public boolean required() {
        return token.filter(t -> !t.isBlank()).isPresent();
    }

    /** Whether {@code presented} is the admin token, compared in constant time. */
    public boolean accepts(String presented) {
        if (!required()) {
            return true;
        }
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(
                token.get().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
