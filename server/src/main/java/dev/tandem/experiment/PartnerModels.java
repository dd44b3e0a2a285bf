package dev.tandem.experiment;

/**
 * Whether a ClickMe partner model can be opened for a stimulus set: an experiment whose partner
 * is missing is refused when it is published (issue 12), instead of failing its participants.
 */
@FunctionalInterface
public interface PartnerModels {

    boolean available(String stimulusSet, String model);
}
