package io.posttrain4j.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The direction of dependencies between the modules (docs/ARCHITECTURE.md), checked on the compiled classes of
 * every module this one sees: the SPI and the environments know nothing of DJL or the trainers, the trainers know
 * no environment, only the autograd facade touches DJL's PyTorch classes, and no package depends on itself
 * through others.
 */
class ArchitectureTest {
    private static final String[] SPI = {"io.posttrain4j.core.env..", "io.posttrain4j.core.verify..",
        "io.posttrain4j.core.policy..", "io.posttrain4j.core.spi..", "io.posttrain4j.core.image..",
        "io.posttrain4j.core.io..", "io.posttrain4j.core.rollout.."};
    private static final String[] ENVIRONMENTS = {"io.posttrain4j.generalpoints..", "io.posttrain4j.virl.."};
    private static final String[] TRAINERS = {"io.posttrain4j.sft..", "io.posttrain4j.ppo.."};
    private static final String[] DJL_SIDE = {"io.posttrain4j.core.model..", "io.posttrain4j.core.train..",
        "io.posttrain4j.core.tensor.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // the modules' test fixtures
                .importPackages("io.posttrain4j");
    }

    @Test
    void theSpiUsesNeitherDjlNorTheDjlSide() {
        noClasses().that().resideInAnyPackage(SPI).should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
                .orShould().dependOnClassesThat().resideInAnyPackage(DJL_SIDE)
                .orShould().dependOnClassesThat().resideInAnyPackage(TRAINERS).check(classes);
    }

    @Test
    void environmentsDependOnTheSpiOnly() {
        noClasses().that().resideInAnyPackage(ENVIRONMENTS).should().dependOnClassesThat()
                .resideInAnyPackage("ai.djl..").orShould().dependOnClassesThat().resideInAnyPackage(DJL_SIDE)
                .orShould().dependOnClassesThat().resideInAnyPackage(TRAINERS).check(classes);
    }

    @Test
    void trainersKnowNoEnvironmentAndNoApplication() {
        noClasses().that().resideInAnyPackage(TRAINERS).should().dependOnClassesThat()
                .resideInAnyPackage(ENVIRONMENTS).orShould().dependOnClassesThat()
                .resideInAnyPackage("io.posttrain4j.cli..", "io.posttrain4j.reproduce..", "io.posttrain4j.examples..")
                .check(classes);
    }

    @Test
    void onlyTheAutogradFacadeTouchesThePyTorchEngine() {
        noClasses().that().resideOutsideOfPackage("io.posttrain4j.core.tensor..").should().dependOnClassesThat()
                .resideInAnyPackage("ai.djl.pytorch..").check(classes);
    }

    @Test
    void onlyTheSparkModuleTouchesSparkAndNothingButTheApplicationNeedsIt() {
        noClasses().that().resideOutsideOfPackage("io.posttrain4j.spark..").should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.spark..", "scala..").check(classes);
        noClasses().that().resideInAnyPackage(SPI).or().resideInAnyPackage(TRAINERS).or()
                .resideInAnyPackage(DJL_SIDE).or().resideInAnyPackage(ENVIRONMENTS).should().dependOnClassesThat()
                .resideInAnyPackage("io.posttrain4j.spark..").check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.posttrain4j.(**)").should().beFreeOfCycles().check(classes);
    }
}
