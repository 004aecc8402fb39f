package imagecache.frontend.web;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.service.AdminAccess;
import jakarta.enterprise.context.SessionScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.function.Supplier;

/** The pages' sign-in for admin actions, needed only while ADMIN_TOKEN is set. */
@Named
@SessionScoped
public class AdminSession implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    AdminAccess admin;

    private boolean signedIn;
    private String token;

    public boolean isRequired() {
        return admin.required();
    }

    public boolean isSignedIn() {
        return signedIn;
    }

    /** Whether admin actions may run now; if not, the page says why. */
    boolean mayAdminister() {
        if (!admin.required() || signedIn) {
            return true;
        }
        Messages.error("Sign in as admin to do this.");
        return false;
    }

    /**
     * Runs an admin action if it may run now and puts its outcome on the page: the message the action
     * returns, or the failure's message after {@code failurePrefix}.
     */
    void administer(String failurePrefix, Supplier<String> action) {
        if (!mayAdminister()) {
            return;
        }
        try {
            Messages.info(action.get());
        } catch (ImageCacheException e) {
            Messages.error(failurePrefix + e.getMessage());
        }
    }

    public void signIn() {
        if (admin.accepts(token)) {
            signedIn = true;
            // a new session id, so that one fixed before sign-in is worth nothing
            ((HttpServletRequest) FacesContext.getCurrentInstance()
                            .getExternalContext()
                            .getRequest())
                    .changeSessionId();
            Messages.info("Signed in as admin.");
        } else {
            Messages.error("That is not the admin token.");
        }
        token = null;
    }

    public void signOut() {
        signedIn = false;
        Messages.info("Signed out.");
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }
}
