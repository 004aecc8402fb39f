package imagecache.cache;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysFalse;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The cache WAR's package rules, as each {@code package-info} states them: which packages of this
 * WAR a package may use (one {@link #mayUse} line each), what it must not know, and who may use the
 * shared jars. A new package gets a line here and a sentence in its {@code package-info}.
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
    static final String PROTOCOL = "imagecache.memcache.protocol";
    /** The database bootstrap, shared with the front end. */
    static final String DB = "imagecache.db";

    /** HTTP's types: the servlet API and JAX-RS. */
    private static final String[] HTTP = {"jakarta.servlet..", "jakarta.ws.rs.."};

    @ArchTest
    static final ArchRule core = mayUse(CORE).because("the memcache is tested fast and alone");

    @ArchTest
    static final ArchRule coreIsPlainJava = noClasses()
            .that()
            .resideInAPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta..", "javax..", "com.hazelcast..", "org.eclipse..", "java.sql..")
            .because("the memcache is plain Java, tested without a container");

    @ArchTest
    static final ArchRule api = mayUse(API, List.of(SERVICE, CORE), alwaysFalse())
            .because("the API decodes requests and calls the service");

    @ArchTest
    static final ArchRule apiIsUsedByNothingHere = noClasses()
            .that()
            .resideOutsideOfPackage(API)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(API)
            .because("only the front end's client calls the API");

    @ArchTest
    static final ArchRule service =
            mayUse(SERVICE, CORE, STORE).because("the service owns the memcache and its tables");

    @ArchTest
    static final ArchRule serviceKnowsNoHttp = noClasses()
            .that()
            .resideInAPackage(SERVICE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(HTTP)
            .because("HTTP is the API's");

    @ArchTest
    static final ArchRule storeKnowsNoHttp = noClasses()
            .that()
            .resideInAPackage(STORE)
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

    @ArchTest
    static final ArchRule protocolUsers = onlyUsedBy(PROTOCOL, API, GRID, SERVICE, CORE)
            .because("the memcache's wire contract is spoken where it is served, and by the core's trace");

    @ArchTest
    static final ArchRule dbUsers =
            onlyUsedBy(DB, STORE, API).because("the store owns the database; the API answers its failures with 503");

    /** Classes of {@code pkg} use no package of this WAR but their own and {@code allowed}. */
    private static ArchRule mayUse(String pkg, String... allowed) {
        return mayUse(pkg, List.of(allowed), alwaysFalse());
    }

    /** As {@link #mayUse(String, String...)}, and also the classes {@code besides}. */
    private static ArchRule mayUse(String pkg, List<String> allowed, DescribedPredicate<? super JavaClass> besides) {
        String[] own = Stream.concat(Stream.of(pkg), allowed.stream()).toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage(pkg)
                .should()
                .dependOnClassesThat(resideInAPackage(CORE + "..")
                        .and(not(resideInAnyPackage(own)))
                        .and(not(besides)))
                .as(name(pkg) + " uses "
                        + (allowed.isEmpty()
                                ? "no other package"
                                : allowed.stream().map(ArchitectureTest::name).collect(Collectors.joining(", "))
                                        + " only"));
    }

    /** No class outside {@code users} (and {@code pkg} itself) uses {@code pkg}, which may have no classes yet. */
    private static ArchRule onlyUsedBy(String pkg, String... users) {
        return noClasses()
                .that()
                .resideOutsideOfPackages(
                        Stream.concat(Stream.of(pkg + ".."), Stream.of(users)).toArray(String[]::new))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(pkg + "..")
                .allowEmptyShould(true)
                .as(pkg + " is used by "
                        + Stream.of(users).map(ArchitectureTest::name).collect(Collectors.joining(", ")) + " only");
    }

    private static String name(String pkg) {
        return pkg.equals(CORE)
                ? "the memcache core"
                : pkg.startsWith(CORE + ".") ? pkg.substring(CORE.length() + 1) : pkg;
    }
}
