package imagecache.frontend.service;

/** How many keys the find box is offered as it completes a key, on the page and in the API alike. */
public final class KeySuggestions {

    /** The most completions the find box shows. */
    public static final int MAX = 10;

    private KeySuggestions() {}
}
