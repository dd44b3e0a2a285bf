package dev.tandem.analysis.mvh;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MvhImageIdTest {

    @Test
    void anImageNetNameKeepsItsSynsetAndNumber() {
        assertEquals("n02951358_5952.JPEG", MvhImageId.of("0000_cl_s01_bw_boat_40_n02951358_5952.JPEG"));
    }

    @Test
    void anyOtherPrefixedNameKeepsOnlyItsLastPart() {
        assertEquals("bird3-bird2.png", MvhImageId.of("0001_s5n_s01_0_bird_00_bird3-bird2.png"));
        assertEquals("boat-0068-sketch-23.png", MvhImageId.of("0001_ske_s01_0_boat_00_boat-0068-sketch-23.png"));
    }

    @Test
    void aNameWithoutUnderscoreIsItsOwnId() {
        assertEquals("airplane1-bicycle2.png", MvhImageId.of("airplane1-bicycle2.png"));
    }

    @Test
    void aHumanAndAModelNameOfTheSameImageGiveTheSameId() {
        assertEquals(MvhImageId.of("airplane1.png"), MvhImageId.of("0002_edg_s01_0_airplane_00_airplane1.png"));
    }
}
