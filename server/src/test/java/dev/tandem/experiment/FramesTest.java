package dev.tandem.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void theDemoDurationsAreOneToSixteenFramesAtSixtyHertz() {
        assertEquals(1, Frames.presentationFrames(17, 60));
        assertEquals(2, Frames.presentationFrames(33, 60));
        assertEquals(4, Frames.presentationFrames(67, 60));
        assertEquals(8, Frames.presentationFrames(133, 60));
        assertEquals(16, Frames.presentationFrames(267, 60));
    }

    @Test
    void framesFollowTheMeasuredRefreshRate() {
        assertEquals(1, Frames.presentationFrames(8, 120));
        assertEquals(2, Frames.presentationFrames(17, 120));
        assertEquals(4, Frames.presentationFrames(33, 120));
        assertEquals(2, Frames.presentationFrames(17, 144));
        assertEquals(5, Frames.presentationFrames(33, 144));
    }

    @Test
    void aStimulusIsShownForAtLeastOneFrameButABlankMayBeEmpty() {
        assertEquals(1, Frames.presentationFrames(3, 60));
        assertEquals(0, Frames.frames(0, 60));
        assertEquals(0, Frames.frames(3, 60));
    }
}
