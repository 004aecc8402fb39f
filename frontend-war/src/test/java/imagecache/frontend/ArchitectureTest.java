package imagecache.frontend;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysFalse;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import imagecache.frontend.cacheclient.MemcacheStats;
import imagecache.memcache.protocol.EntryKeys;
import imagecache.memcache.protocol.MemcacheProtocol;
import imagecache.memcache.protocol.TraceKeys;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The front end's package rules, as each {@code package-info} states them: which packages of this
 * WAR a package may use (one {@link #mayUse} line each), what it must not know, and who may use the
 * shared jars. A new package gets a line here and a sentence in its {@code package-info}.
 */
@AnalyzeClasses(packages = ArchitectureTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String ROOT = "imagecache.frontend";
    static final String WEB = ROOT + ".web";
    static final String API = ROOT + ".api";
    static final String HEALTH = ROOT + ".health";
    static final String SERVICE = ROOT + ".service";
    static final String CACHECLIENT = ROOT + ".cacheclient";
    static final String STORE = ROOT + ".store";
    static final String PROVISION = ROOT + ".provision";
    static final String DOMAIN = ROOT + ".domain";

    /** The memcache's wire contract, shared with the cache WAR. */
    static final String PROTOCOL = "imagecache.memcache.protocol";
    /** The database bootstrap, shared with the cache WAR. */
    static final String DB = "imagecache.db";

    /**
     * The memcache's statistics as {@code MemcacheAdmin} answers them (the pool's sums of the
     * contract's records), which the memcache page and the cache API show as they are.
     */
    private static final DescribedPredicate<JavaClass> MEMCACHE_ANSWERS = belongToAnyOf(MemcacheStats.class);

    /** The wire itself: paths, headers, key encodings. */
    private static final DescribedPredicate<JavaClass> WIRE =
            belongToAnyOf(MemcacheProtocol.class, EntryKeys.class, TraceKeys.class);

    @ArchTest
    static final ArchRule web = mayUse(WEB, List.of(SERVICE, DOMAIN), MEMCACHE_ANSWERS)
            .because("pages call the service and show its answers");

    @ArchTest
    static final ArchRule api = mayUse(API, List.of(SERVICE, DOMAIN), MEMCACHE_ANSWERS)
            .because("the API turns requests into service calls");

    @ArchTest
    static final ArchRule health = mayUse(HEALTH, STORE, SERVICE, CACHECLIENT, DOMAIN)
            .because("health checks read the state of the store, the service and the memcache");

    @ArchTest
    static final ArchRule service = mayUse(SERVICE, STORE, CACHECLIENT, PROVISION, DOMAIN)
            .because("the service combines the store, the cache client and the provisioner");

    @ArchTest
    static final ArchRule serviceKnowsNoHttpNorPages = noClasses()
            .that()
            .resideInAPackage(SERVICE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta.servlet..", "jakarta.ws.rs..", "jakarta.faces..", "org.primefaces..")
            .because("pages and API use the same service");

    @ArchTest
    static final ArchRule cacheclient = mayUse(CACHECLIENT, DOMAIN).because("it is an adapter");

    @ArchTest
    static final ArchRule onlyCacheclientCallsTheCacheWar = noClasses()
            .that()
            .resideOutsideOfPackage(CACHECLIENT)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("jakarta.ws.rs.client..")
            .because("the cache client is the one adapter to the cache WAR");

    @ArchTest
    static final ArchRule provision = mayUse(PROVISION, DOMAIN).because("it is an adapter");

    @ArchTest
    static final ArchRule store = mayUse(STORE, DOMAIN).because("storage knows rows and files, not their use");

    @ArchTest
    static final ArchRule domain = mayUse(DOMAIN).because("every other package uses the domain");

    @ArchTest
    static final ArchRule domainIsPlainJava = noClasses()
            .that()
            .resideInAPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "jakarta..", "com.hazelcast..", "org.eclipse..", "org.primefaces..", "software.amazon..")
            .because("the domain is plain Java");

    @ArchTest
    static final ArchRule protocolUsers = onlyUsedBy(PROTOCOL, CACHECLIENT, SERVICE, WEB, API, HEALTH, STORE)
            .because("the memcache's configuration and figures are the contract's records, and the store"
                    + " appends to the pool's write log");

    @ArchTest
    static final ArchRule wireUsers = noClasses()
            .that()
            .resideOutsideOfPackage(CACHECLIENT)
            .should()
            .dependOnClassesThat(WIRE)
            .because("the cache client is the one adapter to the cache WAR");

    @ArchTest
    static final ArchRule dbUsers = onlyUsedBy(DB, STORE, DOMAIN)
            .because("the store owns the database; the domain's cause walk is the shared one");

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
                .dependOnClassesThat(resideInAPackage(ROOT + "..")
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
        return pkg.startsWith(ROOT + ".") ? pkg.substring(ROOT.length() + 1) : pkg;
    }
}
