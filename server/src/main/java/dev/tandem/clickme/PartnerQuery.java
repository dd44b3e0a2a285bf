package dev.tandem.clickme;

import java.util.List;

/**
 * A partner query as the browser sends it: every reveal of the round so far, in order, and the
 * FNV-1a checksum of the grey pixels it displays (optional).
 */
public record PartnerQuery(String queryId, Integer trialIndex, List<RevealDto> reveals, Long displayChecksum) {

    public record RevealDto(Integer x, Integer y, Integer size, Double t) {}
}
