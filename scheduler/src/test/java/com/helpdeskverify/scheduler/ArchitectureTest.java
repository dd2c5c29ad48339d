package com.helpdeskverify.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependencies point inward (STYLE.md): adapters depend on core, never on each other or back. */
class ArchitectureTest {
  private static final JavaClasses PRODUCT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.helpdeskverify");

  @Test
  void rulesSeeTheClassesOfEveryModule() {
    org.assertj.core.api.Assertions.assertThat(
            PRODUCT.containPackage("com.helpdeskverify.core.workflow"))
        .isTrue();
    org.assertj.core.api.Assertions.assertThat(
            PRODUCT.containPackage("com.helpdeskverify.scheduler"))
        .isTrue();
    org.assertj.core.api.Assertions.assertThat(PRODUCT.containPackage("com.helpdeskverify.testkit"))
        .isTrue();
  }

  /**
   * The testkit's fakes are test scope everywhere; a production class that used one would compile
   * only while the testkit happened to be on its classpath, and would ship a test double.
   */
  @Test
  void noProductionClassDependsOnTheTestkit() {
    noClasses()
        .that()
        .resideOutsideOfPackage("com.helpdeskverify.testkit..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.helpdeskverify.testkit..")
        .check(PRODUCT);
  }

  /** The simulators stand for the vendors' APIs: they speak HTTP and know none of the service. */
  @Test
  void simulatorsKnowNothingOfTheService() {
    noClasses()
        .that()
        .resideInAPackage("com.helpdeskverify.simulators..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.helpdeskverify.core..",
            "com.helpdeskverify.http..",
            "com.helpdeskverify.jira..",
            "com.helpdeskverify.servicenow..",
            "com.helpdeskverify.providers..",
            "com.helpdeskverify.scheduler..",
            "com.helpdeskverify.testkit..")
        .check(PRODUCT);
  }

  @Test
  void coreKnowsNoAdapterNoHttpAndNoScheduler() {
    noClasses()
        .that()
        .resideInAPackage("com.helpdeskverify.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.helpdeskverify.jira..",
            "com.helpdeskverify.servicenow..",
            "com.helpdeskverify.providers..",
            "com.helpdeskverify.llm..",
            "com.helpdeskverify.scheduler..",
            "com.helpdeskverify.http..",
            "com.helpdeskverify.simulators..",
            "org.quartz..",
            "okhttp3..",
            "retrofit2..",
            "java.net.http..",
            "com.microsoft.graph..")
        .check(PRODUCT);
  }

  @Test
  void jiraAdapterDependsOnlyOnCore() {
    adapterIsolated("com.helpdeskverify.jira..");
  }

  @Test
  void serviceNowAdapterDependsOnlyOnCore() {
    adapterIsolated("com.helpdeskverify.servicenow..");
  }

  @Test
  void providersDependOnlyOnCore() {
    adapterIsolated("com.helpdeskverify.providers..");
  }

  @Test
  void llmStageDependsOnlyOnCoreAndHttpSupport() {
    adapterIsolated("com.helpdeskverify.llm..");
  }

  @Test
  void sharedHttpSupportKnowsNoAdapter() {
    adapterIsolated("com.helpdeskverify.http..");
  }

  /**
   * Every top-level package is a slice: an adapter added under a new package is held apart from the
   * others without editing this rule. Core and the shared HTTP support are what slices share; the
   * scheduler assembles them all.
   */
  @Test
  void slicesOtherThanCoreAndHttpSupportAreFreeOfEachOther() {
    slices()
        .matching("com.helpdeskverify.(*)..")
        .should()
        .notDependOnEachOther()
        .ignoreDependency(
            JavaClass.Predicates.resideInAPackage("com.helpdeskverify.scheduler.."),
            DescribedPredicate.alwaysTrue())
        .ignoreDependency(
            DescribedPredicate.alwaysTrue(),
            JavaClass.Predicates.resideInAnyPackage(
                "com.helpdeskverify.core..", "com.helpdeskverify.http.."))
        .check(PRODUCT);
  }

  /** The endpoint sees the service through {@code EndpointTarget}, as the jobs through theirs. */
  @Test
  void theEndpointKnowsOnlyItsTarget() {
    noClasses()
        .that()
        .resideInAPackage("com.helpdeskverify.scheduler.http..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("com.helpdeskverify.scheduler.ConnectorService")
        .check(PRODUCT);
  }

  @Test
  void onlyTheSchedulerKnowsQuartz() {
    noClasses()
        .that()
        .resideOutsideOfPackage("com.helpdeskverify.scheduler..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.quartz..")
        .check(PRODUCT);
  }

  /**
   * The JDK reads the no-delay setting once, when its first server is made, so a server made
   * anywhere else first would leave every later one, ours too, waiting on delayed ACKs.
   */
  @Test
  void jdkHttpServersAreMadeOnlyThroughHttpServers() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("com.helpdeskverify.simulators.HttpServers")
        .should()
        .callMethodWhere(
            JavaCall.Predicates.target(
                    HasOwner.Predicates.With.owner(
                        JavaClass.Predicates.assignableTo(com.sun.net.httpserver.HttpServer.class)))
                .and(JavaCall.Predicates.target(HasName.Predicates.name("create"))))
        .check(PRODUCT);
  }

  private static void adapterIsolated(String adapter) {
    String[] others =
        java.util.stream.Stream.of(
                "com.helpdeskverify.jira..",
                "com.helpdeskverify.servicenow..",
                "com.helpdeskverify.providers..",
                "com.helpdeskverify.llm..",
                "com.helpdeskverify.scheduler..",
                "com.helpdeskverify.simulators..")
            .filter(p -> !p.equals(adapter))
            .toArray(String[]::new);
    noClasses()
        .that()
        .resideInAPackage(adapter)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others)
        .allowEmptyShould(true)
        .check(PRODUCT);
  }
}
