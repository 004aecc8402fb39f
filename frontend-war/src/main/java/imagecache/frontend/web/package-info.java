/**
 * The Faces pages' CDI beans: upload form, image view, key list, memcache view and settings, the
 * admin sign-in, security headers. Thin: they call {@code service} and show its answers.
 */
package imagecache.frontend.web;
