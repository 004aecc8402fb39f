package imagecache.cache;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The cache WAR's package rules, as each {@code package-info} states them: who may use each
 * package (the layers below, one line each), and what a package must not know. A new package gets
 * a layer here and a sentence in its {@code package-info}.
 */
@AnalyzeClasses(packages = ArchitectureTest.CORE, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The memcache itself; its adapters are the packages below it. */
    static final String CORE = "imagecache.cache";

    static final String API = CORE + ".api";
    static final String SERVICE = CORE + ".service";
    static final String STORE = CORE + ".store";
    static final String GRID = CORE + ".grid";

    /** The memcache's wire contract, shared with the front end. */
    static final String PROTOCOL = "imagecache.memcache.protocol..";
    /** The database bootstrap, shared with the front end. */
    static final String DB = "imagecache.db..";

    /** HTTP's types: the servlet API and JAX-RS. */
    private static final String[] HTTP = {"jakarta.servlet..", "jakarta.ws.rs.."};

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage("imagecache..")
            .withOptionalLayers(true)
            .layer("core")
            .definedBy(CORE)
            .layer("api")
            .definedBy(API)
            .layer("grid")
            .definedBy(GRID)
            .layer("service")
            .definedBy(SERVICE)
            .layer("store")
            .definedBy(STORE)
            .layer("protocol")
            .definedBy(PROTOCOL)
            .layer("db")
            .definedBy(DB)
            // only the front end's client calls the API, and the grid is started by the container
            .whereLayer("api")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("grid")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("service")
            .mayOnlyBeAccessedByLayers("api", "grid")
            .whereLayer("store")
            .mayOnlyBeAccessedByLayers("service")
            // spoken where it is served, and by the core's trace
            .whereLayer("protocol")
            .mayOnlyBeAccessedByLayers("api", "grid", "service", "core")
            // the API answers a failed database with 503
            .whereLayer("db")
            .mayOnlyBeAccessedByLayers("store", "api")
            .because("each package uses only what its package-info names");

    @ArchTest
    static final ArchRule coreIsPlainJava = noClasses()
            .that()
            .resideInAPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta..", "javax..", "com.hazelcast..", "org.eclipse..", "java.sql..")
            .because("the memcache is plain Java, tested without a container");

    @ArchTest
    static final ArchRule serviceAndStoreKnowNoHttp = noClasses()
            .that()
            .resideInAnyPackage(SERVICE, STORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(HTTP)
            .because("HTTP is the API's");

    @ArchTest
    static final ArchRule onlyGridUsesHazelcast = noClasses()
            .that()
            .resideOutsideOfPackage(GRID)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.hazelcast..")
            .because("the grid is the pool's one adapter to Payara's data grid");
}
