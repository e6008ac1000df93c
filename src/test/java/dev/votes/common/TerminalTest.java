package dev.votes.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Colour only on a terminal, and never with a non-empty NO_COLOR (https://no-color.org). */
class TerminalTest {

    @Test
    void colourOnlyOnATerminalWithoutNoColor() {
        assertTrue(Terminal.colour(Map.of(), true));
        assertTrue(Terminal.colour(Map.of("NO_COLOR", ""), true), "an empty NO_COLOR does not disable colour");
        assertFalse(Terminal.colour(Map.of("NO_COLOR", "1"), true));
        assertFalse(Terminal.colour(Map.of("NO_COLOR", "no"), true), "any non-empty value disables colour");
        assertFalse(Terminal.colour(Map.of(), false));
    }
}
