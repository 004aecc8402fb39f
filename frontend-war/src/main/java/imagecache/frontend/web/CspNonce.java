package imagecache.frontend.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import org.primefaces.context.PrimeFacesContext;

/**
 * The view's PrimeFaces CSP nonce, sent back by every form in a hidden {@code primefaces.nonce}
 * field. PrimeFaces refuses to render the answer to a postback that does not carry it; its script
 * adds the field to each form, so without JavaScript a form's action ran and then the page failed
 * (500). With the field rendered here the script finds it and leaves it as it is.
 */
@Named
@RequestScoped
public class CspNonce {

    /** The name PrimeFaces reads the nonce of a postback from. */
    public static final String FIELD = "primefaces.nonce";

    public String getValue() {
        return PrimeFacesContext.getCspState(FacesContext.getCurrentInstance()).getNonce();
    }
}
