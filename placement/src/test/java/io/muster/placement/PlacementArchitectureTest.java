package io.muster.placement;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** placement is pure Java: only the JDK and itself, no package cycles, no clock reads. */
@AnalyzeClasses(
    packages = "io.muster.placement",
    importOptions = ImportOption.DoNotIncludeTests.class)
class PlacementArchitectureTest {
  @ArchTest
  static final ArchRule pureJava =
      classes()
          .that()
          .resideInAPackage("io.muster.placement..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("io.muster.placement..", "java..");

  @ArchTest
  static final ArchRule noCycles =
      slices().matching("io.muster.placement.(*)..").should().beFreeOfCycles();

  /** The root package is the vocabulary: it must not reach into the implementations. */
  @ArchTest
  static final ArchRule vocabularyDependsOnNoImplementation =
      noClasses()
          .that()
          .resideInAPackage("io.muster.placement")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.muster.placement.strategy..", "io.muster.placement.ledger..");

  @ArchTest
  static final ArchRule noClockReads =
      noClasses()
          .should()
          .callMethod(java.time.Instant.class, "now")
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(System.class, "nanoTime")
          .orShould()
          .dependOnClassesThat()
          .areAssignableTo(java.time.Clock.class);

  @ArchTest
  static final ArchRule noIo =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.io..", "java.nio..", "java.net..")
          .because("placement decides; the extender does I/O");
}
