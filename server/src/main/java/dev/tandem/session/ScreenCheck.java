package dev.tandem.session;

import java.util.List;

/** The screen as measured in the participant's browser before the first trial. */
public record ScreenCheck(Double refreshHz, List<Double> frameIntervalsMs, Integer windowWidth, Integer windowHeight,
                          Integer screenWidth, Integer screenHeight, Double devicePixelRatio, Boolean fullscreen) {}
