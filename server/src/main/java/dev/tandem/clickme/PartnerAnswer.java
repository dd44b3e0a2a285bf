package dev.tandem.clickme;

import java.util.List;
import java.util.Map;

/**
 * The partner's guess from the reveals so far.
 *
 * @param topK the k most probable categories, best first
 * @param correct whether the true category is among them (the round is won)
 * @param elapsedMs client time of the last reveal the query includes; points are computed from it
 * @param points (1 − elapsedMs / limit) × 100 when correct, else 0
 * @param matchesDisplay whether the server's composition has the checksum the client displayed
 */
public record PartnerAnswer(String queryId, int trialIndex, int revealCount, List<String> topK,
                            Map<String, Double> probabilities, boolean correct, double elapsedMs, double points,
                            double latencyMs, Boolean matchesDisplay) {}
