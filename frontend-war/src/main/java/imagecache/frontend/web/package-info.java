/**
 * The Faces pages' CDI beans: upload form, find box, image view, key list (table or gallery),
 * memcache view and settings, the pool manager page, the admin sign-in, security headers. Thin: they call {@code service} and show its answers.
 */
package imagecache.frontend.web;
