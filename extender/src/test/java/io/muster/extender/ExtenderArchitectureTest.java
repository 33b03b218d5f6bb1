package io.muster.extender;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Where library types may appear in the extender (STYLE.md 2.4). */
@AnalyzeClasses(
    packages = "io.muster.extender",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ExtenderArchitectureTest {

  @ArchTest
  static final ArchRule vertxOnlyAtTheHttpEdges =
      noClasses()
          .that()
          // the verbs' server (http) and the API client's transport (tls)
          .resideOutsideOfPackages("..extender.http..", "..extender.tls..")
          .and()
          .doNotHaveSimpleName("ExtenderMain")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.vertx..");

  @ArchTest
  static final ArchRule fabric8AtTheEdge =
      noClasses()
          .that()
          .resideInAnyPackage("..extender.metrics..", "..extender.config..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.fabric8..");

  @ArchTest
  static final ArchRule apiIsPlainJavaPlusThePodModel =
      noClasses()
          .that()
          .resideInAPackage("..extender.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.vertx..",
              "com.fasterxml.jackson..",
              "io.micrometer..",
              "io.fabric8.kubernetes.client..",
              "com.github.benmanes.caffeine..");

  @ArchTest
  static final ArchRule httpNeitherMeasuresNorCallsTheApiServer =
      noClasses()
          .that()
          .resideInAPackage("..extender.http..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.micrometer..", "io.fabric8.kubernetes.client..");

  @ArchTest
  static final ArchRule noJsonInConfigOrMetrics =
      noClasses()
          .that()
          .resideInAnyPackage("..extender.config..", "..extender.metrics..", "..extender.api..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.fasterxml.jackson..");

  @ArchTest
  static final ArchRule noCycles =
      slices().matching("io.muster.extender.(*)..").should().beFreeOfCycles();
}
